import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { migrations } from './migrations.js';

let dir: string | undefined;
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }));

it('numbers the migrations 1, 2, 3… in order, applies each once, and reopens an upgraded file as it is', () => {
  expect(migrations.map((migration) => migration.version)).toEqual(migrations.map((_, i) => i + 1));
  dir = mkdtempSync(join(tmpdir(), 'agentmesh-db-'));
  const versions = (db: ReturnType<typeof openDatabase>) => db.prepare<[], { version: number }>('SELECT version FROM schema_migrations ORDER BY version').all().map((row) => row.version);
  const first = openDatabase(dir);
  expect(versions(first)).toEqual(migrations.map((migration) => migration.version));
  first.prepare('INSERT INTO memory_sketches (chunk_id, sketch) VALUES (?, ?)').run(1, Buffer.alloc(4));
  first.close();
  const again = openDatabase(dir);
  expect(versions(again)).toEqual(migrations.map((migration) => migration.version));
  expect((again.prepare('SELECT COUNT(*) AS n FROM memory_sketches').get() as { n: number }).n).toBe(1);
  again.close();
});
