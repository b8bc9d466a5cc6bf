import type { HandlerGroup, UiContext } from './types.js';

export function usageHandlers({ services }: UiContext): HandlerGroup<'usage.totals' | 'usage.series'> {
  return {
    'usage.totals': ({ groupBy, since }) => services.ledger.totals(groupBy, since),
    'usage.series': ({ by, bucket, since }) => services.ledger.series(by, bucket, since),
  };
}
