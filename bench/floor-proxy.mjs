// node bench/floor-proxy.mjs UPSTREAM_URL
// The floor: the least a Node proxy can do per call. A keep-alive node:http hop that forwards
// each request to the upstream and pipes the answer back, with no auth, parsing or ledger.
// Run in the gateway's place (same CPU, plain node), it shows what Node itself costs.
import { Agent, createServer, request } from 'node:http';

const upstream = new URL(process.argv[2] ?? 'http://127.0.0.1:0');
const agent = new Agent({ keepAlive: true, maxSockets: 512, maxFreeSockets: 512, scheduling: 'lifo' });

const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  const headers = { 'content-type': req.headers['content-type'] ?? 'application/json' };
  if (req.headers['content-length']) headers['content-length'] = req.headers['content-length'];
  const out = request(
    { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent },
    (answer) => {
      const { 'content-type': type, 'content-length': length } = answer.headers;
      res.writeHead(answer.statusCode ?? 502, { 'content-type': type ?? 'application/octet-stream', ...(length ? { 'content-length': length } : {}) });
      answer.pipe(res);
      answer.on('error', () => res.destroy());
    },
  );
  out.on('error', () => res.destroy());
  // A client that leaves closes the upstream call, as the gateway does.
  res.on('close', () => {
    if (!res.writableFinished) out.destroy();
  });
  req.pipe(out);
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening on http://127.0.0.1:${server.address().port}\n`);
});
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
