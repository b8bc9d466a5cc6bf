import { adapterIds, type AdapterId } from '@shared/schemas/agent';
import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../api';
import { Button } from '../../components/Button';
import { ChipsInput } from '../../components/ChipsInput';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { InlineError } from '../../components/InlineError';
import { stores } from '../../stores';
import { registerAgentErrors } from './agent-settings-form';

export function RegisterAgentDialog({ onClose }: { onClose: () => void }) {
  const [id, setId] = useState('');
  const [adapter, setAdapter] = useState<AdapterId>('claude-code');
  const [path, setPath] = useState('');
  const [args, setArgs] = useState('');
  const [capabilities, setCapabilities] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [errors, setErrors] = useState<ReturnType<typeof registerAgentErrors>>({});
  const [busy, setBusy] = useState(false);
  const command = adapter === 'command';

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const fieldErrors = registerAgentErrors({ id, adapter, path });
    setErrors(fieldErrors);
    if (Object.keys(fieldErrors).length) return;
    setBusy(true);
    setError(null);
    try {
      await stores.agents.getState().register({
        id: id.trim(),
        adapter,
        capabilities,
        ...(path.trim() ? { path: path.trim() } : {}),
        ...(args.trim() ? { args: args.split('\n').map((line) => line.trim()).filter(Boolean) } : {}),
      });
      onClose();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title="Register an agent" description="Registered agents live in the gateway's database; agents in the config file appear on their own." onClose={onClose} testId="register-agent-dialog" wide>
      <form onSubmit={(event) => void save(event)} data-testid="register-agent-form" noValidate>
        <div className="form-grid">
          <Field label="Id" hint="Letters, digits, dot, dash or underscore." error={errors.id}>
            <input value={id} onChange={(event) => setId(event.target.value)} required placeholder="claude" autoFocus data-testid="register-agent-id" />
          </Field>
          <Field label="Adapter">
            <select value={adapter} onChange={(event) => setAdapter(event.target.value as AdapterId)} data-testid="register-agent-adapter">
              {adapterIds.map((value) => (
                <option key={value} value={value}>
                  {value}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <Field label={command ? 'Executable' : 'Executable path (optional)'} hint={command ? 'Required for a command agent.' : "Blank: the adapter's binary on PATH."} error={errors.path}>
          <input className="mono" value={path} onChange={(event) => setPath(event.target.value)} data-testid="register-agent-path" />
        </Field>
        {command ? (
          <Field label="Arguments" hint="One per line; {prompt} is replaced by the task. Without it the task goes to stdin.">
            <textarea className="mono" rows={3} value={args} onChange={(event) => setArgs(event.target.value)} data-testid="register-agent-args" />
          </Field>
        ) : null}
        <Field label="Capabilities" hint="Optional; the adapter's defaults apply otherwise.">
          <ChipsInput values={capabilities} onChange={setCapabilities} placeholder="code, review" />
        </Field>
        <InlineError testId="register-agent-error">{error}</InlineError>
        <div className="form-actions">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={busy} data-testid="register-agent-save">
            Register
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
