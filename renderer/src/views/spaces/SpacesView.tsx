import { useEffect, useState, type FormEvent } from 'react';
import { errorMessage } from '../../api';
import { Button } from '../../components/Button';
import { CopyButton } from '../../components/CopyButton';
import { EmptyState } from '../../components/EmptyState';
import { Field } from '../../components/Field';
import { InlineError } from '../../components/InlineError';
import { PageHeader } from '../../components/PageHeader';
import { formatRelative } from '../../lib/format';
import { routeHref } from '../../router/route';
import { spacesSelectors, stores, useSpaces } from '../../stores';
import { spaceName } from '../../stores/spaces-store';
import { MemorySearch } from '../memory/MemorySearch';
import { MemorySettings } from '../memory/MemorySettings';
import { MemoryStatusBadge, useMemoryStatus } from '../memory/MemoryStatusBadge';

export function SpacesView() {
  const spaces = useSpaces(spacesSelectors.spaces);
  const loaded = useSpaces(spacesSelectors.loaded);
  const error = useSpaces(spacesSelectors.error);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [createError, setCreateError] = useState<string | null>(null);
  const memory = useMemoryStatus();
  useEffect(() => void stores.spaces.getState().load(), []);
  const names = new Map(spaces.map((space) => [space.shared_space_id, spaceName(space) ?? space.shared_space_id]));

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setCreateError(null);
    try {
      await stores.spaces.getState().create(name.trim() ? { name: name.trim() } : {});
      setName('');
    } catch (failure) {
      setCreateError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader
        title="Spaces"
        description="A shared space keeps the history of the tasks that name it, so agents working on one job can see each other's messages and artifacts."
        actions={<MemoryStatusBadge status={memory} />}
      />
      <MemorySearch spaceNames={names} />
      <MemorySettings status={memory} />
      <form className="panel inline-form" onSubmit={(event) => void create(event)} data-testid="space-form">
        <Field label="New space name (optional)" className="grow">
          <input value={name} onChange={(event) => setName(event.target.value)} placeholder="release-2.4" data-testid="space-name" />
        </Field>
        <Button type="submit" variant="primary" icon="plus" busy={busy} data-testid="space-create">
          Create space
        </Button>
      </form>
      <InlineError testId="space-create-error">{createError}</InlineError>
      <InlineError testId="spaces-error">{error}</InlineError>
      {loaded && !spaces.length ? (
        <EmptyState icon="spaces" title="No spaces yet">
          <p>Create one above (or <code>agentmesh space create --meta name=release</code>), open it and send tasks in it, so they share context.</p>
        </EmptyState>
      ) : null}
      {spaces.length ? (
        <div className="table-wrap">
          <table className="table" data-testid="space-list">
            <thead>
              <tr>
                <th scope="col">Space</th>
                <th scope="col" className="num">Messages</th>
                <th scope="col" className="num">Artifacts</th>
                <th scope="col">Updated</th>
                <th scope="col">
                  <span className="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {spaces.map((space) => (
                <tr key={space.shared_space_id} data-testid="space-row">
                  <td>
                    <a href={routeHref({ view: 'space', id: space.shared_space_id })} className="space-name-link" data-testid="space-link">
                      {spaceName(space) ?? <span className="muted">Unnamed space</span>}
                    </a>
                    <div className="mono muted small">{space.shared_space_id}</div>
                  </td>
                  <td className="num">{space.message_count}</td>
                  <td className="num">{space.artifact_count}</td>
                  <td className="muted">{formatRelative(space.updated_at)}</td>
                  <td className="num">
                    <CopyButton text={space.shared_space_id} label="Copy id" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}
