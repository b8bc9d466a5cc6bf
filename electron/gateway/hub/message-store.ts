import type { ContentBlock, ConversationView, HubMessageView } from '../../../shared/schemas/hub.js';
import type { Db } from '../store/database.js';

/** One routed frame: a `send` (kind message) or a `result`. */
export interface HubMessageRecord {
  message_id: string;
  kind: 'message' | 'result';
  conversation_id: string;
  from_agent_id: string;
  to_agent_id: string;
  content?: ContentBlock[];
  success?: boolean;
  result?: unknown;
  metadata: Record<string, unknown>;
  timestamp: string;
}

interface Row {
  message_id: string;
  kind: string;
  conversation_id: string;
  from_agent: string;
  to_agent: string;
  body: string;
  ts: string;
}

/** A row as the batch insert binds it: message_id, kind, conversation_id, from_agent, to_agent, body, ts. */
type Pending = [string, string, string, string, string, string, string];

const previewChars = 2_000;
const flushAt = 256;
const flushAfterMs = 100;
const totalCounter = 'total_messages';

/** What a person reads of a message: its text blocks (other blocks by type), or the result as text. */
export function messageText(record: Pick<HubMessageRecord, 'kind' | 'content' | 'result'>): string {
  const text =
    record.kind === 'message'
      ? (record.content ?? []).map((block) => (block.type === 'text' ? (block.text ?? '') : `[${block.type}]`)).join('\n')
      : typeof record.result === 'string'
        ? record.result
        : (JSON.stringify(record.result) ?? '');
  return text.length > previewChars ? `${text.slice(0, previewChars)}…` : text;
}

export function messageView(record: HubMessageRecord): HubMessageView {
  return {
    message_id: record.message_id,
    kind: record.kind,
    conversation_id: record.conversation_id,
    from_agent_id: record.from_agent_id,
    to_agent_id: record.to_agent_id,
    text: messageText(record),
    success: record.kind === 'result' ? (record.success ?? null) : null,
    metadata: record.metadata,
    timestamp: record.timestamp,
  };
}

/**
 * Agent-to-agent messages in SQLite, written in batches (one transaction per ~100 ms or
 * 256 messages) so routing never waits on the disk. Only the newest `retention` messages are
 * kept, each body cut to `storedBytes`; the count of every message ever routed survives
 * restarts and pruning.
 */
export class HubMessageStore {
  private queue: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private persistedTotal: number;
  private readonly insert;
  private readonly count;
  private readonly prune;

  constructor(
    private readonly db: Db,
    private readonly limits: () => { retention: number; storedBytes: number },
  ) {
    const row = db.prepare<[string], { value: number }>('SELECT value FROM hub_counters WHERE name = ?').get(totalCounter);
    this.persistedTotal = row?.value ?? 0;
    this.insert = db.prepare<Pending>('INSERT INTO hub_messages (message_id, kind, conversation_id, from_agent, to_agent, body, ts) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.count = db.prepare<[string, number]>('INSERT INTO hub_counters (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = value + excluded.value');
    this.prune = db.prepare<[number]>('DELETE FROM hub_messages WHERE id <= (SELECT MAX(id) FROM hub_messages) - ?');
  }

  add(record: HubMessageRecord): void {
    const { storedBytes } = this.limits();
    const full = JSON.stringify(record.kind === 'message' ? { content: record.content, metadata: record.metadata } : { success: record.success, result: record.result, metadata: record.metadata });
    // Length in UTF-16 units bounds the bytes from below; only a long body pays for the exact count.
    const body = full.length * 3 <= storedBytes || Buffer.byteLength(full) <= storedBytes ? full : JSON.stringify({ truncated: true, text: messageText(record).slice(0, storedBytes / 4), success: record.success, metadata: {} });
    this.queue.push([record.message_id, record.kind, record.conversation_id, record.from_agent_id, record.to_agent_id, body, record.timestamp]);
    if (this.queue.length >= flushAt) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), flushAfterMs).unref();
  }

  /** Every message routed since the database was created. */
  total(): number {
    return this.persistedTotal + this.queue.length;
  }

  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.queue.length) return;
    const rows = this.queue;
    this.queue = [];
    const retention = this.limits().retention;
    this.db.transaction(() => {
      for (const row of rows) this.insert.run(...row);
      this.count.run(totalCounter, rows.length);
      this.prune.run(retention);
    })();
    this.persistedTotal += rows.length;
  }

  /** The most recently active conversations, newest first. */
  conversations(limit: number): ConversationView[] {
    this.flush();
    const groups = this.db
      .prepare<[number], { conversation_id: string; n: number; started: string; updated: string; last_id: number; senders: string; receivers: string }>(
        `SELECT conversation_id, COUNT(*) AS n, MIN(ts) AS started, MAX(ts) AS updated, MAX(id) AS last_id,
           json_group_array(DISTINCT from_agent) AS senders, json_group_array(DISTINCT to_agent) AS receivers
         FROM hub_messages GROUP BY conversation_id ORDER BY last_id DESC LIMIT ?`,
      )
      .all(limit);
    const last = this.db.prepare<[number], Row>('SELECT * FROM hub_messages WHERE id = ?');
    return groups.map((group) => {
      const row = last.get(group.last_id);
      return {
        conversation_id: group.conversation_id,
        participants: [...new Set([...(JSON.parse(group.senders) as string[]), ...(JSON.parse(group.receivers) as string[])])],
        message_count: group.n,
        started_at: group.started,
        updated_at: group.updated,
        last: row ? rowView(row) : null,
      };
    });
  }

  /** The newest `limit` messages of a conversation, oldest first. */
  messages(conversationId: string, limit: number): HubMessageView[] {
    this.flush();
    return this.db
      .prepare<[string, number], Row>('SELECT * FROM (SELECT * FROM hub_messages WHERE conversation_id = ? ORDER BY id DESC LIMIT ?) ORDER BY id')
      .all(conversationId, limit)
      .map(rowView);
  }

  /** Who opened a conversation (the sender of its first message), for results routed after a restart. */
  openerOf(conversationId: string): { opener: string; peer: string } | undefined {
    this.flush();
    const row = this.db
      .prepare<[string], { from_agent: string; to_agent: string }>("SELECT from_agent, to_agent FROM hub_messages WHERE conversation_id = ? AND kind = 'message' ORDER BY id LIMIT 1")
      .get(conversationId);
    return row ? { opener: row.from_agent, peer: row.to_agent } : undefined;
  }
}

function rowView(row: Row): HubMessageView {
  const body = JSON.parse(row.body) as { content?: ContentBlock[]; success?: boolean; result?: unknown; metadata?: Record<string, unknown>; truncated?: boolean; text?: string };
  const kind = row.kind === 'result' ? 'result' : 'message';
  const record: HubMessageRecord = {
    message_id: row.message_id,
    kind,
    conversation_id: row.conversation_id,
    from_agent_id: row.from_agent,
    to_agent_id: row.to_agent,
    content: body.truncated ? [{ type: 'text', text: body.text ?? '' }] : body.content,
    success: body.success,
    result: body.truncated ? body.text : body.result,
    metadata: body.metadata ?? {},
    timestamp: row.ts,
  };
  return messageView(record);
}
