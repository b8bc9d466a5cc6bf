/**
 * The one error type a handler throws. The mapper for each API family turns it into that
 * family's error shape (agentmesh `{error:{code,message}}`, OpenAI, or Anthropic).
 */
export class HttpError extends Error {
  /** Response headers that belong to this error (Retry-After, say). */
  readonly headers?: Record<string, string>;
  /**
   * Our more precise code where a spec prescribes a broader one for the same case (agentmesh
   * 1.x's TASK_FAILED, PROVIDER_ERROR): sent as `error.detail_code`.
   */
  readonly detailCode?: string;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    options?: { cause?: unknown; headers?: Record<string, string>; detailCode?: string },
  ) {
    super(message, options);
    this.name = 'HttpError';
    if (options?.headers) this.headers = options.headers;
    if (options?.detailCode) this.detailCode = options.detailCode;
  }
}

export const badRequest = (message: string, code = 'INVALID_REQUEST') =>
  new HttpError(400, code, message);

export const payloadTooLarge = (limitBytes: number) =>
  new HttpError(413, 'PAYLOAD_TOO_LARGE', `The request body exceeds the ${limitBytes} byte limit of this endpoint`);
