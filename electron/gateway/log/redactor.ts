export const MASK = '***';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Replaces every registered secret with `***`. The secrets are compiled into one regular
 * expression, rebuilt only when a new one is added, so redacting costs one scan of the text
 * however many secrets there are. Secrets are only ever added: a key rotated out of the
 * config may still sit in an old error message.
 */
export class Redactor {
  private readonly secrets = new Set<string>();
  private matcher: RegExp | undefined;
  private stale = false;

  /** Secrets shorter than `minLength` are ignored: masking them would mangle ordinary text. */
  add(secret: string | undefined, minLength = 4): void {
    if (!secret || secret.length < minLength) return;
    // Inside JSON (stored task events, error bodies) a secret with quotes or backslashes is escaped.
    for (const form of new Set([secret, JSON.stringify(secret).slice(1, -1)])) {
      if (this.secrets.has(form)) continue;
      this.secrets.add(form);
      this.stale = true;
    }
  }

  redact(text: string): string {
    if (this.stale) this.compile();
    if (!this.matcher || !text) return text;
    this.matcher.lastIndex = 0;
    return this.matcher.test(text) ? text.replace(this.matcher, MASK) : text;
  }

  private compile(): void {
    this.stale = false;
    // Longest first, so a secret that contains another is masked whole.
    const alternatives = [...this.secrets].sort((a, b) => b.length - a.length).map(escape);
    this.matcher = alternatives.length ? new RegExp(alternatives.join('|'), 'g') : undefined;
  }
}
