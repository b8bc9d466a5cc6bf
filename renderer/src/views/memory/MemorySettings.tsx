import { useEffect, useState, type FormEvent } from 'react';
import type { MemoryConfig, MemoryStatus } from '@shared/contract';
import { api, errorMessage } from '../../api';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { InlineError } from '../../components/InlineError';

/** memory.embeddingModel and the context a task is given, edited in place (saved to the config). */
export function MemorySettings({ status }: { status: MemoryStatus | null }) {
  const [settings, setSettings] = useState<MemoryConfig | null>(null);
  const [model, setModel] = useState('');
  const [chunks, setChunks] = useState('5');
  const [chars, setChars] = useState('4000');
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const show = (next: MemoryConfig) => {
    setSettings(next);
    setModel(next.embeddingModel ?? '');
    setChunks(String(next.contextChunks));
    setChars(String(next.contextChars));
  };
  useEffect(() => {
    api.call('memory.settings', {}).then(show, (failure: unknown) => setError(errorMessage(failure)));
  }, []);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setSaved(false);
    try {
      show(await api.call('memory.configure', { embeddingModel: model.trim() || null, contextChunks: Number(chunks), contextChars: Number(chars) }));
      setError(null);
      setSaved(true);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="panel memory-settings" data-testid="memory-settings">
      <summary>Memory settings</summary>
      <form className="memory-settings-form" onSubmit={(event) => void save(event)}>
        <Field label="Embedding model" hint="Routed like any model call: text-embedding-3-small, nomic-embed-text… Empty: full-text search only." className="grow">
          <input value={model} onChange={(event) => setModel(event.target.value)} placeholder="text-embedding-3-small" data-testid="memory-embedding-model" />
        </Field>
        <Field label="Chunks given to a task" hint="The most relevant ones, 0 to give none.">
          <input type="number" min={0} max={50} value={chunks} onChange={(event) => setChunks(event.target.value)} data-testid="memory-context-chunks" />
        </Field>
        <Field label="Characters they may take">
          <input type="number" min={0} max={200000} step={500} value={chars} onChange={(event) => setChars(event.target.value)} data-testid="memory-context-chars" />
        </Field>
        <Button type="submit" variant="primary" busy={busy} disabled={!settings} data-testid="memory-settings-save">
          Save
        </Button>
        {saved ? (
          <span className="muted small" role="status" data-testid="memory-settings-saved">
            Saved
          </span>
        ) : null}
      </form>
      {status && status.dimensions ? <p className="muted small">Vectors of {status.dimensions} dimensions; {status.refused} chunks refused by the model.</p> : null}
      {status?.last_error ? <p className="muted small" data-testid="memory-last-error">Last error: {status.last_error}</p> : null}
      <InlineError testId="memory-settings-error">{error}</InlineError>
    </details>
  );
}
