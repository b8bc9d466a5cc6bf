import type { Migration } from './migration.js';

// The gateway's own tables: the usage ledger, tasks and spaces, quotas, the agent hub, the
// request log, artifacts (versions 1 to 7). Append only, as migrations.ts says.
export const coreMigrations: Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE usage (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        ts INTEGER NOT NULL,
        client TEXT,
        inbound TEXT NOT NULL,
        requested_model TEXT,
        provider TEXT,
        upstream_model TEXT,
        status INTEGER NOT NULL,
        error TEXT,
        latency_ms REAL NOT NULL,
        ttfb_ms REAL,
        input_tokens INTEGER NOT NULL DEFAULT 0,
        output_tokens INTEGER NOT NULL DEFAULT 0,
        cached_tokens INTEGER NOT NULL DEFAULT 0,
        cost_usd REAL NOT NULL DEFAULT 0,
        attempts INTEGER NOT NULL DEFAULT 1,
        stream INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX usage_ts ON usage (ts);
      CREATE INDEX usage_provider_ts ON usage (provider, ts);
    `,
  },
  {
    version: 2,
    sql: `
      CREATE TABLE agents (
        id TEXT PRIMARY KEY,
        config TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE tasks (
        id TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        prompt TEXT NOT NULL,
        target TEXT NOT NULL,
        assigned_agents TEXT NOT NULL DEFAULT '[]',
        result TEXT,
        error TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT,
        correlation_id TEXT,
        source TEXT NOT NULL DEFAULT 'api',
        parent_id TEXT,
        depends_on TEXT NOT NULL DEFAULT '[]',
        space_id TEXT,
        cwd TEXT,
        isolation TEXT NOT NULL DEFAULT 'none',
        worktree TEXT,
        options TEXT NOT NULL DEFAULT '{}',
        exit_code INTEGER,
        pid INTEGER,
        input_tokens INTEGER NOT NULL DEFAULT 0,
        output_tokens INTEGER NOT NULL DEFAULT 0,
        cached_tokens INTEGER NOT NULL DEFAULT 0,
        cost_usd REAL NOT NULL DEFAULT 0
      );
      CREATE INDEX tasks_status ON tasks (status, created_at);
      CREATE INDEX tasks_parent ON tasks (parent_id);
      CREATE TABLE task_events (
        task_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        ts TEXT NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (task_id, seq)
      );
      CREATE TABLE spaces (
        id TEXT PRIMARY KEY,
        metadata TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE space_messages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        space_id TEXT NOT NULL,
        role TEXT NOT NULL,
        author TEXT,
        task_id TEXT,
        content TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX space_messages_space ON space_messages (space_id, id);
      CREATE TABLE space_artifacts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        space_id TEXT NOT NULL,
        task_id TEXT,
        path TEXT NOT NULL,
        change TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX space_artifacts_space ON space_artifacts (space_id);
      ALTER TABLE usage ADD COLUMN agent_id TEXT;
      ALTER TABLE usage ADD COLUMN task_id TEXT;
      CREATE INDEX usage_task ON usage (task_id);
    `,
  },
  {
    // Quotas and budgets: why a chain passed targets by, the dispatch warning of a task,
    // and the index behind per-agent budget sums.
    version: 3,
    sql: `
      ALTER TABLE usage ADD COLUMN skipped TEXT;
      ALTER TABLE tasks ADD COLUMN quota_warning TEXT;
      CREATE INDEX usage_agent_ts ON usage (agent_id, ts);
    `,
  },
  {
    // When each agent process started, so recovery never kills a process that reused its pid.
    version: 4,
    sql: `ALTER TABLE tasks ADD COLUMN pid_start TEXT;`,
  },
  {
    // The WebSocket agent hub: agent-to-agent messages (bounded), counters that outlive a
    // restart, per-agent connection tokens (only their hash), the remote agents seen (so tasks
    // queued for them survive a restart), and a remote task's progress.
    version: 5,
    sql: `
      CREATE TABLE hub_messages (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        message_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        conversation_id TEXT NOT NULL,
        from_agent TEXT NOT NULL,
        to_agent TEXT NOT NULL,
        body TEXT NOT NULL,
        ts TEXT NOT NULL
      );
      CREATE INDEX hub_messages_conversation ON hub_messages (conversation_id, id);
      CREATE TABLE hub_counters (
        name TEXT PRIMARY KEY,
        value INTEGER NOT NULL
      );
      CREATE TABLE agent_tokens (
        id TEXT PRIMARY KEY,
        agent_id TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        last_used_at TEXT
      );
      CREATE INDEX agent_tokens_agent ON agent_tokens (agent_id);
      CREATE TABLE hub_agents (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        capabilities TEXT NOT NULL,
        max_concurrent INTEGER NOT NULL,
        card TEXT,
        last_seen_at TEXT NOT NULL
      );
      ALTER TABLE tasks ADD COLUMN progress REAL;
    `,
  },
  {
    // One cost per task and its source; the request log's fallbacks and opt-in bodies.
    version: 6,
    sql: `
      ALTER TABLE tasks ADD COLUMN cost_source TEXT;
      ALTER TABLE usage ADD COLUMN fallbacks TEXT;
      ALTER TABLE usage ADD COLUMN request_id TEXT;
      CREATE TABLE request_bodies (
        request_id TEXT PRIMARY KEY,
        ts INTEGER NOT NULL,
        request TEXT,
        response TEXT
      );
      CREATE INDEX request_bodies_ts ON request_bodies (ts);
    `,
  },
  {
    // Space artifacts carry their content (agentmesh 1.x artifacts); `path` is the artifact's name, the newest row per name wins.
    version: 7,
    sql: `
      ALTER TABLE space_artifacts ADD COLUMN content BLOB;
      ALTER TABLE space_artifacts ADD COLUMN mime TEXT;
      ALTER TABLE space_artifacts ADD COLUMN size INTEGER;
      ALTER TABLE space_artifacts ADD COLUMN truncated INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX space_artifacts_name ON space_artifacts (space_id, path, id);
    `,
  },
];
