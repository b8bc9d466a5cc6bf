// A small agent service for tests and benchmarks: a WebSocket server on $PORT that answers
// every message with {service, echo}. EXIT_AFTER_MS makes it crash once it is serving.
import { WebSocketServer } from 'ws';

const name = process.env.AGENT_SERVICE_NAME ?? 'echo';
const port = Number(process.env.PORT);
const server = new WebSocketServer({ host: process.env.HOST ?? '127.0.0.1', port });
const log = (level, msg, extra = {}) => process.stdout.write(`${JSON.stringify({ level, msg, service: name, ...extra })}\n`);

server.on('listening', () => log('info', `listening on ${port}`));
server.on('connection', (ws) => {
  log('info', 'client connected');
  ws.on('message', (data, isBinary) => {
    if (isBinary) return ws.send(data, { binary: true });
    let message;
    try {
      message = JSON.parse(String(data));
    } catch {
      message = String(data);
    }
    if (message?.original_message?.say === 'log-error') log('error', 'asked to log an error: weather station unreachable');
    ws.send(JSON.stringify({ service: name, echo: message }));
  });
});
if (process.env.EXIT_AFTER_MS) {
  setTimeout(() => {
    process.stderr.write('ERROR fatal: crashing on purpose\n');
    process.exit(3);
  }, Number(process.env.EXIT_AFTER_MS));
}
process.on('SIGTERM', () => {
  log('info', 'stopping');
  server.close();
  process.exit(0);
});
