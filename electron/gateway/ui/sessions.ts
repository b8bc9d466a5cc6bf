import { randomBytes } from 'node:crypto';

const codeTtlMs = 10 * 60_000;
const sessionTtlMs = 7 * 24 * 3_600_000;

/**
 * Browser sessions for the dashboard. A login code is good for one use within ten
 * minutes; it becomes a session id carried in an HttpOnly cookie, so the token itself
 * never sits in a URL or in page script.
 */
export class UiSessions {
  private readonly codes = new Map<string, number>();
  private readonly sessions = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  createLoginCode(): string {
    const code = randomBytes(24).toString('base64url');
    this.codes.set(code, this.now() + codeTtlMs);
    return code;
  }

  /** Exchanges a code for a session id; undefined when the code is unknown, used or stale. */
  redeem(code: string): string | undefined {
    const expires = this.codes.get(code);
    this.codes.delete(code);
    if (!expires || expires < this.now()) return undefined;
    const session = randomBytes(32).toString('base64url');
    this.sessions.set(session, this.now() + sessionTtlMs);
    return session;
  }

  valid(session: string | undefined): boolean {
    if (!session) return false;
    const expires = this.sessions.get(session);
    if (!expires || expires < this.now()) {
      this.sessions.delete(session);
      return false;
    }
    return true;
  }

  clear(): void {
    this.sessions.clear();
    this.codes.clear();
  }
}

export const sessionCookieName = (port: number) => `agentmesh_session_${port}`;

export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}
