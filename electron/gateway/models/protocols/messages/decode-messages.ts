import type { CanonicalMessage, ContentPart } from '../../canonical.js';
import { badRequest } from '../../../http/http-error.js';
import { serverBlockTypes, type ContentBlockParam, type MessageParam, type ToolResultContent } from './schema.js';

type Block = ContentBlockParam;
type ImagePart = Extract<ContentPart, { type: 'image' }>;

const serverTypes: ReadonlySet<string> = new Set(serverBlockTypes);

export function decodeMessages(messages: MessageParam[]): CanonicalMessage[] {
  const out: CanonicalMessage[] = [];
  messages.forEach((message, i) => {
    const blocks: Block[] = typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : message.content;
    if (message.role === 'assistant') pushNonEmpty(out, 'assistant', blocks.flatMap((block, j) => assistantPart(block, `messages.${i}.content.${j}`)));
    else if (message.role === 'system') pushNonEmpty(out, 'user', [systemTurn(blocks)]);
    else decodeUserTurn(blocks, i, out);
  });
  return out;
}

function pushNonEmpty(out: CanonicalMessage[], role: CanonicalMessage['role'], content: ContentPart[]) {
  if (content.length > 0) out.push({ role, content });
}

function assistantPart(block: Block, path: string): ContentPart[] {
  switch (block.type) {
    case 'text':
      return block.text === '' ? [] : [{ type: 'text', text: block.text }];
    case 'tool_use':
      return [{ type: 'tool_call', id: block.id, name: block.name, arguments: JSON.stringify(block.input ?? {}) }];
    case 'thinking':
      // Chat providers' reasoning comes back to Claude Code with an empty signature: not a signature.
      return [block.signature ? { type: 'reasoning', text: block.thinking, signature: block.signature } : { type: 'reasoning', text: block.thinking }];
    case 'redacted_thinking':
      return [{ type: 'reasoning', text: '', encrypted: block.data }];
    case 'tool_result':
      throw badRequest(`${path}: tool_result blocks belong in user turns`);
    default:
      return serverTypes.has(block.type) ? [] : userPart(block);
  }
}

// Canonical has no system role inside the conversation; Claude Code's own convention for
// instructions in a user turn keeps the text where it was said.
function systemTurn(blocks: Block[]): ContentPart {
  const text = blocks.map((block) => (block.type === 'text' ? block.text : '')).join('\n');
  return { type: 'text', text: `<system-reminder>\n${text}\n</system-reminder>` };
}

/**
 * A user turn may hold tool results and new input together. Canonical keeps results in
 * `tool` messages, so the turn splits into runs, in order. Images returned by a tool cannot
 * ride in a tool result; they open the user message that follows its run.
 */
function decodeUserTurn(blocks: Block[], index: number, out: CanonicalMessage[]) {
  let run: CanonicalMessage | undefined;
  let toolImages: ImagePart[] = [];
  const flush = () => {
    if (run && run.content.length > 0) out.push(run);
    run = undefined;
  };
  const userRun = (): CanonicalMessage => {
    if (run?.role !== 'user') {
      flush();
      run = { role: 'user', content: toolImages };
      toolImages = [];
    }
    return run;
  };

  blocks.forEach((block, j) => {
    if (block.type === 'tool_result') {
      if (run?.role !== 'tool') {
        flush();
        run = { role: 'tool', content: [] };
      }
      const { text, images } = toolResultContent(block.content);
      run.content.push({ type: 'tool_result', callId: block.tool_use_id, content: text, ...(block.is_error ? { isError: true } : {}) });
      toolImages.push(...images);
    } else if (block.type === 'tool_use' || block.type === 'thinking' || block.type === 'redacted_thinking') {
      throw badRequest(`messages.${index}.content.${j}: ${block.type} blocks belong in assistant turns`);
    } else if (!serverTypes.has(block.type)) {
      userRun().content.push(...userPart(block));
    }
  });
  if (toolImages.length > 0) userRun();
  flush();
}

function userPart(block: Block): ContentPart[] {
  switch (block.type) {
    case 'text':
      return block.text === '' ? [] : [{ type: 'text', text: block.text }];
    case 'image':
      return [imagePart(block.source)];
    case 'document':
      return documentParts(block);
    case 'search_result':
      return [{ type: 'text', text: searchResultText(block) }];
    default:
      return [];
  }
}

type Source = Extract<Block, { type: 'image' }>['source'];

function imagePart(source: Source, fallbackType?: string): ImagePart {
  if (source.type === 'base64') return { type: 'image', data: source.data, mediaType: source.media_type };
  return fallbackType ? { type: 'image', url: source.url, mediaType: fallbackType } : { type: 'image', url: source.url };
}

// A PDF has no canonical part of its own; it travels as binary content with its media type,
// which encodeRequest turns back into a document block.
function documentParts(block: Extract<Block, { type: 'document' }>): ContentPart[] {
  const { source } = block;
  if (source.type === 'base64' || source.type === 'url') return [imagePart(source, 'application/pdf')];
  const title = block.title ? `${block.title}\n\n` : '';
  if (source.type === 'text') return [{ type: 'text', text: title + source.data }];
  const body = typeof source.content === 'string' ? source.content : source.content.map((part) => (typeof part.text === 'string' ? part.text : '')).join('\n');
  return [{ type: 'text', text: title + body }];
}

function searchResultText(block: Extract<Block, { type: 'search_result' }>): string {
  return `${block.title} (${block.source})\n${block.content.map((part) => part.text).join('\n')}`;
}

function toolResultContent(content: ToolResultContent | null | undefined): { text: string; images: ImagePart[] } {
  if (content == null) return { text: '', images: [] };
  if (typeof content === 'string') return { text: content, images: [] };
  const texts: string[] = [];
  const images: ImagePart[] = [];
  for (const block of content) {
    if (block.type === 'text') texts.push(block.text);
    else if (block.type === 'tool_reference') texts.push(`[tool: ${block.tool_name}]`);
    else if (block.type === 'search_result') texts.push(searchResultText(block));
    else if (block.type === 'image') {
      images.push(imagePart(block.source));
      texts.push('[image: attached in the next user message]');
    } else {
      for (const part of documentParts(block)) {
        if (part.type === 'text') texts.push(part.text);
        else if (part.type === 'image') {
          images.push(part);
          texts.push('[document: attached in the next user message]');
        }
      }
    }
  }
  return { text: texts.join('\n'), images };
}
