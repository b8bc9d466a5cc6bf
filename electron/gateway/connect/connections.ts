import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { privateDirMode, writePrivateFile } from '../store/private-files.js';
import { writeWithBackup } from './backup.js';
import { connectClients, clientIds, type ClientId } from './clients.js';
import type { ConnectContext } from './connect-types.js';
import { unifiedDiff } from './line-diff.js';
import { planEdits } from './plan-edits.js';

/** A file a connection changed: the copy taken first (null: connect created it) and what was written. */
interface ConnectedFile {
  path: string;
  backup: string | null;
  writtenSha256: string;
}

export interface ConnectionRecord {
  gateway: string;
  providerId: string;
  connectedAt: string;
  files: ConnectedFile[];
}

type Connections = Partial<Record<ClientId, ConnectionRecord>>;

/** `<data-dir>/connections.json`: what each client was pointed at, and the backups to restore. */
export const connectionsFile = (dataDir: string) => join(dataDir, 'connections.json');
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');

function readConnections(dataDir: string): Connections {
  const path = connectionsFile(dataDir);
  if (!existsSync(path)) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as Connections;
  } catch (error) {
    throw new Error(`${path} is not valid JSON (${(error as Error).message}); fix or remove it`);
  }
}

function writeConnections(dataDir: string, connections: Connections): void {
  mkdirSync(dataDir, { recursive: true, mode: privateDirMode });
  writePrivateFile(connectionsFile(dataDir), `${JSON.stringify(connections, null, 2)}\n`);
}

export interface ConnectOutcome {
  client: ClientId;
  label: string;
  written: { path: string; created: boolean; backup?: string }[];
  unchanged: string[];
  /** The unified diff of every change; with dryRun, nothing was written. */
  diff: string;
  notes: string[];
}

export function connectClient(id: ClientId, ctx: ConnectContext, options: { dryRun?: boolean } = {}): ConnectOutcome {
  const client = connectClients[id];
  const edits = planEdits(client.writers, ctx);
  const diff = edits.map((edit) => unifiedDiff(edit.path, edit.before, edit.after)).join('');
  const outcome: ConnectOutcome = { client: id, label: client.label, written: [], unchanged: [], diff, notes: client.notes(ctx) };
  if (options.dryRun) {
    outcome.unchanged = edits.filter((edit) => edit.before === edit.after).map((edit) => edit.path);
    return outcome;
  }
  const connections = readConnections(ctx.dataDir);
  const earlier = connections[id]?.files ?? [];
  const files: ConnectedFile[] = [];
  for (const edit of edits) {
    const known = earlier.find((file) => file.path === edit.path);
    if (edit.before === edit.after) {
      outcome.unchanged.push(edit.path);
      if (known) files.push(known);
      continue;
    }
    const result = writeWithBackup(edit.path, edit.before, edit.after);
    outcome.written.push({ path: edit.path, created: edit.before === undefined, ...(result.backup ? { backup: result.backup } : {}) });
    // Connecting again keeps the first backup: disconnect restores the file as it was before any of it.
    files.push({ path: edit.path, backup: known ? known.backup : (result.backup ?? null), writtenSha256: sha256(edit.after) });
  }
  if (files.length) connections[id] = { gateway: ctx.gatewayUrl, providerId: ctx.providerId, connectedAt: new Date().toISOString(), files };
  writeConnections(ctx.dataDir, connections);
  return outcome;
}

export interface DisconnectOutcome {
  client: ClientId;
  label: string;
  connected: boolean;
  /** One line per file: what was done to it. */
  actions: string[];
}

/** Puts every file the client's connection changed back as it was, keeping any later edit as a copy. */
export function disconnectClient(id: ClientId, ctx: Pick<ConnectContext, 'dataDir' | 'env'>): DisconnectOutcome {
  const client = connectClients[id];
  const connections = readConnections(ctx.dataDir);
  const record = connections[id];
  const outcome: DisconnectOutcome = { client: id, label: client.label, connected: Boolean(record), actions: [] };
  if (!record) return outcome;
  const writerCtx: ConnectContext = { ...ctx, gatewayUrl: record.gateway, token: '', providerId: record.providerId };
  for (const file of record.files) {
    const current = existsSync(file.path) ? readFileSync(file.path, 'utf8') : undefined;
    const undo = client.writers.find((writer) => writer.undo && writer.path(writerCtx) === file.path)?.undo;
    if (undo && current !== undefined) {
      writeFileSync(file.path, undo(current));
      outcome.actions.push(`removed the agentmesh block from ${file.path}`);
      continue;
    }
    // Edited since connect: keep that version beside the file rather than lose it.
    const keep = current !== undefined && sha256(current) !== file.writtenSha256 ? `${file.path}.bak-${stamp()}` : undefined;
    if (keep) copyFileSync(file.path, keep);
    const kept = keep ? ` (your later version: ${keep})` : '';
    if (file.backup === null) {
      rmSync(file.path, { force: true });
      outcome.actions.push(`removed ${file.path}, which connect created${kept}`);
    } else if (existsSync(file.backup)) {
      copyFileSync(file.backup, file.path);
      outcome.actions.push(`restored ${file.path} from ${file.backup}${kept}`);
    } else {
      outcome.actions.push(`left ${file.path} as it is: its backup ${file.backup} is gone`);
    }
  }
  delete connections[id];
  writeConnections(ctx.dataDir, connections);
  return outcome;
}

export interface ConnectionStatus {
  client: ClientId;
  label: string;
  detected: boolean;
  gateway: string | null;
  connectedAt: string | null;
  files: string[];
}

export function listConnections(ctx: Pick<ConnectContext, 'dataDir' | 'env'>): ConnectionStatus[] {
  const connections = readConnections(ctx.dataDir);
  return clientIds.map((id) => {
    const record = connections[id];
    return {
      client: id,
      label: connectClients[id].label,
      detected: connectClients[id].detect(ctx.env),
      gateway: record?.gateway ?? null,
      connectedAt: record?.connectedAt ?? null,
      files: record?.files.map((file) => file.path) ?? [],
    };
  });
}

/** `all`: every client whose tool is on this machine. */
export const detectedClients = (env: NodeJS.ProcessEnv): ClientId[] => clientIds.filter((id) => connectClients[id].detect(env));
