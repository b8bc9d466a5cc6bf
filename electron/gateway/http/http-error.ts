/**
 * The one error type a handler throws. The mapper for each API family turns it into that
 * family's error shape (agentmesh `{error:{code,message}}`, OpenAI, or Anthropic).
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HttpError';
  }
}

export const badRequest = (message: string, code = 'INVALID_REQUEST') =>
  new HttpError(400, code, message);
