import { expect, it } from 'vitest';
import { createLogger } from './logger.js';

it('redacts a token given in a query string (hub clients that cannot set headers send ?token=)', () => {
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', write: (line) => lines.push(line) });
  logger.error('upgrade failed', { path: '/gateway/connect?agent_id=bot&token=amh_secretvalue123&x=1' });
  logger.info('url', { url: 'ws://host/gateway/connect?token=another-secret' });
  expect(lines.join('\n')).not.toMatch(/amh_secretvalue123|another-secret/);
  expect(lines[0]).toContain('agent_id=bot&token=***&x=1');
});
