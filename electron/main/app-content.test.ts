import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { appContent, devServerUrl } from './app-content.js';

const root = join(process.cwd(), 'out');
const mainDir = join(root, 'main');
const index = pathToFileURL(join(root, 'renderer', 'index.html')).href;

describe('app content (built renderer)', () => {
  const content = appContent({ mainDir, devUrl: undefined, packaged: true });

  it('is the renderer next to the main bundle, at hash routes', () => {
    expect(content.rendererDir).toBe(join(root, 'renderer'));
    expect(content.urlOf()).toBe(`${index}#/`);
    expect(content.urlOf('/dispatch')).toBe(`${index}#/dispatch`);
    expect(content.urlOf('tasks/abc')).toBe(`${index}#/tasks/abc`);
  });

  it('knows its own page and resources from everything else', () => {
    expect(content.isAppPage(`${index}#/tasks/1`)).toBe(true);
    expect(content.isAppResource(pathToFileURL(join(root, 'renderer', 'assets', 'index.js')).href)).toBe(true);
    for (const other of [
      pathToFileURL(join(root, 'renderer', 'assets', 'index.js')).href,
      pathToFileURL(join(root, 'main', 'index.js')).href,
      pathToFileURL('/etc/passwd').href,
      pathToFileURL(join(root, 'renderer', '..', '..', 'package.json')).href,
      'https://evil.example/index.html',
      'http://localhost:5173/',
      'not a url',
    ]) {
      expect(content.isAppPage(other), other).toBe(false);
    }
    expect(content.isAppResource('https://cdn.example/x.js')).toBe(false);
    expect(content.isAppResource(pathToFileURL('/etc/passwd').href)).toBe(false);
  });

  it('has a strict CSP: nothing by default, scripts only from the app, no inline script', () => {
    const csp = content.contentSecurityPolicy;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/script-src[^;]*unsafe/);
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
  });
});

describe('app content (dev server)', () => {
  it('uses a loopback dev server only when not packaged', () => {
    expect(devServerUrl('http://localhost:5173/', false)?.host).toBe('localhost:5173');
    expect(devServerUrl('http://localhost:5173/', true)).toBeUndefined();
    expect(devServerUrl('https://evil.example/', false)).toBeUndefined();
    expect(devServerUrl('http://10.0.0.2:5173/', false)).toBeUndefined();
  });

  it('treats the dev server (and its HMR socket) as the app, and lets its inline preamble run', () => {
    const content = appContent({ mainDir, devUrl: 'http://localhost:5173', packaged: false });
    expect(content.urlOf('/dispatch')).toBe('http://localhost:5173/#/dispatch');
    expect(content.isAppPage('http://localhost:5173/#/dispatch')).toBe(true);
    expect(content.isAppPage('http://localhost:5173/src/main.tsx')).toBe(false);
    expect(content.isAppResource('http://localhost:5173/src/main.tsx')).toBe(true);
    expect(content.isAppResource('ws://localhost:5173/')).toBe(true);
    expect(content.isAppPage('http://localhost:5174/')).toBe(false);
    expect(content.isAppPage(index)).toBe(false);
    expect(content.contentSecurityPolicy).toContain('connect-src \'self\' ws://localhost:5173');
  });
});
