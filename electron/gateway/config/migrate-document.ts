import { isScalar, type Document, type Pair, type YAMLMap } from 'yaml';
import { sectionsOf } from './seed-dialect.js';
import { mergeIntoDocument } from './yaml-merge.js';

const keyOf = (pair: Pair) => String(isScalar(pair.key) ? pair.key.value : pair.key);

/**
 * Brings a 1.x file's YAML to its native `document` in place: what stayed keeps its comments
 * and layout, a new section takes the place (and the comment above) of the 1.x key it came
 * from, and top-level keys follow the document's order.
 */
export function migrateDocument(yaml: Document, document: Record<string, unknown>): void {
  const before = new Map<string, { comment?: string | null; space?: boolean }>();
  for (const pair of (yaml.contents as YAMLMap | null)?.items ?? []) {
    const key = pair.key as { commentBefore?: string | null; spaceBefore?: boolean } | null;
    before.set(keyOf(pair), { comment: key?.commentBefore, space: key?.spaceBefore });
  }
  mergeIntoDocument(yaml, document);
  const map = yaml.contents as YAMLMap | null;
  if (!map) return;
  const order = Object.keys(document);
  map.items.sort((a, b) => order.indexOf(keyOf(a)) - order.indexOf(keyOf(b)));
  for (const [written, layout] of before) {
    if (!layout.comment && !layout.space) continue;
    const heir = sectionsOf(written).find((section) => section !== written && map.items.some((pair) => keyOf(pair) === section));
    const pair = heir ? map.items.find((item) => keyOf(item) === heir) : undefined;
    const key = pair?.key as { commentBefore?: string | null; spaceBefore?: boolean } | undefined;
    if (!key || key.commentBefore) continue;
    key.commentBefore = layout.comment;
    key.spaceBefore = layout.space;
  }
}
