/** What every client writer is given: the gateway to point at and where the user's files are. */
export interface ConnectContext {
  gatewayUrl: string;
  token: string;
  /** The gateway's data dir: its token file, and where connections are remembered. */
  dataDir: string;
  env: NodeJS.ProcessEnv;
  /** Codex model provider (and profile) id. */
  providerId: string;
}

/**
 * One file a client's connection touches: where it is, and what it should hold given what it
 * holds now (undefined: no such file). Returning the text unchanged means "nothing to do".
 */
export interface FileWriter {
  path(ctx: ConnectContext): string;
  edit(before: string | undefined, ctx: ConnectContext): string;
  /** Undoes this writer's edit in place, instead of restoring the backup (a marked block in a shell profile). */
  undo?(text: string): string;
}

export interface ConnectClient {
  label: string;
  /** Whether the tool seems to be on this machine: `connect all` skips the ones that are not. */
  detect(env: NodeJS.ProcessEnv): boolean;
  writers: FileWriter[];
  /** What the user still has to do or run, printed after connecting. */
  notes(ctx: ConnectContext): string[];
}

export interface FileEdit {
  path: string;
  before: string | undefined;
  after: string;
  undo?: FileWriter['undo'];
}
