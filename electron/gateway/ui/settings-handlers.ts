import type { GatewayStatus, SettingsView } from '../../../shared/contract/index.js';
import { claudeSettingsPath, writeClaudeSettings, claudeEnvironment } from '../connect/claude.js';
import { connectCodex } from '../connect/codex.js';
import { HttpError } from '../http/http-error.js';
import { maskKey } from './provider-handlers.js';
import type { HandlerGroup, UiContext } from './types.js';

export function settingsView(ctx: UiContext): SettingsView {
  const url = new URL(ctx.url());
  return {
    url: ctx.url(),
    host: url.hostname,
    port: Number(url.port),
    dataDir: ctx.dataDir,
    tokenPreview: maskKey(ctx.token()) ?? '',
    desktop: ctx.desktop,
    launchAtLogin: null,
    paused: ctx.paused(),
    configPath: ctx.configPath,
  };
}

export function gatewayStatus(ctx: UiContext): GatewayStatus {
  return {
    url: ctx.url(),
    running: true,
    paused: ctx.paused(),
    providers: ctx.services.providers.health().map(({ id, available, reason }) => ({ id, available, ...(reason ? { reason } : {}) })),
    agents: ctx.services.agents.list().map(({ id, state }) => ({ id, state })),
  };
}

const desktopOnly = () => {
  throw new HttpError(501, 'DESKTOP_ONLY', 'Only the desktop app can do this');
};

export function settingsHandlers(
  ctx: UiContext,
): HandlerGroup<'gateway.status' | 'gateway.setPaused' | 'config.status' | 'settings.get' | 'settings.revealToken' | 'settings.rotateToken' | 'settings.connect' | 'settings.setLaunchAtLogin'> {
  return {
    'gateway.status': () => gatewayStatus(ctx),
    'gateway.setPaused': desktopOnly,
    'config.status': () => ctx.services.config.status(),
    'settings.get': () => settingsView(ctx),
    'settings.revealToken': () => ({ token: ctx.token() }),
    'settings.rotateToken': () => ({ token: ctx.rotateToken() }),
    'settings.connect': ({ client, write }) => {
      if (client === 'codex') {
        const result = connectCodex({ gatewayUrl: ctx.url() });
        const what = result.changed ? `Added the "${result.providerId}" provider and MCP server to ${result.path}` : `${result.path} already points at this gateway`;
        return { message: `${what}. Set ${result.envKey} to the gateway token where Codex runs, then use \`codex --profile ${result.providerId}\`.`, path: result.path };
      }
      if (!write) {
        const lines = Object.entries(claudeEnvironment(ctx.url(), ctx.token())).map(([key, value]) => `${key}=${key.includes('TOKEN') ? maskKey(value) : value}`);
        return { message: lines.join('\n'), path: claudeSettingsPath() };
      }
      const result = writeClaudeSettings(ctx.url(), ctx.token());
      return { message: result.changed ? `Claude Code now uses this gateway (${result.path})` : `${result.path} already points at this gateway`, path: result.path };
    },
    'settings.setLaunchAtLogin': desktopOnly,
  };
}
