import { chatProtocol } from './chat/index.js';
import { messagesProtocol } from './messages/index.js';
import { responsesProtocol } from './responses/index.js';
import type { InboundProtocolId, ProviderType, WireProtocol } from './types.js';

export const protocols = {
  chat: chatProtocol,
  responses: responsesProtocol,
  messages: messagesProtocol,
} satisfies Record<InboundProtocolId, WireProtocol>;

export const protocolForProvider = {
  'openai-chat': chatProtocol,
  'openai-responses': responsesProtocol,
  anthropic: messagesProtocol,
} satisfies Record<ProviderType, WireProtocol>;
