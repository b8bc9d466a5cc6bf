import { serviceConfigSchema, type ServiceConfig } from '../../../shared/schemas/services.js';
import type { Db } from '../store/database.js';

export interface ServiceRecord {
  id: string;
  name: string;
  description: string;
  agent_factory_path: string | null;
  command: string | null;
  args: string[];
  cwd: string | null;
  env: Record<string, string>;
  host: string;
  port: number;
  tags: string[];
  config: ServiceConfig;
  /** What the service should be doing after a gateway restart. */
  desired_state: 'running' | 'stopped';
  created_at: string;
  started_at: string | null;
}

type Row = Omit<ServiceRecord, 'args' | 'env' | 'tags' | 'config'> & { args: string; env: string; tags: string; config: string };

const toRecord = (row: Row): ServiceRecord => ({
  ...row,
  args: JSON.parse(row.args) as string[],
  env: JSON.parse(row.env) as Record<string, string>,
  tags: JSON.parse(row.tags) as string[],
  // A config stored by an older build gains the fields added since, at their defaults.
  config: serviceConfigSchema.parse(JSON.parse(row.config)),
});

/** The registered services, one row each, in SQLite. */
export class ServiceStore {
  constructor(private readonly db: Db) {}

  list(): ServiceRecord[] {
    return this.db.prepare<[], Row>('SELECT * FROM services ORDER BY created_at, name').all().map(toRecord);
  }

  get(id: string): ServiceRecord | undefined {
    const row = this.db.prepare<[string], Row>('SELECT * FROM services WHERE id = ?').get(id);
    return row && toRecord(row);
  }

  byName(name: string): ServiceRecord | undefined {
    const row = this.db.prepare<[string], Row>('SELECT * FROM services WHERE name = ?').get(name);
    return row && toRecord(row);
  }

  insert(record: ServiceRecord): void {
    this.db
      .prepare(
        `INSERT INTO services (id, name, description, agent_factory_path, command, args, cwd, env, host, port, tags, config, desired_state, created_at, started_at)
         VALUES (@id, @name, @description, @agent_factory_path, @command, @args, @cwd, @env, @host, @port, @tags, @config, @desired_state, @created_at, @started_at)`,
      )
      .run(this.toRow(record));
  }

  update(record: ServiceRecord): void {
    this.db
      .prepare(
        `UPDATE services SET description = @description, agent_factory_path = @agent_factory_path, command = @command, args = @args, cwd = @cwd, env = @env,
         host = @host, port = @port, tags = @tags, config = @config, desired_state = @desired_state, started_at = @started_at WHERE id = @id`,
      )
      .run(this.toRow(record));
  }

  remove(id: string): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM services WHERE id = ?').run(id);
      this.db.prepare('DELETE FROM service_health WHERE service_id = ?').run(id);
      this.db.prepare('DELETE FROM service_logs WHERE service_id = ?').run(id);
      this.db.prepare('DELETE FROM service_metrics WHERE service_id = ?').run(id);
    })();
  }

  private toRow(record: ServiceRecord): Row {
    return { ...record, args: JSON.stringify(record.args), env: JSON.stringify(record.env), tags: JSON.stringify(record.tags), config: JSON.stringify(record.config) };
  }
}
