import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, it, vi } from 'vitest';
import { appContent } from './app-content.js';
import { secureSession } from './session-security.js';

function fakeSession() {
  const hooks: Record<string, (...args: any[]) => unknown> = {};
  const session = {
    webRequest: {
      onBeforeRequest: (listener: any) => void (hooks.beforeRequest = listener),
      onHeadersReceived: (listener: any) => void (hooks.headersReceived = listener),
    },
    setPermissionRequestHandler: (handler: any) => void (hooks.permissionRequest = handler),
    setPermissionCheckHandler: (handler: any) => void (hooks.permissionCheck = handler),
  };
  const answer = (hook: string, ...args: unknown[]) => {
    let response: unknown;
    hooks[hook]!(...args, (value: unknown) => (response = value));
    return response as any;
  };
  return { session, hooks, answer };
}

const content = appContent({ mainDir: join(process.cwd(), 'out', 'main'), devUrl: undefined, packaged: true });
const page = pathToFileURL(join(content.rendererDir, 'index.html')).href;
const script = pathToFileURL(join(content.rendererDir, 'assets', 'index.js')).href;

it('blocks every request that is not part of the app', () => {
  const { session, answer } = fakeSession();
  const logger = { warn: vi.fn() };
  secureSession(session as never, content, logger as never);
  expect(answer('beforeRequest', { url: page })).toEqual({ cancel: false });
  expect(answer('beforeRequest', { url: script })).toEqual({ cancel: false });
  expect(answer('beforeRequest', { url: 'devtools://devtools/bundled/inspector.html' })).toEqual({ cancel: false });
  for (const url of ['https://cdn.example/lib.js', 'http://127.0.0.1:3000/api/settings.revealToken', 'file:///etc/passwd']) {
    expect(answer('beforeRequest', { url })).toEqual({ cancel: true });
  }
  expect(logger.warn).toHaveBeenCalledTimes(3);
});

it('puts our CSP on our documents, replacing any other, and leaves other responses alone', () => {
  const { session, answer } = fakeSession();
  secureSession(session as never, content, { warn: vi.fn() } as never);
  const ours = answer('headersReceived', { url: page, responseHeaders: { 'content-security-policy': ['default-src *'], 'X-Other': ['1'] } }) as { responseHeaders: Record<string, string[]> };
  expect(ours.responseHeaders).toEqual({ 'X-Other': ['1'], 'Content-Security-Policy': [content.contentSecurityPolicy] });
  expect(answer('headersReceived', { url: 'https://elsewhere.example/', responseHeaders: {} })).toEqual({});
});

it('denies every permission except clipboard writes from our own page', () => {
  const { session, hooks } = fakeSession();
  secureSession(session as never, content, { warn: vi.fn() } as never);
  const request = (permission: string, requestingUrl: string) => {
    let granted: boolean | undefined;
    (hooks.permissionRequest as (...args: unknown[]) => void)({}, permission, (value: boolean) => (granted = value), { requestingUrl });
    return granted;
  };
  for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']) expect(request(permission, page)).toBe(false);
  expect(request('clipboard-sanitized-write', page)).toBe(true);
  expect(request('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
  expect(hooks.permissionCheck!({}, 'media', 'file:///', { requestingUrl: page })).toBe(false);
  expect(hooks.permissionCheck!({}, 'clipboard-sanitized-write', 'file:///', { requestingUrl: page })).toBe(true);
});
