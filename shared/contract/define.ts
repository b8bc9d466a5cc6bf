import type { z } from 'zod';

/** One UI method: its input schema, and its output type carried as a phantom. */
export interface MethodSpec<I extends z.ZodType, O> {
  input: I;
  /** Never read at runtime: it only carries the output type. */
  output?: O;
  /** Only the desktop app can serve it (tray, login items); the browser face answers 501. */
  desktopOnly?: boolean;
}

export const method = <O>() => <I extends z.ZodType>(input: I, options: { desktopOnly?: boolean } = {}): MethodSpec<I, O> => ({
  input,
  ...options,
});
