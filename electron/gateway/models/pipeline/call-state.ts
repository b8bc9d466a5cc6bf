import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import type { RequestFallback } from '../../../../shared/contract/views.js';
import type { CanonicalRequest, Usage } from '../canonical.js';
import type { DecodeContext, WireProtocol } from '../protocols/types.js';
import type { Target } from '../routing/router.js';
import type { CallAbort } from './call-abort.js';

/** Everything one inbound model call carries from decode to the usage row. */
export interface CallState {
  protocol: WireProtocol;
  /** The client's body as it arrived, sent on untouched when protocol and model allow. */
  raw: Buffer;
  body: Record<string, unknown>;
  request: CanonicalRequest;
  decode: DecodeContext;
  clientHeaders: IncomingHttpHeaders;
  res: ServerResponse;
  abort: CallAbort;
  /** Replaces every configured secret in text bound for the client or the ledger. */
  redact: (text: string) => string;
  startedAt: number;
  // Filled in as the call goes:
  target?: Target;
  attempts: number;
  firstByteAt?: number;
  usage?: Usage;
  /** Targets passed by before trying (out of balance, over budget…), as `provider: reason`. */
  skipped?: string[];
  /** Every target moved past (skipped, unavailable, or failed and fallen back from), with why. */
  fallbacks?: RequestFallback[];
  /** Set when the response failed after bytes reached the client. */
  midStreamError?: string;
}
