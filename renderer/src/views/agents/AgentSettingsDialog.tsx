import type { AgentInfo } from '@shared/contract';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../api';
import { Button } from '../../components/Button';
import { ChipsInput } from '../../components/ChipsInput';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { InlineError } from '../../components/InlineError';
import { stores } from '../../stores';
import { agentPatch, initialAgentForm, type AgentFormErrors, type AgentSettingsForm } from './agent-settings-form';

export function AgentSettingsDialog({ agent, onClose }: { agent: AgentInfo; onClose: () => void }) {
  const [form, setForm] = useState<AgentSettingsForm>(() => initialAgentForm(agent));
  const [errors, setErrors] = useState<AgentFormErrors>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const change = <K extends keyof AgentSettingsForm>(key: K, value: AgentSettingsForm[K]) => setForm((current) => ({ ...current, [key]: value }));
  const command = agent.adapter === 'command';

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const { patch, errors: fieldErrors } = agentPatch(agent, form);
    setErrors(fieldErrors);
    if (Object.keys(fieldErrors).length) return;
    if (!Object.keys(patch).length) return onClose();
    setBusy(true);
    setError(null);
    try {
      await stores.agents.getState().update(agent.id, patch);
      onClose();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={`${agent.name} settings`} description={`${agent.adapter} agent · changes apply to new tasks`} onClose={onClose} testId="agent-settings-dialog" wide>
      <form onSubmit={(event) => void save(event)} data-testid="agent-settings-form" noValidate>
        <div className="form-grid">
          <Field label="Display name">
            <input value={form.name} onChange={(event) => change('name', event.target.value)} />
          </Field>
          <Field label="Max concurrent tasks" error={errors.maxConcurrent}>
            <input type="number" min={1} max={64} value={form.maxConcurrent} onChange={(event) => change('maxConcurrent', event.target.value)} data-testid="agent-max-concurrent" />
          </Field>
          <Field label="Model" hint="Blank keeps the configured model.">
            <input value={form.model} onChange={(event) => change('model', event.target.value)} placeholder="Keep current" />
          </Field>
          <Field label="Timeout (minutes)" hint="Blank keeps the configured timeout." error={errors.timeoutMinutes}>
            <input inputMode="decimal" value={form.timeoutMinutes} onChange={(event) => change('timeoutMinutes', event.target.value)} placeholder="Keep current" />
          </Field>
        </div>
        <Field label="Capabilities" hint="Used by automatic routing to pick an agent. Enter or comma adds one.">
          <ChipsInput values={form.capabilities} onChange={(values) => change('capabilities', values)} placeholder="code, review, tests" />
        </Field>
        <Field label="Send the agent's model calls through this gateway" hint="Routing rules and the usage ledger then cover the agent too.">
          <select value={form.gatewayRouting} onChange={(event) => change('gatewayRouting', event.target.value as AgentSettingsForm['gatewayRouting'])} data-testid="agent-gateway-routing">
            <option value="keep">Keep current</option>
            <option value="on">On</option>
            <option value="off">Off</option>
          </select>
        </Field>
        <div className="form-grid">
          <Field label={command ? 'Executable' : 'Executable path'} hint={command ? 'The program to run.' : "Blank: the adapter's default binary on PATH."}>
            <input className="mono" value={form.path} onChange={(event) => change('path', event.target.value)} />
          </Field>
          {command ? (
            <Field label="Arguments" hint="One per line; {prompt}, {cwd}, {taskId}, {model} are filled in. Blank keeps them.">
              <textarea className="mono" rows={3} value={form.args} onChange={(event) => change('args', event.target.value)} placeholder="Keep current" />
            </Field>
          ) : null}
        </div>
        <InlineError testId="agent-settings-error">{error}</InlineError>
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={busy} data-testid="agent-settings-save">
            Save
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
