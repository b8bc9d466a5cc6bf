import { randomBytes } from 'node:crypto';

/** OpenAI-looking ids (`resp_…`, `msg_…`, `fc_…`, `rs_…`): clients log and echo them. */
export const newId = (prefix: string): string => `${prefix}_${randomBytes(12).toString('hex')}`;

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);
