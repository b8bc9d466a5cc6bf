export interface Migration {
  version: number;
  sql: string;
}

// Append only: a released migration is never edited, a change is a new version.
export const migrations: Migration[] = [
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
];
