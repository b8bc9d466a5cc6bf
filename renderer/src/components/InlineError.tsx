import type { ReactNode } from 'react';
import { Icon } from './Icon';

/** An error printed where it happened, announced to screen readers. */
export function InlineError({ children, testId = 'inline-error', action }: { children: ReactNode; testId?: string; action?: ReactNode }) {
  if (!children) return null;
  return (
    <div className="inline-error" role="alert" data-testid={testId}>
      <Icon name="alert" />
      <div className="inline-error-text">{children}</div>
      {action}
    </div>
  );
}
