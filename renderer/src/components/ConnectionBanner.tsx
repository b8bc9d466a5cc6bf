import { sessionEnded } from '../api';
import { Icon } from './Icon';
import { uiSelectors, useUi } from '../stores';

/** Live updates stop while the event stream is down; say so instead of showing stale data silently. */
export function ConnectionBanner() {
  const connection = useUi(uiSelectors.connection);
  if (connection === 'signed-out') {
    return (
      <div className="connection-banner connection-signed-out" role="alert" data-testid="connection-banner">
        <Icon name="alert" /> {sessionEnded}
      </div>
    );
  }
  if (connection !== 'reconnecting') return null;
  return (
    <div className="connection-banner" role="status" data-testid="connection-banner">
      <span className="spinner" aria-hidden="true" /> Lost the live connection to the gateway. Reconnecting…
    </div>
  );
}
