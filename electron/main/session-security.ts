import type { Session } from 'electron';
import type { Logger } from '../gateway/log/logger.js';
import type { AppContent } from './app-content.js';

// Chromium-internal schemes that DevTools and the renderer's own data need; nothing remote.
const internal = /^(devtools|chrome-extension|data|blob):/;

/**
 * The session's rules for every window: no remote content at all, our strict CSP on our own
 * documents (the renderer's <meta> policy stays as a second line), and no permission beyond
 * writing to the clipboard from our own page (the Settings view copies the token).
 */
export function secureSession(session: Session, content: AppContent, logger: Logger): void {
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = content.isAppResource(details.url) || internal.test(details.url);
    if (!allowed) logger.warn('blocked a request for content that is not part of the app', { url: details.url });
    callback({ cancel: !allowed });
  });

  session.webRequest.onHeadersReceived((details, callback) => {
    if (!content.isAppResource(details.url)) return callback({});
    const headers = Object.fromEntries(Object.entries(details.responseHeaders ?? {}).filter(([name]) => name.toLowerCase() !== 'content-security-policy'));
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [content.contentSecurityPolicy] } });
  });

  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(permission === 'clipboard-sanitized-write' && content.isAppPage(details.requestingUrl));
  });
  session.setPermissionCheckHandler((_contents, permission, _origin, details) => permission === 'clipboard-sanitized-write' && content.isAppPage(details.requestingUrl ?? ''));
}
