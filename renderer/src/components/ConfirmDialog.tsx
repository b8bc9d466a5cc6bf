import { useState, type ReactNode } from 'react';
import { errorMessage } from '../api';
import { Button } from './Button';
import { Dialog } from './Dialog';
import { InlineError } from './InlineError';

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  /** Resolve true to close; false keeps the dialog (the caller shows its error elsewhere). */
  onConfirm: () => Promise<boolean | void>;
  onClose: () => void;
  testId?: string;
}

export function ConfirmDialog({ title, children, confirmLabel, danger = false, onConfirm, onClose, testId = 'confirm-dialog' }: ConfirmDialogProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const confirm = async () => {
    setBusy(true);
    setError(null);
    try {
      if ((await onConfirm()) !== false) onClose();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog title={title} onClose={onClose} testId={testId}>
      <div className="confirm-body">{children}</div>
      <InlineError>{error}</InlineError>
      <div className="form-actions">
        <Button onClick={onClose}>Cancel</Button>
        <Button variant={danger ? 'danger' : 'primary'} busy={busy} onClick={() => void confirm()} data-testid="confirm-ok" autoFocus>
          {confirmLabel}
        </Button>
      </div>
    </Dialog>
  );
}
