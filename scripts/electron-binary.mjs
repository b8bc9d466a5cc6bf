// Finds the Electron executable without triggering electron's on-demand download (which
// hangs or fails offline): the path the package recorded, or ELECTRON_OVERRIDE_DIST_PATH.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export function findElectronBinary() {
  let packageDir;
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return { reason: 'the electron package is not installed' };
  }
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const pathFile = join(packageDir, 'path.txt');
  if (!override && !existsSync(pathFile)) return { reason: 'no Electron binary is installed (node_modules/electron has not downloaded it)' };
  const executable = override
    ? join(override, process.platform === 'darwin' ? 'Electron.app/Contents/MacOS/Electron' : process.platform === 'win32' ? 'electron.exe' : 'electron')
    : join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(executable) ? { path: executable } : { reason: `the Electron binary ${executable} is missing` };
}
