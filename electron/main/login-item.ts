import { app } from 'electron';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { LoginItem } from './desktop-handlers.js';

/** Started by the login item: stay in the tray instead of opening the window. */
export const hiddenFlag = '--hidden';

// Desktop Entry quoting: each argument in double quotes, with ", `, $ and \ escaped.
const quote = (arg: string) => `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;

/** The XDG autostart entry, since app.setLoginItemSettings does nothing on Linux. */
export function autostartEntry(command: string[]): string {
  return ['[Desktop Entry]', 'Type=Application', 'Name=AgentMesh', `Exec=${command.map(quote).join(' ')}`, 'X-GNOME-Autostart-enabled=true', ''].join('\n');
}

function linuxLoginItem(): LoginItem {
  const dir = join(process.env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'autostart');
  const file = join(dir, 'agentmesh.desktop');
  return {
    get: () => existsSync(file),
    set(enabled) {
      if (!enabled) return rmSync(file, { force: true });
      // An AppImage runs from a temporary mount: the entry must name the image itself.
      const command = process.env.APPIMAGE ? [process.env.APPIMAGE] : app.isPackaged ? [process.execPath] : [process.execPath, app.getAppPath()];
      mkdirSync(dir, { recursive: true });
      writeFileSync(file, autostartEntry([...command, hiddenFlag]));
    },
  };
}

export function loginItem(): LoginItem {
  if (process.platform === 'linux') return linuxLoginItem();
  return {
    get: () => app.getLoginItemSettings().openAtLogin,
    set: (enabled) => app.setLoginItemSettings({ openAtLogin: enabled, args: [hiddenFlag] }),
  };
}
