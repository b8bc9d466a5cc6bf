import { Dialog } from '../../components/Dialog';
import { DispatchForm } from './DispatchForm';

export function DispatchDialog({ agent, spaceId = null, onClose }: { agent: string | null; spaceId?: string | null; onClose: () => void }) {
  const title = agent ? `Dispatch a task to ${agent}` : spaceId ? 'New task in this space' : 'New task';
  return (
    <Dialog title={title} description="The agent runs it in the background; follow it in Tasks." onClose={onClose} testId="dispatch-dialog" wide>
      <DispatchForm agent={agent} spaceId={spaceId} onOpenTask={onClose} />
    </Dialog>
  );
}
