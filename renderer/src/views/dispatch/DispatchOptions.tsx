import type { AgentInfo, SpaceView } from '@shared/contract';
import { ChipsInput } from '../../components/ChipsInput';
import { Field } from '../../components/Field';
import { Segmented } from '../../components/Segmented';
import { spaceName } from '../../stores/spaces-store';
import { automatic, fanOut, type DispatchDraft } from './dispatch-draft';

interface OptionsProps {
  draft: DispatchDraft;
  change: (patch: Partial<DispatchDraft>) => void;
  agents: AgentInfo[];
  spaces: SpaceView[];
}

const modes = [
  { value: 'parallel', label: 'All at once' },
  { value: 'sequential', label: 'One after another' },
] as const;

/** Fan-out: which agents get the task, and whether they run together or in turn. */
export function FanOutPicker({ draft, change, agents }: Omit<OptionsProps, 'spaces'>) {
  const toggle = (id: string, on: boolean) => change({ fanAgents: on ? [...draft.fanAgents, id] : draft.fanAgents.filter((entry) => entry !== id) });
  return (
    <fieldset className="fan-out" data-testid="dispatch-fan-out">
      <legend>Send the same task to</legend>
      <div className="fan-out-agents">
        {agents.map((agent) => (
          <label key={agent.id} className="checkbox">
            <input
              type="checkbox"
              checked={draft.fanAgents.includes(agent.id)}
              disabled={!agent.enabled}
              onChange={(event) => toggle(agent.id, event.target.checked)}
              data-testid={`dispatch-fan-out-${agent.id}`}
            />
            {agent.name === agent.id ? agent.id : `${agent.name} (${agent.id})`}
          </label>
        ))}
      </div>
      <Segmented label="How they run" value={draft.mode} options={modes} onChange={(mode) => change({ mode })} testId="dispatch-mode" />
    </fieldset>
  );
}

/** The less common choices: space, capabilities, timeout, directory, model, worktree. */
export function DispatchOptions({ draft, change, spaces }: Omit<OptionsProps, 'agents'>) {
  return (
    <div className="dispatch-options-body">
      <div className="form-grid">
        <Field label="Space" hint="The agent sees the space's recent history; its answer is added to it.">
          <select value={draft.spaceId} onChange={(event) => change({ spaceId: event.target.value })} data-testid="dispatch-space">
            <option value="">None</option>
            {spaces.map((space) => (
              <option key={space.shared_space_id} value={space.shared_space_id}>
                {spaceName(space) ?? space.shared_space_id}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Timeout (minutes)" hint="Stops the agent after this long; default: the agent's own limit.">
          <input inputMode="decimal" value={draft.timeoutMinutes} onChange={(event) => change({ timeoutMinutes: event.target.value })} placeholder="60" data-testid="dispatch-timeout" />
        </Field>
        {draft.target === automatic ? (
          <Field label="Capabilities" hint="Automatic routing picks an agent that has all of them.">
            <ChipsInput values={draft.capabilities} onChange={(capabilities) => change({ capabilities })} placeholder="e.g. docs, tests" testId="dispatch-capabilities" />
          </Field>
        ) : null}
        <Field label="Working directory" hint="Where the agent runs; default: the agent's own.">
          <input value={draft.cwd} onChange={(event) => change({ cwd: event.target.value })} placeholder="/path/to/repo" data-testid="dispatch-cwd" />
        </Field>
        <Field label="Model" hint={draft.target === fanOut ? "Overrides each agent's model for this task." : "Overrides the agent's model for this task."}>
          <input value={draft.model} onChange={(event) => change({ model: event.target.value })} data-testid="dispatch-model" />
        </Field>
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={draft.worktree} onChange={(event) => change({ worktree: event.target.checked })} data-testid="dispatch-worktree" />
        Run in a fresh git worktree on its own branch (the working directory must be a git repository)
      </label>
    </div>
  );
}
