import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it, vi } from 'vitest';
import { autostartEntry, hiddenFlag, loginItem } from './login-item.js';

const app = vi.hoisted(() => ({ isPackaged: true, getAppPath: () => '/opt/AgentMesh/resources/app.asar', getLoginItemSettings: vi.fn(() => ({ openAtLogin: true })), setLoginItemSettings: vi.fn() }));
vi.mock('electron', () => ({ app }));

const saved = { xdg: process.env.XDG_CONFIG_HOME, appImage: process.env.APPIMAGE };
afterEach(() => {
  process.env.XDG_CONFIG_HOME = saved.xdg;
  if (saved.appImage === undefined) delete process.env.APPIMAGE;
  else process.env.APPIMAGE = saved.appImage;
});

it('quotes the autostart command the Desktop Entry way', () => {
  expect(autostartEntry(['/opt/Agent Mesh/agentmesh', '--hidden'])).toContain('Exec="/opt/Agent Mesh/agentmesh" "--hidden"');
  expect(autostartEntry(['/tmp/a"b$c`d\\e'])).toContain('Exec="/tmp/a\\"b\\$c\\`d\\\\e"');
});

it.runIf(process.platform === 'linux')('on Linux, writes and removes an XDG autostart entry that starts the AppImage hidden', () => {
  const dir = mkdtempSync(join(tmpdir(), 'agentmesh-autostart-'));
  process.env.XDG_CONFIG_HOME = dir;
  process.env.APPIMAGE = '/home/me/AgentMesh.AppImage';
  const item = loginItem();
  const file = join(dir, 'autostart', 'agentmesh.desktop');
  expect(item.get()).toBe(false);
  item.set(true);
  expect(item.get()).toBe(true);
  expect(readFileSync(file, 'utf8')).toContain(`Exec="/home/me/AgentMesh.AppImage" "${hiddenFlag}"`);
  item.set(false);
  expect(existsSync(file)).toBe(false);
  expect(app.setLoginItemSettings).not.toHaveBeenCalled();
  rmSync(dir, { recursive: true, force: true });
});

it.runIf(process.platform !== 'linux')("elsewhere, uses Electron's login item settings", () => {
  const item = loginItem();
  item.set(true);
  expect(app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true, args: [hiddenFlag] });
  expect(item.get()).toBe(true);
});
