#!/usr/bin/env node
// A stand-in for the Claude Code CLI. `--version` answers after FAKE_VERSION_DELAY_MS (a slow
// CLI; "never" hangs and ignores SIGTERM, as a wedged one would); a run reads the prompt from
// stdin and prints stream-json: the init line, then a result that echoes the prompt.
if (process.argv.includes('--version')) {
  const delay = process.env.FAKE_VERSION_DELAY_MS ?? '0';
  if (delay === 'never') {
    process.on('SIGTERM', () => {});
    setInterval(() => {}, 60_000);
  } else {
    setTimeout(() => process.stdout.write('2.1.0 (Claude Code)\n'), Number(delay));
  }
} else {
  let prompt = '';
  for await (const chunk of process.stdin) prompt += chunk;
  const say = (event) => process.stdout.write(JSON.stringify(event) + '\n');
  say({ type: 'system', subtype: 'init', session_id: 'fake-session', model: 'fake-model', tools: [] });
  say({ type: 'result', subtype: 'success', is_error: false, result: `done: ${prompt.trim()}`, session_id: 'fake-session' });
}
