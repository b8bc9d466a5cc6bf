import { HttpError } from '../http/http-error.js';
import type { HandlerGroup, UiContext } from './types.js';

export function usageHandlers({ services }: UiContext): HandlerGroup<'usage.totals' | 'usage.series' | 'usage.requests' | 'usage.request'> {
  return {
    'usage.totals': ({ groupBy, since }) => services.ledger.totals(groupBy, since),
    'usage.series': ({ by, bucket, since }) => services.ledger.series(by, bucket, since),
    'usage.requests': (query) => services.requestLog.list(query),
    'usage.request': ({ id }) => {
      const entry = services.requestLog.get(id);
      if (!entry) throw new HttpError(404, 'REQUEST_NOT_FOUND', `No model call with id ${id} in the request log`);
      return entry;
    },
  };
}
