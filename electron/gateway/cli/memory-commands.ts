import type { Command } from 'commander';
import { z } from 'zod';
import { searchModes, type MemoryHit, type MemorySearchResult, type MemorySource, type MemoryStatus } from '../../../shared/schemas/memory.js';
import { addressOptions } from './address-options.js';
import { apiClient } from './api-client.js';
import { clientFlagsSchema, parseFlags } from './options.js';
import { output } from './output.js';

const memoryFlagsSchema = clientFlagsSchema.extend({
  space: z.array(z.string().min(1)).optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
  mode: z.enum(searchModes).optional(),
});

export const sourceLabel = (source: MemorySource): string =>
  source.type === 'artifact' ? `artifact ${source.artifact}` : source.type === 'task' ? `result of ${source.task_id}${source.author ? ` (${source.author})` : ''}` : `message from ${source.author ?? 'user'}`;

/** A snippet for a terminal: <mark> becomes bold (plain brackets when not a TTY), entities decoded. */
function terminalSnippet(snippet: string, tty: boolean): string {
  const [on, off] = tty ? ['\u001b[1m', '\u001b[22m'] : ['[', ']'];
  return snippet
    .replaceAll('<mark>', on)
    .replaceAll('</mark>', off)
    .replace(/&(lt|gt|quot|#39|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[name]!);
}

function printHits(result: MemorySearchResult & { spaces?: string[] | null }, tty: boolean): string {
  const lines = [`${result.results.length} result(s) for "${result.query}" (${result.mode}, ${result.took_ms} ms)`];
  result.warnings.forEach((warning) => lines.push(`note: ${warning}`));
  result.results.forEach((hit: MemoryHit, index) => {
    lines.push('', `${index + 1}. ${hit.space_id}  ${sourceLabel(hit.source)}  ${new Date(hit.created_at).toISOString()}  score ${hit.score}`);
    lines.push(`   ${terminalSnippet(hit.snippet, tty)}`);
  });
  return lines.join('\n');
}

/** `agentmesh memory search|status`: space memory of a running gateway. */
export function addMemoryCommands(program: Command): void {
  const memory = program.command('memory').description("search what the agents' shared spaces hold (messages, task results, artifacts)");
  const options = (command: Command) => addressOptions(command).option('--json', 'print JSON');

  options(memory.command('search').argument('<query>', 'what to look for, in your words'))
    .description('search every space, or the ones named with --space (hybrid: full-text and, with an embedding model, vectors)')
    .option('--space <id...>', 'only these spaces')
    .option('--limit <n>', 'results (default 10)')
    .option('--mode <mode>', `${searchModes.join('|')} (default hybrid)`)
    .action(async (query: string, raw) => {
      const flags = parseFlags(memoryFlagsSchema, raw);
      const params = new URLSearchParams({ q: query });
      if (flags.space?.length) params.set('spaces', flags.space.join(','));
      if (flags.limit) params.set('limit', String(flags.limit));
      if (flags.mode) params.set('mode', flags.mode);
      const result = await apiClient(flags).call<MemorySearchResult>('GET', `/memory/search?${params}`);
      output(flags.json, result, () => printHits(result, process.stdout.isTTY === true));
    });

  options(memory.command('status'))
    .description('the index and the embedding backlog')
    .action(async (raw) => {
      const flags = parseFlags(memoryFlagsSchema, raw);
      const status = await apiClient(flags).call<MemoryStatus>('GET', '/memory/status');
      output(flags.json, status, () =>
        [
          `embedding model: ${status.embedding_model ?? 'none (full-text search only)'}${status.dimensions ? ` (${status.dimensions} dimensions)` : ''}`,
          `state: ${status.state}${status.last_error ? ` (${status.last_error})` : ''}`,
          `chunks: ${status.chunks}, embedded ${status.embedded}, backlog ${status.backlog}, refused ${status.refused}`,
        ].join('\n'),
      );
    });
}
