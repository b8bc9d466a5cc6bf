import { resolve } from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { ConfigFile, keptVersions } from '../config/config-file.js';
import { parseFlags } from './options.js';

const migrateFlagsSchema = z.strictObject({ dryRun: z.boolean().optional(), json: z.boolean().optional() });

/**
 * `agentmesh config migrate FILE`: rewrites a config written in agentmesh 1.x's spelling
 * (gateway.yaml) into this gateway's own, in place, keeping comments where the key stayed
 * and the previous text as FILE.1; `--dry-run` prints the result instead.
 */
export function addConfigCommand(program: Command): void {
  const config = program.command('config').description('config files');
  config
    .command('migrate')
    .argument('<file>', 'a YAML config, e.g. agentmesh 1.x config/gateway.yaml')
    .description(`rewrite an agentmesh 1.x config in this gateway's spelling (the previous text is kept as FILE.1 … FILE.${keptVersions})`)
    .option('--dry-run', 'print the rewritten file and what was translated; write nothing')
    .option('--json', 'print JSON')
    .action((path: string, raw) => {
      const flags = parseFlags(migrateFlagsSchema, raw);
      const file = new ConfigFile(resolve(path));
      // `${VAR}` references stay as written: the environment only fills in values for validation.
      const loaded = file.load(process.env);
      const translated = loaded.dialect ?? [];
      const { text } = file.render(loaded.document);
      const written = translated.length > 0 && !flags.dryRun;
      if (written) file.save(loaded.document);
      const backup = written ? `${file.path}.1` : null;
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ file: file.path, written, backup, translated, ...(flags.dryRun ? { text } : {}) }, null, 2)}\n`);
        return;
      }
      if (!translated.length) return void process.stdout.write(`${file.path} is already in this gateway's spelling; nothing to do\n`);
      const lines = translated.map((note) => `  ${note.from} -> ${note.to ?? '(dropped)'}${note.note ? `: ${note.note}` : ''}`);
      if (flags.dryRun) return void process.stdout.write(`${text}\n# would translate:\n${lines.map((line) => `#${line}`).join('\n')}\n`);
      process.stdout.write(`migrated ${file.path} (the previous text is kept as ${backup})\n${lines.join('\n')}\n`);
    });
}
