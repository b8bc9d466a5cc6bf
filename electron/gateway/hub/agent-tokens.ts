import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '../store/database.js';

export interface AgentTokenInfo {
  token_id: string;
  agent_id: string;
  created_at: string;
  last_used_at: string | null;
}

const prefix = 'amh_';
const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * Per-agent hub tokens: each opens only `/gateway/connect` as its own agent_id, nothing
 * else. Only a hash is stored, so the token is shown once, when created.
 */
export class AgentTokens {
  constructor(private readonly db: Db) {}

  create(agentId: string): AgentTokenInfo & { token: string } {
    const token = `${prefix}${randomBytes(24).toString('base64url')}`;
    const info: AgentTokenInfo = { token_id: `tok_${randomUUID().slice(0, 8)}`, agent_id: agentId, created_at: new Date().toISOString(), last_used_at: null };
    this.db.prepare('INSERT INTO agent_tokens (id, agent_id, hash, created_at) VALUES (?, ?, ?, ?)').run(info.token_id, agentId, hashOf(token), info.created_at);
    return { ...info, token };
  }

  /** The agent a token belongs to, or undefined. The lookup is by a hash of the whole token, so it leaks nothing through timing. */
  verify(given: string | undefined): { tokenId: string; agentId: string } | undefined {
    if (!given?.startsWith(prefix)) return undefined;
    const row = this.db.prepare<[string], { id: string; agent_id: string }>('SELECT id, agent_id FROM agent_tokens WHERE hash = ?').get(hashOf(given));
    if (!row) return undefined;
    this.db.prepare('UPDATE agent_tokens SET last_used_at = ? WHERE id = ?').run(new Date().toISOString(), row.id);
    return { tokenId: row.id, agentId: row.agent_id };
  }

  list(agentId: string): AgentTokenInfo[] {
    return this.db
      .prepare<[string], { id: string; agent_id: string; created_at: string; last_used_at: string | null }>('SELECT * FROM agent_tokens WHERE agent_id = ? ORDER BY created_at')
      .all(agentId)
      .map((row) => ({ token_id: row.id, agent_id: row.agent_id, created_at: row.created_at, last_used_at: row.last_used_at }));
  }

  /** Deletes the token; returns whether it existed. */
  revoke(agentId: string, tokenId: string): boolean {
    return this.db.prepare('DELETE FROM agent_tokens WHERE id = ? AND agent_id = ?').run(tokenId, agentId).changes > 0;
  }
}
