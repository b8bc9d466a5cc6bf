/** A failed call as the UI shows it: a code to branch on, a message to print. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ApiError';
  }
}

export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));
