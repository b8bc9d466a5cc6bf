import { app, dialog } from 'electron';
import { join } from 'node:path';
import { hiddenFlag } from './login-item.js';
import { startDesktop, type Desktop } from './start-desktop.js';

// The same override the headless gateway honours; it also keeps test instances apart, since
// the single-instance lock lives in this directory.
if (process.env.AGENTMESH_DATA_DIR) app.setPath('userData', process.env.AGENTMESH_DATA_DIR);
// Windows shows notifications only for an app with an id; the same as electron-builder.yml's appId.
if (process.platform === 'win32') app.setAppUserModelId('dev.agentmesh.desktop');

let desktop: Desktop | undefined;
let quitting = false;
let stopped = false;

function startupMessage(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'EADDRINUSE') {
    return `${message}\n\nAnother program (perhaps \`agentmesh gateway\`) uses the gateway's port. Stop it, or change server.port in ${join(app.getPath('userData'), 'settings.json')}.`;
  }
  return message;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => desktop?.showMain());
  app.on('activate', () => desktop?.showMain());
  // Without a listener Electron quits when the last window closes; the gateway stays up in the tray.
  app.on('window-all-closed', () => undefined);

  // Quit waits for the gateway to stop: running tasks are wound down and the database closed.
  app.on('before-quit', (event) => {
    if (stopped || !desktop) return;
    event.preventDefault();
    if (quitting) return;
    quitting = true;
    desktop
      .stop()
      .catch((error) => process.stderr.write(`AgentMesh: the gateway did not stop cleanly: ${String(error)}\n`))
      .finally(() => {
        stopped = true;
        app.quit();
      });
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => app.quit());

  app
    .whenReady()
    .then(async () => {
      desktop = await startDesktop({ hidden: process.argv.includes(hiddenFlag), isQuitting: () => quitting, quit: () => app.quit() });
      if (process.env.AGENTMESH_E2E === '1') Object.assign(globalThis, { agentmeshE2e: desktop.testHooks });
    })
    .catch((error: unknown) => {
      dialog.showErrorBox('AgentMesh could not start', startupMessage(error));
      app.exit(1);
    });
}
