import { useEffect, useState } from 'react';
import type { MemoryStatus } from '@shared/contract';
import { api } from '../../api';
import { Badge, type Tone } from '../../components/Badge';

/** Space memory's status, kept current by the `memory.status` event. */
export function useMemoryStatus(): MemoryStatus | null {
  const [status, setStatus] = useState<MemoryStatus | null>(null);
  useEffect(() => {
    let live = true;
    const off = api.on('memory.status', (next) => setStatus(next));
    api.call('memory.status', {}).then((first) => live && setStatus((current) => current ?? first), () => undefined);
    return () => {
      live = false;
      off();
    };
  }, []);
  return status;
}

const tones: Record<MemoryStatus['state'], Tone> = { off: 'neutral', idle: 'success', embedding: 'info', retrying: 'warning', unavailable: 'danger' };

/** The embedding backlog at a glance: how many chunks still wait for a vector, and why when it is stuck. */
export function MemoryStatusBadge({ status }: { status: MemoryStatus | null }) {
  if (!status) return null;
  const text =
    status.state === 'off'
      ? `${status.chunks} chunks · full-text only`
      : status.state === 'unavailable'
        ? 'vectors unavailable'
        : status.backlog > 0
          ? `${status.backlog} to embed${status.state === 'retrying' ? ' · retrying' : ''}`
          : `${status.embedded} chunks embedded`;
  return (
    <span title={status.last_error ?? undefined} data-testid="memory-backlog" data-state={status.state} data-backlog={status.backlog}>
      <Badge tone={tones[status.state]} dot={status.state === 'embedding'}>
        {text}
      </Badge>
    </span>
  );
}
