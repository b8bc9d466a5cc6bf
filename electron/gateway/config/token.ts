import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const tokenFile = (dataDir: string) => join(dataDir, 'token');

/** The token kept in the data dir, created with mode 0600 on first run. */
export function loadOrCreateToken(dataDir: string): string {
  const file = tokenFile(dataDir);
  if (existsSync(file)) {
    const token = readFileSync(file, 'utf8').trim();
    if (token) return token;
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const token = `amk_${randomBytes(24).toString('base64url')}`;
  writeFileSync(file, token + '\n', { mode: 0o600 });
  chmodSync(file, 0o600);
  return token;
}

/** A flag beats the config file, which beats the generated token. */
export function resolveToken(flag: string | undefined, configured: string | undefined, dataDir: string): string {
  if (flag) return flag;
  if (configured) return configured;
  return loadOrCreateToken(dataDir);
}

/** Replaces the generated token with a new one (same file, same mode). */
export function rotateGeneratedToken(dataDir: string): string {
  const token = `amk_${randomBytes(24).toString('base64url')}`;
  writeFileSync(tokenFile(dataDir), token + '\n', { mode: 0o600 });
  return token;
}
