export type LogTone = 'plain' | 'warning' | 'danger';

/**
 * How a line an agent wrote to stderr should look. CLIs print progress and notices there
 * (Codex: "Reading prompt from stdin..."), so stderr alone is no warning: only words that
 * say so are.
 */
export function logTone(line: string): LogTone {
  if (/\b(error|fatal|panic|exception|traceback|failed|failure|denied|refused)\b/i.test(line)) return 'danger';
  if (/\b(warn|warning|deprecated)\b/i.test(line)) return 'warning';
  return 'plain';
}
