import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writePrivateFile } from '../store/private-files.js';

const PREFIX = 'enc:v1:';

/**
 * Encrypts secret env values before they enter the database (AES-256-GCM, a random key kept
 * in a 0600 file of the data dir, beside the token), so a copied database holds no key in clear.
 */
export class SecretBox {
  private key: Buffer | undefined;

  constructor(private readonly dataDir: string) {}

  static isSealed(value: string): boolean {
    return value.startsWith(PREFIX);
  }

  seal(value: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keyOf(), iv);
    const body = Buffer.concat([cipher.update(value, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  /** Throws when the value was sealed with another key or altered. */
  open(sealed: string): string {
    const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.keyOf(), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  private keyOf(): Buffer {
    if (this.key) return this.key;
    const file = join(this.dataDir, 'env-secrets.key');
    if (!existsSync(file)) writePrivateFile(file, randomBytes(32).toString('base64'));
    this.key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    return this.key;
  }
}
