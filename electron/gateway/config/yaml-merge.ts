import { isDeepStrictEqual } from 'node:util';
import { isMap, isNode, isScalar, isSeq, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';

type Plain = Record<string, unknown>;
const isPlain = (value: unknown): value is Plain => typeof value === 'object' && value !== null && !Array.isArray(value);
const keyOf = (pair: Pair) => String(isScalar(pair.key) ? pair.key.value : pair.key);
const idOf = (value: unknown) => (isPlain(value) && typeof value.id === 'string' ? value.id : undefined);
const nodeIdOf = (node: unknown) => (isMap(node) ? idOf(node.toJSON()) : undefined);

/**
 * Brings a parsed YAML document to `next` by editing its nodes, so that whatever did not
 * change keeps its comments, key order, quoting and flow or block style. List items with an
 * `id` (providers, agents) are matched by id, so a removed or reordered one takes only its
 * own comments with it.
 */
export function mergeIntoDocument(doc: Document, next: Plain): void {
  doc.contents = mergeNode(doc, doc.contents, next) as Document['contents'];
}

/** Padding inside one-line flow collections (`[ a, b ]` or `[a, b]`), as the file mostly has it. */
export function flowPadding(text: string): boolean {
  const padded = text.match(/[[{] \S/g)?.length ?? 0;
  const tight = text.match(/[[{][^\s\]}]/g)?.length ?? 0;
  return padded > tight;
}

function mergeNode(doc: Document, node: unknown, value: unknown): Node {
  if (isNode(node) && isDeepStrictEqual(node.toJS(doc), value)) return node;
  if (isMap(node) && isPlain(value)) return mergeMap(doc, node, value);
  if (isSeq(node) && Array.isArray(value)) return mergeSeq(doc, node, value);
  // Same kind of scalar: change the value, keep the quoting and the comments.
  if (isScalar(node) && typeof node.value === typeof value && !isPlain(value) && !Array.isArray(value)) {
    node.value = value;
    return node;
  }
  const fresh = doc.createNode(value);
  if (isNode(node)) {
    fresh.commentBefore = node.commentBefore;
    fresh.comment = node.comment;
    fresh.spaceBefore = node.spaceBefore;
  }
  return fresh;
}

function mergeMap(doc: Document, map: YAMLMap, value: Plain): YAMLMap {
  map.items = map.items.filter((pair) => value[keyOf(pair)] !== undefined);
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    const pair = map.items.find((entry) => keyOf(entry) === key);
    if (pair) pair.value = mergeNode(doc, pair.value, item);
    else map.items.push(doc.createPair(key, item));
  }
  return map;
}

function mergeSeq(doc: Document, seq: YAMLSeq, value: unknown[]): YAMLSeq {
  const old = [...seq.items];
  // A comment above the first item is parsed as the list's; it belongs to the item, wherever it goes.
  if (seq.commentBefore && isNode(old[0]) && !old[0].commentBefore) {
    old[0].commentBefore = seq.commentBefore;
    seq.commentBefore = undefined;
  }
  const byId = new Map(old.map((node) => [nodeIdOf(node), node] as const).filter(([id]) => id !== undefined));
  const nextIds = new Set(value.map(idOf));
  seq.items = value.map((item, index) => {
    const id = idOf(item);
    // An item whose id is new takes the place of one at its index that is gone (a rename).
    const renamed = old[index] !== undefined && !nextIds.has(nodeIdOf(old[index])) ? old[index] : undefined;
    const match = id === undefined ? old[index] : (byId.get(id) ?? renamed);
    return mergeNode(doc, match, item);
  });
  return seq;
}
