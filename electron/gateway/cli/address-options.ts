import type { Command } from 'commander';

/**
 * Where the gateway is and its token: shared by every command that talks to one. A command
 * whose own `--port` means something else (`service register`) leaves the gateway's out.
 */
export const addressOptions = (command: Command, { port = true }: { port?: boolean } = {}) =>
  (port ? command.option('--port <n>', 'gateway port on 127.0.0.1 when --url is not given') : command)
    .option('--url <url>', 'gateway URL (default: $AGENTMESH_URL or $AGENT_GATEWAY_URL, else the running gateway of --data-dir, else http://127.0.0.1:3000)')
    .option('--token <t>', 'gateway token (default: $AGENTMESH_TOKEN or $AGENT_GATEWAY_TOKEN, else <data-dir>/token)')
    .option('--config <file>', 'read server.port and server.token from this config file')
    .option('--data-dir <dir>', 'gateway data dir (default: $AGENTMESH_DATA_DIR, else ~/.agentmesh)');
