import type { ProviderView } from '@shared/contract';
import { Meter } from '../../components/Meter';
import { formatDateTime } from '../../lib/format';

type Balance = NonNullable<ProviderView['balance']>;

const money = (amount: number, currency: string | null) => {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency: currency ?? 'USD' }).format(amount);
  } catch {
    return `${amount.toFixed(2)} ${currency ?? ''}`.trim();
  }
};

export function BalanceView({ balance }: { balance: Balance }) {
  return (
    <div className="balance" data-testid="provider-balance">
      <div className="balance-line">
        <span className="muted small">Balance</span>
        {balance.amount !== null ? <strong>{money(balance.amount, balance.currency)}</strong> : null}
        {balance.usedPercent !== null ? <span className="muted small">{Math.round(balance.usedPercent)}% used</span> : null}
      </div>
      {balance.usedPercent !== null ? <Meter percent={balance.usedPercent} label="Quota used" testId="provider-quota" /> : null}
      <div className="muted small">
        {balance.summary}
        {balance.resetsAt ? ` · resets ${formatDateTime(balance.resetsAt)}` : ''}
      </div>
    </div>
  );
}
