import { summarize, type Summary } from '../stats.js';
import { connectAgent, cpuSeconds, type BenchAgent } from '../hub-agents.js';

export interface HubTarget {
  url: string;
  token: string;
  pid: number;
}

/**
 * Send → deliver between two agents, one message at a time: the sender's clock when the
 * frame is handed to its socket, the receiver's (same process) when the message arrives.
 */
export async function sendToDeliver(target: HubTarget, warmup: number, samples: number): Promise<Summary> {
  const sender = await connectAgent(target.url, target.token, 'lat-sender', 1_000);
  const receiver = await connectAgent(target.url, target.token, 'lat-receiver', 1_000);
  const frame = JSON.stringify({ type: 'send', to_agent_id: 'lat-receiver', conversation_id: 'lat', content: [{ type: 'text', text: 'ping' }] });
  const latencies: number[] = [];
  await new Promise<void>((resolve) => {
    let sent = 0;
    let at = 0;
    const next = () => {
      if (sent === warmup + samples) return resolve();
      sent++;
      at = performance.now();
      sender.ws.send(frame);
    };
    receiver.onFrame = (data) => {
      if (!data.includes('"type":"message"')) return;
      if (sent > warmup) latencies.push(performance.now() - at);
      // The next message leaves once this one is in: no queueing in the figures.
      setImmediate(next);
    };
    next();
  });
  sender.stop();
  receiver.stop();
  return summarize(latencies);
}

export interface Throughput {
  perSecond: number;
  gatewayCores: number;
  /** Messages per second of gateway CPU: what one gateway core routes. */
  perGatewayCore: number;
  errors: number;
}

/**
 * `pairs` senders each keep `window` messages in flight to their own receiver; acks counted
 * over `seconds` after a warm-up. The gateway's CPU over the same window gives the rate per
 * core even when the load generator, not the gateway, is what runs out first.
 */
export async function routedThroughput(target: HubTarget, pairs: number, window: number, seconds: number): Promise<Throughput> {
  const senders: BenchAgent[] = [];
  const receivers: BenchAgent[] = [];
  for (let index = 0; index < pairs; index++) {
    receivers.push(await connectAgent(target.url, target.token, `tp-receiver-${index}`, 1_000));
    senders.push(await connectAgent(target.url, target.token, `tp-sender-${index}`));
  }
  let acked = 0;
  let errors = 0;
  let running = true;
  for (const [index, sender] of senders.entries()) {
    const frame = JSON.stringify({ type: 'send', to_agent_id: `tp-receiver-${index}`, conversation_id: `tp-${index}`, content: [{ type: 'text', text: 'ping' }] });
    sender.onFrame = (data) => {
      if (data.includes('"type":"error"')) errors++;
      else acked++;
      if (running) sender.ws.send(frame);
    };
    for (let inFlight = 0; inFlight < window; inFlight++) sender.ws.send(frame);
  }
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  const startAcked = acked;
  const startCpu = cpuSeconds(target.pid);
  const startAt = performance.now();
  await new Promise((resolve) => setTimeout(resolve, seconds * 1_000));
  const elapsed = (performance.now() - startAt) / 1_000;
  const delivered = acked - startAcked;
  const gatewayCores = (cpuSeconds(target.pid) - startCpu) / elapsed;
  running = false;
  await new Promise((resolve) => setTimeout(resolve, 500));
  for (const agent of [...senders, ...receivers]) agent.stop();
  const perSecond = delivered / elapsed;
  return { perSecond, gatewayCores, perGatewayCore: gatewayCores > 0 ? perSecond / gatewayCores : NaN, errors };
}
