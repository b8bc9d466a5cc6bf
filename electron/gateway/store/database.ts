import Database from 'better-sqlite3';
import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { migrations } from './migrations.js';
import { privateDirMode, privateFileMode, restrictFile } from './private-files.js';

export type Db = Database.Database;

/** Opens (creating if needed) the data directory's SQLite file in WAL mode and migrates it; owner-only. */
export function openDatabase(dataDir: string, file = 'agentmesh.db'): Db {
  mkdirSync(dataDir, { recursive: true, mode: privateDirMode });
  const path = join(dataDir, file);
  // SQLite gives the -wal and -shm files it creates the database file's mode.
  if (!existsSync(path)) closeSync(openSync(path, 'a', privateFileMode));
  for (const part of [path, `${path}-wal`, `${path}-shm`]) restrictFile(part);
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

export function migrate(db: Db): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const applied = new Set(
    db.prepare<[], { version: number }>('SELECT version FROM schema_migrations').all().map((row) => row.version),
  );
  const record = db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)');
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(migration.version, new Date().toISOString());
    })();
  }
}
