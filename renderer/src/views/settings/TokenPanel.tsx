import { useState } from 'react';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CopyButton } from '../../components/CopyButton';
import { InlineError } from '../../components/InlineError';
import { settingsSelectors, stores, useSettings } from '../../stores';

export function TokenPanel({ preview }: { preview: string }) {
  const token = useSettings(settingsSelectors.token);
  const [rotating, setRotating] = useState(false);
  const settings = stores.settings.getState();
  return (
    <section className="panel" aria-labelledby="token-title">
      <h2 id="token-title" className="panel-title">
        Access token
      </h2>
      <p className="muted small">Every API call but /health needs it. Clients connected below get it written into their config.</p>
      <div className="token-row">
        <code className="token" data-testid="settings-token">
          {token.value ?? preview}
        </code>
        {token.value ? (
          <>
            <CopyButton text={token.value} testId="settings-copy-token" />
            <Button size="sm" variant="ghost" onClick={settings.hideToken} data-testid="settings-hide">
              Hide
            </Button>
          </>
        ) : (
          <Button size="sm" icon="eye" busy={token.busy === 'reveal'} onClick={() => void settings.revealToken()} data-testid="settings-reveal">
            Reveal
          </Button>
        )}
        <Button size="sm" variant="danger" icon="refresh" busy={token.busy === 'rotate'} onClick={() => setRotating(true)} data-testid="settings-rotate">
          Rotate
        </Button>
      </div>
      <InlineError testId="settings-token-error">{token.error}</InlineError>
      {rotating ? (
        <ConfirmDialog title="Rotate the token?" confirmLabel="Rotate token" danger onClose={() => setRotating(false)} onConfirm={() => settings.rotateToken()}>
          <p>Clients using the current token stop working until they get the new one (connect them again below, or update their config).</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}
