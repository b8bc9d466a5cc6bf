import { existsSync, readFileSync } from 'node:fs';
import type { ConnectContext, FileEdit, FileWriter } from './connect-types.js';

/**
 * Every writer's edit, all computed from the files as they are now before anything is written:
 * one writer may read another's file (Codex's profile takes settings from config.toml).
 */
export function planEdits(writers: FileWriter[], ctx: ConnectContext): FileEdit[] {
  return writers.map((writer) => {
    const path = writer.path(ctx);
    const before = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    return { path, before, after: writer.edit(before, ctx), ...(writer.undo ? { undo: writer.undo } : {}) };
  });
}
