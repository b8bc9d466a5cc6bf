import type { SubmitInput } from '../../stores/tasks-store';

export const automatic = 'gateway';
/** The Agent select's entry for sending the task to several agents. */
export const fanOut = '__fan-out__';

export interface DispatchDraft {
  text: string;
  /** `automatic`, `fanOut`, or an agent id. */
  target: string;
  fanAgents: string[];
  mode: 'parallel' | 'sequential';
  spaceId: string;
  capabilities: string[];
  /** Minutes, as typed; empty for the agent's own limit. */
  timeoutMinutes: string;
  cwd: string;
  model: string;
  worktree: boolean;
}

export const emptyDraft = (target = automatic, spaceId = ''): DispatchDraft => ({
  text: '',
  target,
  fanAgents: [],
  mode: 'parallel',
  spaceId,
  capabilities: [],
  timeoutMinutes: '',
  cwd: '',
  model: '',
  worktree: false,
});

/** The New task form as a `tasks.submit` input, or the sentence that says what to fix. */
export function submitInput(draft: DispatchDraft): { input: SubmitInput } | { error: string } {
  if (!draft.text.trim()) return { error: 'Describe the task first.' };
  let timeoutSeconds: number | undefined;
  if (draft.timeoutMinutes.trim()) {
    const minutes = Number(draft.timeoutMinutes);
    if (!Number.isFinite(minutes) || minutes <= 0) return { error: 'Timeout must be a number of minutes above 0.' };
    timeoutSeconds = Math.max(1, Math.round(minutes * 60));
  }
  const fanning = draft.target === fanOut;
  if (fanning && draft.fanAgents.length < 2) return { error: 'Pick at least two agents to send the task to.' };
  return {
    input: {
      task: draft.text,
      target: fanning ? automatic : draft.target,
      ...(fanning ? { agents: draft.fanAgents, mode: draft.mode } : {}),
      ...(draft.target === automatic && draft.capabilities.length ? { capabilities: draft.capabilities } : {}),
      ...(draft.spaceId ? { spaceId: draft.spaceId } : {}),
      ...(timeoutSeconds ? { timeoutSeconds } : {}),
      ...(draft.cwd.trim() ? { cwd: draft.cwd.trim() } : {}),
      ...(draft.model.trim() ? { model: draft.model.trim() } : {}),
      ...(draft.worktree ? { isolation: 'worktree' as const } : {}),
    },
  };
}
