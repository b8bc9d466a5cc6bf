import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startScriptedUpstream } from '../electron/gateway/testing/upstream.js';
import { epochMs, type FromUpstream, type ToUpstream } from './ipc.js';

// The scripted upstream in a process of its own, so that neither the gateway nor the load
// generator shares its event loop. Driven over IPC by bench/gateway.ts; standalone it just
// prints its URL and serves the default reply. With --tls-key and --tls-cert it serves HTTPS.

const { values } = parseArgs({ options: { 'tls-key': { type: 'string' }, 'tls-cert': { type: 'string' } } });
const tls = values['tls-key'] && values['tls-cert'] ? { key: readFileSync(values['tls-key']), cert: readFileSync(values['tls-cert']) } : undefined;
const upstream = await startScriptedUpstream({ record: false, ...(tls ? { tls } : {}) });
const send = (message: FromUpstream) => {
  if (process.connected) process.send?.(message);
};

upstream.onAbort(() => send({ type: 'abort', at: epochMs() }));
process.on('message', (message: ToUpstream) => {
  if (message.type === 'reply') {
    upstream.defaultReply = message.reply;
    send({ type: 'ack', id: message.id });
  } else if (message.type === 'connections') {
    send({ type: 'connections', id: message.id, opened: upstream.connectionsOpened() });
  }
});

const stop = () => void upstream.close().then(() => process.exit(0));
process.on('disconnect', stop);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

process.stdout.write(`listening on ${upstream.url}\n`);
send({ type: 'ready', url: upstream.url });
