import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { Router } from 'express';
import type { UiSessions } from '../../ui/sessions.js';
import { sessionCookieName } from '../../ui/sessions.js';

export const uiCsp = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body style="font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;line-height:1.5"><h1>${title}</h1>${body}</body></html>`;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/**
 * Serves the built renderer at /ui (public: it is only the app's code; every API call it
 * makes needs the session) and the one-time login that sets the HttpOnly session cookie.
 */
export function uiStaticRoutes(uiDir: string, sessions: UiSessions, port: () => number): Router {
  const router = Router();
  router.use('/ui', (_req, res, next) => {
    res.setHeader('content-security-policy', uiCsp);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('x-frame-options', 'DENY');
    res.setHeader('referrer-policy', 'no-referrer');
    next();
  });
  router.get('/ui/login', (req, res) => {
    const code = typeof req.query.code === 'string' ? req.query.code : '';
    const session = code ? sessions.redeem(code) : undefined;
    if (!session) {
      res.status(401).type('html').send(page('This login link is no longer valid', '<p>Each dashboard link works once, for ten minutes. Run <code>agentmesh dashboard</code> (or restart <code>agentmesh gateway</code>) for a new one.</p>'));
      return;
    }
    res.cookie(sessionCookieName(port()), session, { httpOnly: true, sameSite: 'strict', path: '/', maxAge: 7 * 24 * 3_600_000 });
    res.redirect(303, '/ui/');
  });
  if (existsSync(join(uiDir, 'index.html'))) {
    router.use('/ui', express.static(uiDir, { index: 'index.html', maxAge: 0 }));
    // Our own 404: the static server's error would name the file it looked for, i.e. where
    // the app is installed, to anyone who asks.
    router.use('/ui', (req, res) => {
      const path = escapeHtml(req.originalUrl.split('?')[0] ?? '');
      res.status(404).type('html').send(page('Not found', `<p>There is no <code>${path}</code> in the dashboard. <a href="/ui/">Open the dashboard</a>.</p>`));
    });
  } else {
    router.use('/ui', (_req, res) => {
      res.status(503).type('html').send(page('The dashboard is not built', '<p>Run <code>npm run build</code>, then reload.</p>'));
    });
  }
  router.get('/', (_req, res) => res.redirect(302, '/ui/'));
  return router;
}
