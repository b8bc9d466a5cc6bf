import type { GatewayConfig } from '../../../shared/schemas/config.js';
import type { UsageRow } from '../store/usage-ledger.js';

export interface GatewayEvents extends Record<string, unknown> {
  'config.changed': { config: GatewayConfig };
  'config.rejected': { message: string };
  'usage.recorded': UsageRow;
  'provider.circuit': { provider: string; state: 'closed' | 'open' | 'half-open' };
}
