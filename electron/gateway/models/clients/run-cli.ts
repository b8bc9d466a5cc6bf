import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const binPath = (name: 'codex' | 'claude') => fileURLToPath(new URL(`../../../../node_modules/.bin/${name}`, import.meta.url));

export interface CliRun {
  code: number | null;
  events: Record<string, any>[];
  stderr: string;
}

/** Runs a CLI with an argument array (no shell) and parses its JSONL stdout. */
export function runJsonCli(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const events = stdout
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, any>);
      resolve({ code, events, stderr });
    });
  });
}

/** Answers with a shell tool call until the conversation carries its result, then with text. */
export function toolThenText(trigger: string, toolCall: { name: string; arguments: Record<string, unknown> }, finalText: string) {
  return (req: { body: unknown }) => {
    const body = JSON.stringify(req.body);
    if (!body.includes(trigger)) return undefined;
    return body.includes('"role":"tool"') ? { text: finalText } : { toolCall };
  };
}
