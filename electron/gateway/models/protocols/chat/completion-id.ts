import { randomBytes } from 'node:crypto';

// Chat clients key on the `chatcmpl-` prefix in logs; an upstream id that has it is kept
// so a call can be traced through to the provider.
export function completionId(upstreamId: string | undefined): string {
  if (upstreamId?.startsWith('chatcmpl-')) return upstreamId;
  return `chatcmpl-${randomBytes(12).toString('base64url')}`;
}

export const unixSeconds = () => Math.floor(Date.now() / 1000);

/** For the rare server that streams a tool call without an id; clients need one to answer it. */
export const syntheticCallId = () => `call_${randomBytes(9).toString('base64url')}`;
