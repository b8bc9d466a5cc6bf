import type { CanonicalMessage, ContentPart, Role } from '../../canonical.js';
import { badRequest } from '../../../http/http-error.js';
import { fromEncryptedContent } from './reasoning-carrier.js';
import {
  customToolCallItem,
  customToolCallOutputItem,
  formatPath,
  functionCallItem,
  functionCallOutputItem,
  imagePart,
  localShellCallItem,
  messageItem,
  parseAt,
  reasoningItem,
  refusalPart,
  textPart,
} from './schema.js';
import type { ToolNameMap } from './tool-names.js';

type Path = ReadonlyArray<PropertyKey>;

export interface DecodedInput {
  /** Texts of system/developer messages, in order. */
  system: string[];
  messages: CanonicalMessage[];
}

export function imageFromUrl(url: string): ContentPart {
  const data = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  return data ? { type: 'image', mediaType: data[1], data: data[2] } : { type: 'image', url };
}

// Assistant-side items (reasoning, message, function_call) of one turn arrive as separate
// items but form one assistant message; consecutive tool outputs likewise form one.
class Conversation {
  readonly system: string[] = [];
  readonly messages: CanonicalMessage[] = [];
  // Images returned by a tool cannot sit in a text tool result; they follow the results.
  private pendingImages: ContentPart[] = [];

  add(role: Role, parts: ContentPart[]): void {
    if (parts.length === 0) return;
    if (role !== 'tool') this.flushImages();
    const last = this.messages.at(-1);
    if (last && role !== 'user' && last.role === role) last.content.push(...parts);
    else this.messages.push({ role, content: parts });
  }

  holdImages(images: ContentPart[]): void {
    this.pendingImages.push(...images);
  }

  finish(): DecodedInput {
    this.flushImages();
    return { system: this.system, messages: this.messages };
  }

  private flushImages(): void {
    if (this.pendingImages.length === 0) return;
    const images = this.pendingImages;
    this.pendingImages = [];
    this.messages.push({ role: 'user', content: images });
  }
}

function messageParts(content: string | Array<{ type: string }>, at: Path): ContentPart[] {
  if (typeof content === 'string') return content ? [{ type: 'text', text: content }] : [];
  return content.flatMap((part, i): ContentPart[] => {
    const where = [...at, i];
    switch (part.type) {
      case 'input_text':
      case 'output_text':
      case 'text':
        return [{ type: 'text', text: parseAt(textPart, part, where).text }];
      case 'refusal':
        return [{ type: 'text', text: parseAt(refusalPart, part, where).refusal }];
      case 'input_image':
        return [imageFromUrl(parseAt(imagePart, part, where).image_url)];
      default:
        throw badRequest(`Invalid Responses request at ${formatPath([...where, 'type'])}: content part "${part.type}" is not supported`);
    }
  });
}

const joinedText = (parts: ContentPart[]) =>
  parts.flatMap((p) => (p.type === 'text' ? [p.text] : [])).join('\n\n');

function toolOutput(output: string | Array<{ type: string }> | { content: string }, at: Path) {
  if (typeof output === 'string') return { text: output, images: [] as ContentPart[] };
  if (!Array.isArray(output)) return { text: output.content, images: [] as ContentPart[] };
  const parts = messageParts(output, at);
  const images = parts.filter((p) => p.type === 'image');
  const text = joinedText(parts);
  return { text: text || (images.length ? '(image attached below)' : ''), images };
}

function reasoningParts(item: unknown, at: Path): ContentPart[] {
  const r = parseAt(reasoningItem, item, at);
  const content = r.content?.map((c) => c.text) ?? [];
  const text = (content.length ? content : (r.summary ?? []).map((s) => s.text)).join('\n\n');
  const carried = fromEncryptedContent(r.encrypted_content);
  return text || carried.signature || carried.encrypted ? [{ type: 'reasoning', text, ...carried }] : [];
}

/** Turns Responses `input` items into canonical messages plus the system texts. */
export function decodeInput(input: string | Array<{ type?: string }>, names: ToolNameMap): DecodedInput {
  const chat = new Conversation();
  if (typeof input === 'string') {
    chat.add('user', [{ type: 'text', text: input }]);
    return chat.finish();
  }
  input.forEach((item, i) => {
    const at: Path = ['input', i];
    switch (item.type ?? 'message') {
      case 'message': {
        const m = parseAt(messageItem, item, at);
        const parts = messageParts(m.content, [...at, 'content']);
        if (m.role === 'system' || m.role === 'developer') {
          const text = joinedText(parts);
          if (text) chat.system.push(text);
        } else chat.add(m.role, parts);
        return;
      }
      case 'reasoning':
        return chat.add('assistant', reasoningParts(item, at));
      case 'function_call': {
        const c = parseAt(functionCallItem, item, at);
        const name = names.resolve(c.namespace ?? undefined, c.name);
        return chat.add('assistant', [{ type: 'tool_call', id: c.call_id, name, arguments: c.arguments }]);
      }
      case 'custom_tool_call': {
        const c = parseAt(customToolCallItem, item, at);
        const args = JSON.stringify({ input: c.input });
        return chat.add('assistant', [{ type: 'tool_call', id: c.call_id, name: names.resolve(undefined, c.name), arguments: args }]);
      }
      case 'local_shell_call': {
        const c = parseAt(localShellCallItem, item, at);
        const args = JSON.stringify(c.action ?? {});
        return chat.add('assistant', [{ type: 'tool_call', id: c.call_id, name: names.resolve(undefined, 'local_shell'), arguments: args }]);
      }
      case 'function_call_output': {
        const o = parseAt(functionCallOutputItem, item, at);
        const { text, images } = toolOutput(o.output, [...at, 'output']);
        chat.add('tool', [{ type: 'tool_result', callId: o.call_id, content: text }]);
        return chat.holdImages(images);
      }
      case 'custom_tool_call_output': {
        const o = parseAt(customToolCallOutputItem, item, at);
        return chat.add('tool', [{ type: 'tool_result', callId: o.call_id, content: o.output }]);
      }
      default:
        // Hosted-tool records (web_search_call, image_generation_call, tool_search_*),
        // item references and compaction blobs mean nothing to another provider.
        return;
    }
  });
  return chat.finish();
}
