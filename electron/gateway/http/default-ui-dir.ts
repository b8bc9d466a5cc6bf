import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * out/renderer of the checkout this code runs from. It walks up to package.json rather than
 * counting `..`: the code runs from electron/gateway/ as sources and from out/cli/ bundled.
 */
export function defaultUiDir(from: string = fileURLToPath(import.meta.url)): string {
  for (let dir = dirname(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return join(dir, 'out', 'renderer');
    if (dirname(dir) === dir) return join(dirname(from), 'renderer');
  }
}
