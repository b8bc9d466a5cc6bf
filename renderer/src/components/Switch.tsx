interface SwitchProps {
  checked: boolean;
  onChange: (checked: boolean) => void;
  label: string;
  disabled?: boolean;
  testId?: string;
  /** Show the label text next to the switch; otherwise it is only announced. */
  showLabel?: boolean;
}

export function Switch({ checked, onChange, label, disabled, testId, showLabel = false }: SwitchProps) {
  return (
    <label className="switch">
      <input type="checkbox" role="switch" checked={checked} disabled={disabled} onChange={(event) => onChange(event.target.checked)} data-testid={testId} aria-label={showLabel ? undefined : label} />
      <span className="switch-track" aria-hidden="true">
        <span className="switch-thumb" />
      </span>
      {showLabel ? <span>{label}</span> : null}
    </label>
  );
}
