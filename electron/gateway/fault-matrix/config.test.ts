import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ConfigStatus, ContractEvents } from '../../../shared/contract/index.js';
import type { GatewayEvents } from '../events/gateway-events.js';
import { createLogger } from '../log/logger.js';
import { createGateway } from '../server.js';
import { startHarness, type Harness } from '../testing/gateway-harness.js';
import { subscribeContractEvents } from '../ui/contract-events.js';

// Faults in the config file and the data directory, and what the gateway does about each.
// One gateway runs on a hand-written, commented config file for the whole file.

let h: Harness;
let path: string;
let revision = 0;
const env = { ...process.env, MATRIX_ANTHROPIC_KEY: 'sk-ant-from-env-0123456789' };

const goodText = () => `# AgentMesh config, edited by hand
server:
  port: 0 # the harness picks the port

providers:
  # The scripted upstream, one protocol each.
  - id: chatty
    type: openai-chat
    baseUrl: ${h.upstream.url}/v1
    apiKey: sk-upstream-chat-secret   # a literal key
    models: [chat-model]              # flow style on purpose
  - id: anthro
    type: anthropic
    baseUrl: ${h.upstream.url}
    apiKey: "\${MATRIX_ANTHROPIC_KEY}"
    models: [claude-test]

routes:
  - match: via-chat # first rule wins
    to: ["chatty:chat-model"]
# revision ${++revision}
`;

const g = () => h.gateway;
const isPosix = process.platform !== 'win32';
const modeOf = (file: string) => statSync(file).mode & 0o777;

const once = <K extends keyof GatewayEvents & string>(name: K) =>
  new Promise<GatewayEvents[K]>((resolve) => {
    const off = g().services.bus.on(name, (payload) => {
      off();
      resolve(payload);
    });
  });

/** What the gateway made of the next file edit it read: applied, or refused (and why). */
const nextFileOutcome = () =>
  Promise.race([
    once('config.changed').then(({ config }) => ({ kind: 'applied' as const, config, message: '' })),
    once('config.rejected').then(({ message }) => ({ kind: 'refused' as const, config: undefined, message })),
  ]);

const writeAndRead = async (text: string) => {
  const outcome = nextFileOutcome();
  writeFileSync(path, text);
  return outcome;
};

const restoreGoodFile = async () => {
  const outcome = await writeAndRead(goodText());
  expect(outcome.kind).toBe('applied');
};

/** A UI call as the face makes it: a handler may throw before it returns a promise. */
const ui = <T>(call: () => T | Promise<T>) => Promise.resolve().then(call);

const chatProvider = (overrides: Record<string, unknown> = {}) => ({
  id: 'chatty',
  type: 'openai-chat' as const,
  baseUrl: `${h.upstream.url}/v1`,
  models: ['chat-model'],
  enabled: true,
  ...overrides,
});

beforeAll(async () => {
  h = await startHarness({ configFile: true, env });
  path = h.configPath!;
  await restoreGoodFile();
});
afterAll(() => h.close());

describe('an edit that would wipe the running config', () => {
  it('an empty file is refused; the running config stays', async () => {
    const before = g().services.config.get();
    const outcome = await writeAndRead('');
    expect(outcome).toMatchObject({ kind: 'refused', message: expect.stringMatching(/empty/) });
    expect(g().services.config.get()).toBe(before);
    await restoreGoodFile();
  });

  it('a whitespace- or comment-only file is refused like an empty one', async () => {
    const before = g().services.config.get();
    expect(await writeAndRead('  \n\t\n')).toMatchObject({ kind: 'refused', message: expect.stringMatching(/empty/) });
    expect(await writeAndRead('# nothing but a comment\n')).toMatchObject({ kind: 'refused', message: expect.stringMatching(/empty/) });
    expect(g().services.config.get()).toBe(before);
    await restoreGoodFile();
  });

  it('an edit that removes every provider and agent at once is refused', async () => {
    const before = g().services.config.get();
    const outcome = await writeAndRead('server:\n  port: 0\nroutes: []\n');
    expect(outcome).toMatchObject({ kind: 'refused', message: expect.stringMatching(/removes every provider and agent/) });
    expect(g().services.config.get()).toBe(before);
    await restoreGoodFile();
  });

  it('a YAML alias bomb is refused without stopping the gateway', async () => {
    const levels = ['a', 'b', 'c', 'd', 'e', 'f'];
    const bomb = levels.map((name, index) => `${name}: &${name} [${Array(9).fill(index ? `*${levels[index - 1]}` : 'lol').join(', ')}]`).join('\n');
    expect(await writeAndRead(`${goodText()}${bomb}\n`)).toMatchObject({ kind: 'refused', message: expect.stringMatching(/alias/i) });
    await restoreGoodFile();
  });

  it('a write in two steps (truncate, then the new text) is read once, as the finished file', async () => {
    const outcome = nextFileOutcome();
    writeFileSync(path, '');
    // An editor truncating first and writing a moment later; the gap is the scenario, not a wait.
    await new Promise((resolve) => setTimeout(resolve, 150));
    writeFileSync(path, goodText().replace('match: via-chat', 'match: two-step'));
    const first = await outcome;
    expect(first.kind).toBe('applied');
    expect(first.config!.routes.map((route) => route.match)).toEqual(['two-step']);
    await restoreGoodFile();
  });
});

describe('a dashboard save over a file that holds a refused edit', () => {
  it('is refused with the line of the error, and the user\'s edit stays in the file as written', async () => {
    const broken = goodText().replace('type: openai-chat', 'type: carrier-pigeon');
    expect(await writeAndRead(broken)).toMatchObject({ kind: 'refused', message: expect.stringContaining('providers.0.type') });

    const save = ui(() => g().handlers['providers.save']({ provider: chatProvider({ models: ['chat-model', 'added-in-ui'] }) }));
    await expect(save).rejects.toMatchObject({ status: 409, code: 'CONFIG_FILE_BROKEN', message: expect.stringMatching(/config file has an error at line 8; fix or discard it first/) });
    await expect(ui(() => g().handlers['routes.save']({ routes: [] }))).rejects.toMatchObject({ code: 'CONFIG_FILE_BROKEN' });
    expect(readFileSync(path, 'utf8')).toBe(broken);
    expect(g().services.config.get().providers[0]!.type).toBe('openai-chat');
    await restoreGoodFile();
  });

  it('tells the UI when the file breaks and when it is fixed (config.status, and its event)', async () => {
    const seen: ContractEvents['config.status'][] = [];
    const off = subscribeContractEvents(g().services.bus, (name, payload) => {
      if (name === 'config.status') seen.push(payload as ConfigStatus);
    });
    try {
      expect(await g().handlers['config.status']({})).toEqual({ path, error: null });
      await writeAndRead(goodText().replace('providers:', 'providers: [oops'));
      const broken = await g().handlers['config.status']({});
      expect(broken.error).toMatchObject({ line: expect.any(Number), message: expect.stringMatching(/invalid YAML/) });
      expect(seen).toEqual([broken]);
      await restoreGoodFile();
      expect(await g().handlers['config.status']({})).toEqual({ path, error: null });
      expect(seen).toEqual([broken, { path, error: null }]);
    } finally {
      off();
    }
  });

  it('adopts a good hand edit the watcher has not read yet, instead of overwriting it', async () => {
    g().services.config.close();
    try {
      writeFileSync(path, goodText().replace('match: via-chat', 'match: hand-edit'));
      await g().handlers['providers.save']({ provider: chatProvider({ models: ['chat-model', 'ui-model'] }) });
      const written = parse(readFileSync(path, 'utf8'));
      expect(written.routes[0].match).toBe('hand-edit');
      expect(written.providers[0].models).toEqual(['chat-model', 'ui-model']);
    } finally {
      g().services.config.watch();
    }
    await restoreGoodFile();
  });
});

describe('a dashboard save', () => {
  it('keeps the file\'s comments, layout and ${VAR} references', async () => {
    const before = readFileSync(path, 'utf8');
    await g().handlers['providers.save']({ provider: chatProvider({ models: ['chat-model', 'ui-model'] }) });
    // Only the edited provider changes. The yaml package writes one space before a trailing
    // comment and a blank line before the closing one; everything else is as the user wrote it.
    const expected = before
      .replace('sk-upstream-chat-secret   # a literal key', 'sk-upstream-chat-secret # a literal key')
      .replace('models: [chat-model]              # flow style on purpose', 'models: [chat-model, ui-model] # flow style on purpose\n    enabled: true')
      .replace('\n# revision', '\n\n# revision');
    expect(readFileSync(path, 'utf8')).toBe(expected);
    await restoreGoodFile();
  });

  it('keeps the last five versions as config.yaml.1 … .5, and writes them and the file 0600', async () => {
    if (isPosix) chmodSync(path, 0o644);
    const written: string[] = [];
    for (let n = 1; n <= 7; n++) {
      written.unshift(readFileSync(path, 'utf8'));
      await g().handlers['providers.save']({ provider: chatProvider({ models: ['chat-model', `m${n}`] }) });
    }
    for (let n = 1; n <= 5; n++) {
      expect(readFileSync(`${path}.${n}`, 'utf8')).toBe(written[n - 1]);
      if (isPosix) expect(modeOf(`${path}.${n}`)).toBe(0o600);
    }
    expect(existsSync(`${path}.6`)).toBe(false);
    expect(existsSync(`${path}.bak`)).toBe(false);
    if (isPosix) expect(modeOf(path)).toBe(0o600);
    await restoreGoodFile();
  });
});

describe('a provider whose base URL moves to another host', () => {
  const otherHost = () => `http://localhost:${h.upstream.port}/v1`;

  it('is refused without a new key, so the stored key is never sent to the new host', async () => {
    const save = ui(() => g().handlers['providers.save']({ provider: chatProvider({ baseUrl: otherHost() }) }));
    await expect(save).rejects.toMatchObject({ status: 400, code: 'KEY_REQUIRED', message: expect.stringMatching(/enter its key again/) });
    expect(g().services.config.get().providers[0]!.baseUrl).toBe(`${h.upstream.url}/v1`);

    h.upstream.reset();
    const client = new OpenAI({ baseURL: h.v1, apiKey: h.token, maxRetries: 0 });
    await client.chat.completions.create({ model: 'via-chat', messages: [{ role: 'user', content: 'x' }] });
    expect(h.upstream.requests.map((request) => request.headers.host)).toEqual([`127.0.0.1:${h.upstream.port}`]);
  });

  it('is saved when the key is entered again', async () => {
    const view = await g().handlers['providers.save']({ provider: chatProvider({ baseUrl: otherHost(), apiKey: 'sk-for-the-new-host-0000' }) });
    expect(view).toMatchObject({ baseUrl: otherHost(), keyPreview: 'sk-…0000' });
    await restoreGoodFile();
  });

  it('keeps the stored key when only the path changes (same scheme, host and port)', async () => {
    const view = await g().handlers['providers.save']({ provider: chatProvider({ baseUrl: `${h.upstream.url}/v1/` }) });
    expect(view.keyPreview).toBe('sk-…cret');
    expect(g().services.config.get().providers[0]!.apiKey).toBe('sk-upstream-chat-secret');
    await restoreGoodFile();
  });
});

describe('file modes', () => {
  const token = 'matrix-token-0123456789';
  const quiet = () => createLogger({ level: 'error' });

  it.runIf(isPosix)('with --token, a new data dir is 0700 and the database and its -wal/-shm are 0600', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'agentmesh-modes-'));
    const dataDir = join(parent, 'data');
    const gateway = createGateway({ config: {}, dataDir, token, port: 0, logger: quiet() });
    try {
      expect(modeOf(dataDir)).toBe(0o700);
      for (const file of ['agentmesh.db', 'agentmesh.db-wal', 'agentmesh.db-shm']) expect(modeOf(join(dataDir, file))).toBe(0o600);
    } finally {
      await gateway.stop();
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it.runIf(isPosix)('an existing data dir with wider modes is tightened at start, and says so in one log line', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'agentmesh-modes-'));
    const dataDir = join(parent, 'data');
    // A data dir left by an older version: the directory 0755, the database files 0644.
    await createGateway({ config: {}, dataDir, token, port: 0, logger: quiet() }).stop();
    writeFileSync(join(dataDir, 'agentmesh.db-wal'), '', { flag: 'a' });
    for (const file of ['agentmesh.db', 'agentmesh.db-wal']) chmodSync(join(dataDir, file), 0o644);
    chmodSync(dataDir, 0o755);
    const lines: string[] = [];
    const gateway = createGateway({ config: {}, dataDir, token, port: 0, logger: createLogger({ level: 'info', write: (line) => lines.push(line) }) });
    try {
      expect(modeOf(dataDir)).toBe(0o700);
      for (const file of ['agentmesh.db', 'agentmesh.db-wal']) expect(modeOf(join(dataDir, file))).toBe(0o600);
      const told = lines.filter((line) => line.includes(dataDir) && /0755/.test(line) && /0700/.test(line));
      expect(told).toHaveLength(1);
    } finally {
      await gateway.stop();
      rmSync(parent, { recursive: true, force: true });
    }
  });
});
