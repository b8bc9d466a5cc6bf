import { useEffect } from 'react';
import { Button } from '../../components/Button';
import { CopyButton } from '../../components/CopyButton';
import { InlineError } from '../../components/InlineError';
import { PageHeader } from '../../components/PageHeader';
import { Switch } from '../../components/Switch';
import { settingsSelectors, stores, useSettings } from '../../stores';
import { ConnectPanel } from './ConnectPanel';
import { TokenPanel } from './TokenPanel';

export function SettingsView() {
  const view = useSettings(settingsSelectors.settings);
  const error = useSettings(settingsSelectors.error);
  const toggleError = useSettings(settingsSelectors.toggleError);
  useEffect(() => void stores.settings.getState().load(), []);
  const settings = stores.settings.getState();

  return (
    <>
      <PageHeader title="Settings" description="This gateway's address, access token and the clients that use it." />
      <InlineError testId="settings-error" action={<Button size="sm" onClick={() => void settings.load()}>Retry</Button>}>
        {error}
      </InlineError>
      {view ? (
        <div className="settings-grid">
          <section className="panel" aria-labelledby="gateway-title">
            <h2 id="gateway-title" className="panel-title">
              Gateway
            </h2>
            <dl className="facts facts-wide">
              <div>
                <dt>URL</dt>
                <dd className="with-action">
                  <code data-testid="settings-url">{view.url}</code>
                  <CopyButton text={view.url} />
                </dd>
              </div>
              <div>
                <dt>Listening on</dt>
                <dd className="mono" data-testid="settings-port">
                  {view.host}:{view.port}
                </dd>
              </div>
              <div>
                <dt>Data directory</dt>
                <dd className="mono">{view.dataDir}</dd>
              </div>
              {view.configPath ? (
                <div>
                  <dt>Config file</dt>
                  <dd className="mono">{view.configPath}</dd>
                </div>
              ) : null}
            </dl>
            <p className="muted small">The port is set with <code>--port</code> or <code>server.port</code> in the config file.</p>
          </section>
          <TokenPanel preview={view.tokenPreview} />
          <ConnectPanel />
          {view.desktop ? (
            <section className="panel" aria-labelledby="desktop-title">
              <h2 id="desktop-title" className="panel-title">
                Desktop
              </h2>
              <div className="setting-row">
                <Switch label="Launch at login" showLabel checked={Boolean(view.launchAtLogin)} onChange={(enabled) => void settings.setLaunchAtLogin(enabled)} testId="settings-launch-at-login" />
              </div>
              <div className="setting-row">
                <Switch label="Pause the gateway (refuse new model calls and tasks)" showLabel checked={view.paused} onChange={(paused) => void settings.setPaused(paused)} testId="settings-paused" />
              </div>
              <InlineError testId="settings-toggle-error">{toggleError}</InlineError>
            </section>
          ) : null}
        </div>
      ) : !error ? (
        <div className="skeleton-page" aria-busy="true" aria-label="Loading settings" />
      ) : null}
    </>
  );
}
