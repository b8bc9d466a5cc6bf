import { Dialog } from '../../components/Dialog';
import { DispatchForm } from './DispatchForm';

export function DispatchDialog({ agent, onClose }: { agent: string | null; onClose: () => void }) {
  return (
    <Dialog title={agent ? `Dispatch a task to ${agent}` : 'New task'} description="The agent runs it in the background; follow it in Tasks." onClose={onClose} testId="dispatch-dialog" wide>
      <DispatchForm agent={agent} />
    </Dialog>
  );
}
