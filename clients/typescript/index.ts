// `import { GatewayClient } from 'agentmesh/client'`: connect any Node program to an AgentMesh gateway as an agent.
export { GatewayClient } from './gateway-client.js';
export { GatewayError } from './types.js';
export type {
  AckFrame,
  AgentCard,
  ClientState,
  ConnectedFrame,
  ContentBlock,
  GatewayClientOptions,
  HubErrorCode,
  IncomingMessage,
  IncomingResult,
  IncomingTask,
  MessageHandler,
  ResultHandler,
  SendOptions,
  TaskContext,
  TaskHandler,
} from './types.js';
