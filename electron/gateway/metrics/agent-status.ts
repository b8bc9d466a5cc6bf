import type { AgentInfo } from '../../../shared/schemas/agent.js';
import type { AgentStatus } from '../../../shared/schemas/monitor.js';

/** A stop or a restart the JSON-RPC manager has under way for an agent. */
export type Transition = 'stopping' | 'starting';

/**
 * The one table from the registry's agent states to the spec's AgentStatus (README "JSON-RPC"):
 *
 * | registry state | and                                         | AgentStatus |
 * |----------------|---------------------------------------------|-------------|
 * | any            | a shutdown waits for its tasks               | stopping    |
 * | any            | a restart is under way                       | starting    |
 * | disabled       |                                              | stopped     |
 * | offline        | not detected yet                             | starting    |
 * | offline        | a remote agent that disconnected             | stopped     |
 * | offline        | binary not found, model not served           | error       |
 * | online         | no task running                              | idle        |
 * | online         | some tasks running, below maxConcurrent      | running     |
 * | busy           | at maxConcurrent                             | busy        |
 */
export function agentStatusOf(agent: AgentInfo, transition?: Transition): AgentStatus {
  if (transition) return transition;
  switch (agent.state) {
    case 'disabled':
      return 'stopped';
    case 'offline':
      if (agent.detectedAt === null) return 'starting';
      return agent.kind === 'remote' ? 'stopped' : 'error';
    case 'busy':
      return 'busy';
    case 'online':
      return agent.running > 0 ? 'running' : 'idle';
  }
}
