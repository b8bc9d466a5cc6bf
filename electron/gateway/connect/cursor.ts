import { homedir } from 'node:os';
import { join } from 'node:path';
import type { FileWriter } from './connect-types.js';
import { parseSettings, settingsText } from './json-settings.js';

/** Cursor's user directory (it keeps VS Code's layout) on this platform. */
export function cursorUserDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = env.HOME ?? homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Cursor', 'User');
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Cursor', 'User');
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Cursor', 'User');
}

/** settings.json: the OpenAI base URL Cursor sends its OpenAI-key calls to. */
export const cursorSettingsWriter: FileWriter = {
  path: (ctx) => join(cursorUserDir(ctx.env), 'settings.json'),
  edit(before, ctx) {
    const settings = parseSettings(before, join(cursorUserDir(ctx.env), 'settings.json'));
    const headers = settings['openai.customHeaders'] && typeof settings['openai.customHeaders'] === 'object' ? settings['openai.customHeaders'] : {};
    return settingsText(before, settings, {
      ...settings,
      'openai.apiBase': `${ctx.gatewayUrl.replace(/\/$/, '')}/v1`,
      'openai.customHeaders': { ...headers, 'x-custom-provider': 'agentmesh' },
    });
  },
};
