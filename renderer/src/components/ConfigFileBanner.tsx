import { configFileSelectors, useConfigFile } from '../stores';
import { Icon } from './Icon';

/**
 * Shown on every view while the config file holds an edit the gateway refused: the running
 * config is the last good one, and dashboard saves wait so they cannot overwrite that edit.
 */
export function ConfigFileBanner() {
  const error = useConfigFile(configFileSelectors.error);
  const path = useConfigFile(configFileSelectors.path);
  if (!error) return null;
  return (
    <div className="config-file-banner" role="alert" data-testid="config-file-banner">
      <Icon name="alert" />
      <div>
        <strong>
          The config file has an error{error.line === null ? '' : <> at line <span data-testid="config-file-line">{error.line}</span></>}; fix or discard it first.
        </strong>{' '}
        The gateway keeps running on the last good config, and changes made here are not saved until then.
        <div className="config-file-detail mono">
          {path ? `${path}: ` : ''}
          {error.message}
        </div>
      </div>
    </div>
  );
}
