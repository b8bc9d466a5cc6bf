import { MASK, Redactor } from './redactor.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** Registers a value that must never appear in output (tokens, API keys); `minLength` guards against masking common words. */
  addSecret(secret: string | undefined, minLength?: number): void;
  /**
   * Masks every registered secret in text that leaves the gateway or enters the database
   * (error bodies, usage rows, task events). Log lines are masked on their own.
   */
  redact(text: string): string;
  /** Changes the threshold (the config's `logging.level` when no flag set one). */
  setLevel(level: LogLevel): void;
  /** Also sends every entry, as one redacted JSON line, to `sink` (the daily log file); returns a detach. */
  addSink(sink: (jsonLine: string) => void): () => void;
}

// Shapes of credentials that may reach a log through an error message we did not write.
// `?token=` is how hub clients that cannot set headers authenticate a WebSocket upgrade.
const credentialPatterns = [/(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, /\b(sk-[A-Za-z0-9_-]{4})[A-Za-z0-9_-]{8,}/g, /([?&]token=)[^&\s"']+/gi];

export function createLogger(options: { level?: LogLevel; write?: (line: string) => void } = {}): Logger {
  let threshold = order[options.level ?? 'info'];
  const sinks = new Set<(jsonLine: string) => void>();
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const secrets = new Redactor();

  const redactLine = (text: string): string => {
    let out = secrets.redact(text);
    for (const pattern of credentialPatterns) out = out.replace(pattern, `$1${MASK}`);
    return out;
  };

  const log = (level: LogLevel, message: string, fields?: Record<string, unknown>) => {
    if (order[level] < threshold) return;
    const time = new Date().toISOString();
    if (sinks.size) {
      const json = redactLine(JSON.stringify({ time, level, msg: message, ...fields }));
      for (const sink of sinks) sink(json);
    }
    const rest = fields
      ? Object.entries(fields)
          .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
          .join(' ')
      : '';
    write(redactLine(`${time} ${level.toUpperCase()} ${message}${rest ? ' ' + rest : ''}`));
  };

  return {
    debug: (message, fields) => log('debug', message, fields),
    info: (message, fields) => log('info', message, fields),
    warn: (message, fields) => log('warn', message, fields),
    error: (message, fields) => log('error', message, fields),
    addSecret: (secret, minLength) => secrets.add(secret, minLength),
    redact: (text) => secrets.redact(text),
    setLevel: (level) => {
      threshold = order[level];
    },
    addSink: (sink) => {
      sinks.add(sink);
      return () => sinks.delete(sink);
    },
  };
}
