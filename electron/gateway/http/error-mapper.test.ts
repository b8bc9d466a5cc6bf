import express from 'express';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../log/logger.js';
import { errorMapper } from './error-mapper.js';
import { HttpError } from './http-error.js';

// The gateway's log is what a user reads when something breaks: an ERROR line must mean a
// failure nobody planned for, not a refusal the gateway gives by design (the test run used
// to print "ERROR request failed" for the browser face's 501 on a desktop-only method).
const lines: string[] = [];
let server: ReturnType<express.Express['listen']>;
let url: string;

beforeAll(async () => {
  const app = express();
  app.get('/desktop-only', () => {
    throw new HttpError(501, 'DESKTOP_ONLY', 'Only the desktop app can do this');
  });
  app.get('/bug', () => {
    throw new TypeError("Cannot read properties of undefined (reading 'id')");
  });
  app.get('/missing', () => {
    throw new HttpError(404, 'TASK_NOT_FOUND', 'No task');
  });
  app.use(errorMapper(createLogger({ level: 'debug', write: (line) => lines.push(line) })));
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const logOf = async (path: string) => {
  lines.length = 0;
  const response = await fetch(url + path);
  return { status: response.status, body: (await response.json()) as { error: { code: string; message: string } }, lines: [...lines] };
};

it('logs a 5xx the gateway chose to answer as a warning, not an ERROR', async () => {
  const { status, body, lines: logged } = await logOf('/desktop-only');
  expect(status).toBe(501);
  expect(body.error.code).toBe('DESKTOP_ONLY');
  expect(logged).toHaveLength(1);
  expect(logged[0]).toMatch(/ WARN request answered with an error path=\/desktop-only status=501 code=DESKTOP_ONLY/);
  expect(logged.join('\n')).not.toMatch(/ ERROR /);
});

it('logs an unexpected failure as an ERROR with its cause, and tells the client only "Internal error"', async () => {
  const { status, body, lines: logged } = await logOf('/bug');
  expect(status).toBe(500);
  expect(body.error).toEqual({ code: 'INTERNAL_ERROR', message: 'Internal error' });
  expect(logged).toEqual([expect.stringMatching(/ ERROR request failed path=\/bug error=TypeError: Cannot read properties of undefined/)]);
});

it('does not log a client error at all', async () => {
  const { status, lines: logged } = await logOf('/missing');
  expect(status).toBe(404);
  expect(logged).toEqual([]);
});
