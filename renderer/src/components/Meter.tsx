/** A horizontal bar for a used share (quota, balance); turns amber, then red, as it fills. */
export function Meter({ percent, label, testId }: { percent: number; label: string; testId?: string }) {
  const clamped = Math.max(0, Math.min(100, percent));
  const tone = clamped >= 90 ? 'danger' : clamped >= 70 ? 'warning' : 'ok';
  return (
    <div className={`meter meter-${tone}`} role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(clamped)} data-testid={testId}>
      <div className="meter-fill" style={{ width: `${clamped}%` }} />
    </div>
  );
}
