import type { CanonicalRequest, ContentPart } from '../../canonical.js';

// count_tokens for a provider that cannot count: an estimate good enough for the client's
// context bookkeeping, and deterministic so the same request always gets the same answer.
// English text and JSON run about four characters to a token.
const charsPerToken = 4;
const perMessage = 4;
const perTool = 8;
// Anthropic adds its own tool-use instructions to the prompt when tools are present.
const toolPreamble = 300;
// Anthropic sizes an image by area (about width × height / 750): ~1,600 for a full-size one.
const perImage = 1600;
// A PDF costs text plus an image per page; base64 size is the only hint of its page count.
const pdfBase64CharsPerPage = 100_000;

export function estimateTokens(req: CanonicalRequest): number {
  let chars = req.system?.length ?? 0;
  let tokens = 0;
  for (const message of req.messages) {
    tokens += perMessage;
    for (const part of message.content) {
      if (part.type === 'image') tokens += imageTokens(part);
      else chars += partChars(part);
    }
  }
  const tools = req.tools ?? [];
  if (tools.length > 0) tokens += toolPreamble;
  for (const tool of tools) {
    tokens += perTool;
    chars += tool.name.length + (tool.description?.length ?? 0) + JSON.stringify(tool.parameters).length;
  }
  return tokens + Math.ceil(chars / charsPerToken);
}

function partChars(part: Exclude<ContentPart, { type: 'image' }>): number {
  switch (part.type) {
    case 'text':
      return part.text.length;
    case 'tool_call':
      return part.name.length + part.arguments.length;
    case 'tool_result':
      return part.content.length;
    case 'reasoning':
      return part.text.length;
  }
}

function imageTokens(part: Extract<ContentPart, { type: 'image' }>): number {
  if (part.mediaType !== 'application/pdf') return perImage;
  return perImage * Math.max(1, Math.ceil((part.data?.length ?? 0) / pdfBase64CharsPerPage));
}
