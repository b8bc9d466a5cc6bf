import type { ServiceLogLevel } from '../../../shared/schemas/services.js';

export interface ParsedLine {
  level: ServiceLogLevel;
  message: string;
}

const named: Record<string, ServiceLogLevel> = {
  trace: 'debug', debug: 'debug', verbose: 'debug', info: 'info', information: 'info', notice: 'info', log: 'info',
  warn: 'warn', warning: 'warn', error: 'error', err: 'error', fatal: 'error', critical: 'error', crit: 'error', panic: 'error', alert: 'error', emerg: 'error',
};

/** pino/bunyan numeric levels. */
const numeric = (value: number): ServiceLogLevel => (value >= 50 ? 'error' : value >= 40 ? 'warn' : value >= 30 ? 'info' : 'debug');

const keyword = /\b(TRACE|DEBUG|INFO|NOTICE|WARN|WARNING|ERROR|ERR|FATAL|CRITICAL|CRIT|PANIC)\b/;

/**
 * A service's output line with a level: a JSON line's own `level`/`severity`/`lvl` and its
 * `msg`/`message`; otherwise the first level word in the line (`INFO:root:…`, `[ERROR]`), a
 * Python traceback's lines as errors, and plain text as info.
 */
export function parseLogLine(line: string): ParsedLine {
  const trimmed = line.trim();
  if (trimmed.startsWith('{') && trimmed.endsWith('}')) {
    try {
      const record = JSON.parse(trimmed) as Record<string, unknown>;
      const raw = record.level ?? record.severity ?? record.lvl ?? record.levelname;
      const level = typeof raw === 'number' ? numeric(raw) : typeof raw === 'string' ? (named[raw.toLowerCase()] ?? 'info') : 'info';
      const text = record.msg ?? record.message;
      return { level, message: typeof text === 'string' ? text : trimmed };
    } catch {
      // Not JSON after all: read it as text.
    }
  }
  const found = keyword.exec(line.toUpperCase());
  if (found) return { level: named[found[1]!.toLowerCase()] ?? 'info', message: line };
  if (/^Traceback \(most recent call last\)|^\s+File ".*", line \d+|^\w*(Error|Exception):/.test(line)) return { level: 'error', message: line };
  return { level: 'info', message: line };
}

export const levelRank: Record<ServiceLogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
