import type { UsageTotals } from '@shared/contract';
import { formatCost, formatNumber, formatTokens } from '../../lib/format';
import { keyLabel } from './chart-data';

const sum = (rows: UsageTotals[], pick: (row: UsageTotals) => number) => rows.reduce((total, row) => total + pick(row), 0);

export function UsageTotalsTable({ totals, groupLabel }: { totals: UsageTotals[]; groupLabel: string }) {
  const rows = [...totals].sort((a, b) => b.costUsd - a.costUsd || b.requests - a.requests);
  return (
    <div className="table-wrap">
      <table className="table" data-testid="usage-totals">
        <thead>
          <tr>
            <th scope="col">{groupLabel}</th>
            <th scope="col" className="num">Requests</th>
            <th scope="col" className="num">Errors</th>
            <th scope="col" className="num">Input</th>
            <th scope="col" className="num">Output</th>
            <th scope="col" className="num">Cached</th>
            <th scope="col" className="num">Cost</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} data-testid="usage-total-row">
              <td className="mono">{keyLabel(row.key)}</td>
              <td className="num">{formatNumber(row.requests)}</td>
              <td className={row.errors ? 'num danger-text' : 'num muted'}>{formatNumber(row.errors)}</td>
              <td className="num">{formatTokens(row.inputTokens)}</td>
              <td className="num">{formatTokens(row.outputTokens)}</td>
              <td className="num">{formatTokens(row.cachedTokens)}</td>
              <td className="num">{formatCost(row.costUsd)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td className="num">{formatNumber(sum(rows, (row) => row.requests))}</td>
            <td className="num">{formatNumber(sum(rows, (row) => row.errors))}</td>
            <td className="num">{formatTokens(sum(rows, (row) => row.inputTokens))}</td>
            <td className="num">{formatTokens(sum(rows, (row) => row.outputTokens))}</td>
            <td className="num">{formatTokens(sum(rows, (row) => row.cachedTokens))}</td>
            <td className="num" data-testid="usage-total-cost">{formatCost(sum(rows, (row) => row.costUsd))}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
