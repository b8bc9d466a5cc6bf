import type { Api } from '../api';
import type { ToastInput } from './ui-store';

/** What every domain store is built from: the api boundary and a way to raise a toast. */
export interface StoreDeps {
  api: Api;
  notify: (toast: ToastInput) => void;
}

/** The list part most stores share: loaded once, refreshed by events, error shown inline. */
export interface Loadable {
  loaded: boolean;
  loading: boolean;
  error: string | null;
}

export const initialLoadable: Loadable = { loaded: false, loading: false, error: null };
