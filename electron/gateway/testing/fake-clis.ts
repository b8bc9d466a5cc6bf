import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';

// Stand-ins for the agent CLIs a user installs, named as the real ones are, for tests about
// finding them on PATH. `--version` prints "<name> 9.9.<length of name>"; a run answers, in
// the CLI's own output format (codex exec --json, Claude Code stream-json), with the
// arguments it was started with, so a test can see the settings an agent ran with.
const script = `#!/usr/bin/env node
const name = require('node:path').basename(process.argv[1]);
const args = process.argv.slice(2);
if (args.includes('--version')) {
  console.log(name + ' 9.9.' + name.length);
  process.exit(0);
}
process.stdin.resume();
process.stdin.on('end', () => {
  const text = name + ' ran with ' + args.join(' ');
  if (name === 'codex') {
    console.log(JSON.stringify({ type: 'item.completed', item: { id: 'i0', type: 'agent_message', text } }));
    console.log(JSON.stringify({ type: 'turn.completed', usage: { input_tokens: 1, output_tokens: 1 } }));
  } else {
    console.log(JSON.stringify({ type: 'result', subtype: 'success', is_error: false, result: text, session_id: 's' }));
  }
});
`;

/** Writes fake CLIs into `dir`; returns a PATH holding them and node (which their shebang needs), nothing else. */
export function installFakeClis(dir: string, names: string[]): string {
  mkdirSync(dir, { recursive: true });
  for (const name of names) {
    writeFileSync(join(dir, name), script);
    chmodSync(join(dir, name), 0o755);
  }
  return [dir, dirname(process.execPath)].join(delimiter);
}
