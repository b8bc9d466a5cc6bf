import { closeSync, mkdirSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { LogConfig } from '../../../shared/schemas/config.js';
import { privateFileMode } from '../store/private-files.js';
import type { Logger } from './logger.js';

const fileName = /^gateway-(\d{4}-\d{2}-\d{2})\.log$/;
const pad = (n: number) => String(n).padStart(2, '0');
/** The local calendar day, as the file name has it. */
export const dayOf = (date: Date) => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;

/**
 * `gateway-YYYY-MM-DD.log` in one directory: JSON lines, a new file when the local day
 * changes, and files older than `keepDays` (today's counted) removed at each new file.
 */
export class DailyLogFile {
  private fd: number | undefined;
  private day = '';

  constructor(
    readonly dir: string,
    private readonly keepDays: number,
    private readonly now: () => Date = () => new Date(),
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  write(line: string): void {
    const today = dayOf(this.now());
    if (today !== this.day) this.rotate(today);
    // Synchronous and appended: a crash right after an entry still leaves it in the file.
    writeSync(this.fd!, `${line}\n`);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    this.day = '';
  }

  private rotate(today: string): void {
    this.close();
    this.fd = openSync(join(this.dir, `gateway-${today}.log`), 'a', privateFileMode);
    this.day = today;
    const oldest = new Date(this.now());
    oldest.setDate(oldest.getDate() - (this.keepDays - 1));
    const cutoff = dayOf(oldest);
    for (const name of readdirSync(this.dir)) {
      const day = fileName.exec(name)?.[1];
      if (day && day < cutoff) rmSync(join(this.dir, name), { force: true });
    }
  }
}

/** Keeps the logger's file sink in step with the config's `log:` section (opened, moved, closed on reload). */
export class GatewayLogFiles {
  private file: DailyLogFile | undefined;
  private detach: (() => void) | undefined;
  private key = '';

  constructor(private readonly logger: Logger) {}

  apply(log: LogConfig): void {
    const dir = log.dir ? resolve(log.dir) : undefined;
    const key = dir ? `${dir}\n${log.keepDays}` : '';
    if (key === this.key) return;
    this.close();
    this.key = key;
    if (!dir) return;
    try {
      const file = new DailyLogFile(dir, log.keepDays);
      this.file = file;
      this.detach = this.logger.addSink((line) => {
        try {
          file.write(line);
        } catch (error) {
          // A full disk must not break whatever was logging: stop writing the file, say so on stderr.
          this.close();
          this.logger.error('writing the log file failed; logging to stderr only', { dir, error: (error as Error).message });
        }
      });
    } catch (error) {
      this.logger.error('the log directory cannot be used; logging to stderr only', { dir, error: (error as Error).message });
    }
  }

  close(): void {
    this.detach?.();
    this.file?.close();
    this.detach = undefined;
    this.file = undefined;
    this.key = '';
  }
}
