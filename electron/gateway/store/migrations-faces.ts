import type { Migration } from './migration.js';

// The faces of the systems AgentMesh grew from (JSON-RPC, orchestration, agent services) and
// space memory (versions 8 on). Append only, as migrations.ts says.
export const faceMigrations: Migration[] = [
  {
    // The JSON-RPC manager (specs/003): model agents, env presets per agent and their
    // snapshots, coordination lock leases, agent metrics samples, heartbeats and protocol
    // versions of agents, and the audit log of every state-changing call.
    version: 8,
    sql: `
      CREATE TABLE model_agents (
        id TEXT PRIMARY KEY,
        config TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE env_active (
        agent_id TEXT PRIMARY KEY,
        preset TEXT NOT NULL,
        variables TEXT NOT NULL,
        switched_at TEXT NOT NULL
      );
      CREATE TABLE env_snapshots (
        id TEXT PRIMARY KEY,
        agent_id TEXT NOT NULL,
        ts TEXT NOT NULL,
        preset TEXT NOT NULL,
        variables TEXT NOT NULL,
        description TEXT,
        checksum TEXT NOT NULL
      );
      CREATE INDEX env_snapshots_agent ON env_snapshots (agent_id, ts);
      CREATE TABLE coordination_locks (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        owner TEXT NOT NULL,
        acquired_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      );
      CREATE INDEX coordination_locks_name ON coordination_locks (name);
      CREATE TABLE agent_metrics (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        agent_id TEXT NOT NULL,
        ts INTEGER NOT NULL,
        status TEXT NOT NULL,
        cpu_percent REAL,
        memory_mb REAL,
        disk_io_kb REAL,
        network_io_kb REAL,
        response_time_ms REAL,
        error_count INTEGER,
        task_count INTEGER,
        uptime_seconds REAL,
        source TEXT NOT NULL,
        additional_data TEXT
      );
      CREATE INDEX agent_metrics_agent_ts ON agent_metrics (agent_id, ts);
      CREATE INDEX agent_metrics_ts ON agent_metrics (ts);
      CREATE TABLE agent_presence (
        agent_id TEXT PRIMARY KEY,
        status TEXT,
        current_tasks TEXT,
        protocol_version TEXT,
        features TEXT,
        initialized_at TEXT,
        last_heartbeat TEXT
      );
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        ts TEXT NOT NULL,
        actor_kind TEXT NOT NULL,
        actor TEXT NOT NULL,
        face TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT,
        outcome TEXT NOT NULL
      );
      CREATE INDEX audit_log_ts ON audit_log (ts);
      `,
    },
    {
    // Orchestration (specs/002): a task dispatched by another agent's task records who sent it
    // and the workflow it belongs to; a CLI's own session id is kept so an interrupted task can
    // be continued; deployments add instances to the resource pool (derived agents included).
    version: 9,
    sql: `
      ALTER TABLE tasks ADD COLUMN workflow_id TEXT;
      ALTER TABLE tasks ADD COLUMN source_agent TEXT;
      ALTER TABLE tasks ADD COLUMN agent_session_id TEXT;
      CREATE INDEX tasks_workflow ON tasks (workflow_id);
      CREATE TABLE agent_deployments (
        id TEXT PRIMARY KEY,
        agent_id TEXT NOT NULL,
        base_agent_id TEXT,
        template_id TEXT,
        derived_config TEXT,
        scope TEXT NOT NULL,
        session_id TEXT,
        instance_count INTEGER NOT NULL,
        launch_mode TEXT NOT NULL,
        config TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL
      );
      CREATE INDEX agent_deployments_agent ON agent_deployments (agent_id);
    `,
  },
  {
    // Space memory: every message, task result and text artifact of a space in chunks, searched
    // with FTS5 (kept by triggers). Vectors live in a sqlite-vec table made once the embedding
    // model's vector length is known (memory/vector-index.ts); `embedded` says where a chunk is.
    version: 10,
    sql: `
      CREATE TABLE memory_chunks (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        space_id TEXT NOT NULL,
        source_type TEXT NOT NULL,
        source_id INTEGER NOT NULL,
        task_id TEXT,
        author TEXT,
        artifact TEXT,
        seq INTEGER NOT NULL,
        text TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        embedded INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX memory_chunks_space ON memory_chunks (space_id, id);
      CREATE INDEX memory_chunks_source ON memory_chunks (source_type, source_id);
      CREATE INDEX memory_chunks_artifact ON memory_chunks (space_id, artifact) WHERE artifact IS NOT NULL;
      CREATE INDEX memory_chunks_waiting ON memory_chunks (id) WHERE embedded = 0;
      CREATE INDEX memory_chunks_refused ON memory_chunks (id) WHERE embedded = -1;
      CREATE VIRTUAL TABLE memory_fts USING fts5(
        text, space_id, content = 'memory_chunks', content_rowid = 'id', tokenize = 'porter unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER memory_chunks_indexed AFTER INSERT ON memory_chunks BEGIN
        INSERT INTO memory_fts (rowid, text, space_id) VALUES (new.id, new.text, new.space_id);
      END;
      CREATE TRIGGER memory_chunks_removed AFTER DELETE ON memory_chunks BEGIN
        INSERT INTO memory_fts (memory_fts, rowid, text, space_id) VALUES ('delete', old.id, old.text, old.space_id);
      END;
      CREATE TABLE memory_state (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );
    `,
  },
  {
    // Agent services (specs/004): the supervised servers, their health checks, their output
    // lines (FTS5 for /logs/search) and their stats samples.
    version: 11,
    sql: `
      CREATE TABLE services (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        description TEXT NOT NULL,
        agent_factory_path TEXT,
        command TEXT,
        args TEXT NOT NULL,
        cwd TEXT,
        env TEXT NOT NULL,
        host TEXT NOT NULL,
        port INTEGER NOT NULL,
        tags TEXT NOT NULL,
        config TEXT NOT NULL,
        desired_state TEXT NOT NULL,
        created_at TEXT NOT NULL,
        started_at TEXT
      );
      CREATE TABLE service_health (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        service_id TEXT NOT NULL,
        ts TEXT NOT NULL,
        status TEXT NOT NULL,
        response_time_ms REAL,
        error TEXT
      );
      CREATE INDEX service_health_service ON service_health (service_id, id);
      CREATE TABLE service_logs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        service_id TEXT NOT NULL,
        ts TEXT NOT NULL,
        level TEXT NOT NULL,
        stream TEXT NOT NULL,
        message TEXT NOT NULL
      );
      CREATE INDEX service_logs_service ON service_logs (service_id, id);
      CREATE VIRTUAL TABLE service_logs_fts USING fts5(message, content='service_logs', content_rowid='id');
      CREATE TRIGGER service_logs_ai AFTER INSERT ON service_logs BEGIN
        INSERT INTO service_logs_fts (rowid, message) VALUES (new.id, new.message);
      END;
      CREATE TRIGGER service_logs_ad AFTER DELETE ON service_logs BEGIN
        INSERT INTO service_logs_fts (service_logs_fts, rowid, message) VALUES ('delete', old.id, old.message);
      END;
      CREATE TABLE service_metrics (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        service_id TEXT NOT NULL,
        ts INTEGER NOT NULL,
        connections INTEGER NOT NULL,
        sessions INTEGER NOT NULL,
        messages INTEGER NOT NULL,
        errors INTEGER NOT NULL,
        cpu_percent REAL,
        memory_mb REAL,
        response_time_ms REAL
      );
      CREATE INDEX service_metrics_ts ON service_metrics (service_id, ts);
    `,
  },
  {
    // Space memory's vector sketches (memory/sketch-index.ts): 2,048 sign bits of each embedded
    // chunk's vector, a first pass for a search over every space whose candidates are then ranked
    // exactly. Chunks embedded before this are sketched in the background after the upgrade.
    version: 12,
    sql: `
      CREATE TABLE memory_sketches (
        chunk_id INTEGER PRIMARY KEY,
        sketch BLOB NOT NULL
      );
    `,
  },
];
