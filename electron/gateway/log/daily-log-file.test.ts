import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { createGateway } from '../server.js';
import { DailyLogFile, dayOf } from './daily-log-file.js';
import { createLogger } from './logger.js';

const temp = () => mkdtempSync(join(tmpdir(), 'agentmesh-logs-'));
const lines = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);

describe('the daily log file', () => {
  it('starts a new file when the local day changes and keeps only keepDays of them', () => {
    const dir = temp();
    let now = new Date(2026, 2, 1, 23, 59);
    // Files from older runs: one inside the window, two outside it, and a stranger left alone.
    for (const day of ['2026-02-27', '2026-02-25', '2026-01-01']) writeFileSync(join(dir, `gateway-${day}.log`), '{}\n');
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const file = new DailyLogFile(dir, 3, () => now);
    file.write('{"msg":"before midnight"}');
    now = new Date(2026, 2, 2, 0, 1);
    file.write('{"msg":"after midnight"}');
    file.close();
    expect(readdirSync(dir).sort()).toEqual(['gateway-2026-03-01.log', 'gateway-2026-03-02.log', 'notes.txt']);
    expect(lines(join(dir, 'gateway-2026-03-01.log'))).toEqual([{ msg: 'before midnight' }]);
    expect(lines(join(dir, 'gateway-2026-03-02.log'))).toEqual([{ msg: 'after midnight' }]);
    expect(statSync(join(dir, 'gateway-2026-03-02.log')).mode & 0o777).toBe(0o600);
  });
});

describe('logging: in the config', () => {
  const dataDir = temp();
  const logDir = join(dataDir, 'logs');
  const configPath = join(dataDir, 'config.yaml');
  const stderr: string[] = [];
  writeFileSync(configPath, stringify({ server: { token: 'log-test-token-0123456789' }, logging: { dir: logDir, level: 'warn', keepDays: 2 } }));
  const gateway = createGateway({ configPath, dataDir, port: 0, logger: createLogger({ write: (line) => stderr.push(line) }) });
  afterAll(() => gateway.stop());

  it('writes JSON lines to gateway-YYYY-MM-DD.log besides stderr, at the configured level, secrets masked', async () => {
    await gateway.start();
    const logger = gateway.services.logger;
    logger.info('too chatty for warn');
    logger.warn('provider slow', { provider: 'deepseek', token: 'log-test-token-0123456789' });
    const file = join(logDir, `gateway-${dayOf(new Date())}.log`);
    const entries = lines(file);
    expect(entries.some((entry) => entry.msg === 'too chatty for warn')).toBe(false);
    expect(entries.at(-1)).toMatchObject({ level: 'warn', msg: 'provider slow', provider: 'deepseek', token: '***', time: expect.any(String) });
    expect(stderr.at(-1)).toMatch(/WARN provider slow provider=deepseek token=\*\*\*/);
    expect(readFileSync(file, 'utf8')).not.toContain('log-test-token-0123456789');
  });

  it('follows a config edit: a new directory is used from then on', async () => {
    const moved = join(dataDir, 'elsewhere');
    gateway.services.config.update((document) => ({ ...document, logging: { dir: moved, level: 'info' } }));
    gateway.services.logger.info('after the move');
    expect(lines(join(moved, `gateway-${dayOf(new Date())}.log`)).at(-1)).toMatchObject({ level: 'info', msg: 'after the move' });
    expect(existsSync(join(logDir, `gateway-${dayOf(new Date())}.log`))).toBe(true);
    expect(readFileSync(join(logDir, `gateway-${dayOf(new Date())}.log`), 'utf8')).not.toContain('after the move');
  });
});
