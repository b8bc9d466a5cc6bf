import type { MemorySource } from '@shared/contract';

/** Where a chunk came from, in a few words. */
export const memorySourceText = (source: MemorySource): string =>
  source.type === 'artifact' ? `artifact ${source.artifact}` : source.type === 'task' ? `result of ${source.task_id}${source.author ? ` by ${source.author}` : ''}` : `message from ${source.author ?? 'user'}`;
