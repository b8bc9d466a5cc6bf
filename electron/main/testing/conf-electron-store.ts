import Conf from 'conf';

/**
 * electron-store is Conf plus Electron's default directory, and importing the real one loads
 * the electron package, which tries to download a binary. This stand-in maps electron-store's
 * options onto the real Conf the same way, so files, atomic writes and parse errors are real.
 * Use: `vi.mock('electron-store', async () => ({ default: (await import('./testing/conf-electron-store.js')).ConfElectronStore }))`.
 */
export class ConfElectronStore extends Conf<Record<string, unknown>> {
  constructor({ name, ...options }: { name: string; cwd: string }) {
    super({ ...options, configName: name, projectVersion: '0.1.0' });
  }
}
