import { uiSelectors, useUi, stores } from '../stores';
import { Icon, type IconName } from './Icon';

const icons: Record<string, IconName> = { error: 'alert', warning: 'alert', success: 'check', info: 'message' };

/** Background failures and alerts, in a polite live region so they do not steal focus. */
export function Toasts() {
  const toasts = useUi(uiSelectors.toasts);
  return (
    <div className="toasts" role="status" aria-live="polite" data-testid="toasts">
      {toasts.map((toast) => (
        <div key={toast.id} className={`toast toast-${toast.kind}`} data-testid="toast">
          <Icon name={icons[toast.kind] ?? 'message'} />
          <span>{toast.message}</span>
          <button type="button" className="btn btn-ghost btn-icon btn-sm" aria-label="Dismiss" onClick={() => stores.ui.getState().dismiss(toast.id)}>
            <Icon name="close" size={14} />
          </button>
        </div>
      ))}
    </div>
  );
}
