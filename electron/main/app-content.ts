import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Where the renderer comes from — the electron-vite dev server, or the built files next to
 * the main bundle — and which URLs are ours. Everything else is remote content.
 */
export interface AppContent {
  /** The built renderer (the gateway serves the same files at /ui). */
  readonly rendererDir: string;
  /** A page or frame URL that is our renderer's document. */
  isAppPage(url: string): boolean;
  /** Any request that belongs to our renderer: its document, scripts, styles, dev-server socket. */
  isAppResource(url: string): boolean;
  /** The renderer at a hash route: `/`, `/dispatch`, `/tasks/<id>`. */
  urlOf(route?: string): string;
  readonly contentSecurityPolicy: string;
}

const parse = (url: string) => {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
};

/** Only a loopback dev server counts: a packaged app never takes its page from an env var. */
export function devServerUrl(value: string | undefined, packaged: boolean): URL | undefined {
  if (packaged || !value) return undefined;
  const url = parse(value);
  return url && url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname) ? url : undefined;
}

export function contentSecurityPolicy(dev: URL | undefined): string {
  return [
    "default-src 'none'",
    // Vite's dev client injects an inline module preamble (React refresh) and talks over a socket.
    dev ? "script-src 'self' 'unsafe-inline'" : "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    dev ? `connect-src 'self' ws://${dev.host}` : "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

export function appContent(options: { mainDir: string; devUrl: string | undefined; packaged: boolean }): AppContent {
  const rendererDir = resolve(options.mainDir, '../renderer');
  const indexFile = join(rendererDir, 'index.html');
  const dev = devServerUrl(options.devUrl, options.packaged);

  const inRenderer = (url: URL) => {
    if (url.protocol !== 'file:') return false;
    const path = relative(rendererDir, fileURLToPath(url));
    return path !== '' && !path.startsWith('..') && !isAbsolute(path);
  };
  const onDevServer = (url: URL) => Boolean(dev) && ['http:', 'ws:'].includes(url.protocol) && url.host === dev!.host;

  return {
    rendererDir,
    contentSecurityPolicy: contentSecurityPolicy(dev),
    isAppPage(value) {
      const url = parse(value);
      if (!url) return false;
      if (dev) return url.protocol === 'http:' && onDevServer(url) && (url.pathname === '/' || url.pathname === '/index.html');
      return inRenderer(url) && resolve(fileURLToPath(url)) === indexFile;
    },
    isAppResource(value) {
      const url = parse(value);
      return Boolean(url) && (dev ? onDevServer(url!) : inRenderer(url!));
    },
    urlOf(route = '/') {
      const base = dev ? new URL('/', dev).href : pathToFileURL(indexFile).href;
      return `${base}#${route.startsWith('/') ? route : `/${route}`}`;
    },
  };
}
