import type { WireProtocol } from '../types.js';
import { decodeRequest } from './decode-request.js';
import { decodeResponse } from './decode-response.js';
import { decodeStream } from './decode-stream.js';
import { encodeRequest } from './encode-request.js';
import { encodeResponse } from './encode-response.js';
import { encodeStream } from './encode-stream.js';
import { errorBody, streamErrorFrame } from './errors.js';
import { MessagesStreamTracker } from './stream-tracker.js';
import { usageOf } from './usage.js';

export { decodeCountTokensRequest } from './decode-request.js';
export { estimateTokens } from './estimate-tokens.js';
export { countTokensRequestSchema, messagesRequestSchema } from './schema.js';

/** Anthropic Messages: spoken to Claude Code and Anthropic SDK clients, and to Anthropic. */
export const messagesProtocol: WireProtocol = {
  inbound: 'messages',
  provider: 'anthropic',
  upstreamPath: '/v1/messages',
  decodeRequest,
  encodeResponse,
  encodeStream,
  errorBody,
  streamErrorFrame,
  encodeRequest,
  decodeResponse,
  decodeStream,
  trackStream: () => new MessagesStreamTracker(),
  usageOf,
};
