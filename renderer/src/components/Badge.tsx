import type { ReactNode } from 'react';

export type Tone = 'success' | 'warning' | 'danger' | 'info' | 'neutral' | 'accent';

export function Badge({ tone = 'neutral', children, dot = false, testId }: { tone?: Tone; children: ReactNode; dot?: boolean; testId?: string }) {
  return (
    <span className={`badge badge-${tone}`} data-testid={testId}>
      {dot ? <span className="badge-dot" aria-hidden="true" /> : null}
      {children}
    </span>
  );
}

const agentTones: Record<string, Tone> = { online: 'success', busy: 'warning', offline: 'neutral', disabled: 'neutral' };
const taskTones: Record<string, Tone> = {
  pending: 'neutral',
  assigned: 'info',
  running: 'info',
  completed: 'success',
  failed: 'danger',
  timeout: 'danger',
  cancelled: 'neutral',
  interrupted: 'warning',
};
const circuitTones: Record<string, Tone> = { closed: 'success', 'half-open': 'warning', open: 'danger' };

export const agentTone = (state: string): Tone => agentTones[state] ?? 'neutral';
export const taskTone = (status: string): Tone => taskTones[status] ?? 'neutral';
export const circuitTone = (state: string): Tone => circuitTones[state] ?? 'neutral';

export function TaskStatusBadge({ status }: { status: string }) {
  return (
    <Badge tone={taskTone(status)} dot testId="task-status">
      {status}
    </Badge>
  );
}
