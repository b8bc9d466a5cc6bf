import type { ReactNode } from 'react';
import { Icon, type IconName } from './Icon';

export function EmptyState({ icon, title, children, action, testId = 'empty-state' }: { icon: IconName; title: string; children?: ReactNode; action?: ReactNode; testId?: string }) {
  return (
    <section className="empty" data-testid={testId}>
      <div className="empty-icon">
        <Icon name={icon} size={22} />
      </div>
      <h3>{title}</h3>
      {children ? <div className="empty-body">{children}</div> : null}
      {action ? <div className="empty-action">{action}</div> : null}
    </section>
  );
}
