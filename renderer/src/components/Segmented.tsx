import { useId } from 'react';

interface SegmentedProps<T extends string> {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
  testId?: string;
}

/** A radio group drawn as a segmented control: arrow keys move between options. */
export function Segmented<T extends string>({ label, value, options, onChange, testId }: SegmentedProps<T>) {
  const name = useId();
  return (
    <fieldset className="segmented" data-testid={testId}>
      <legend className="sr-only">{label}</legend>
      {options.map((option) => (
        <label key={option.value} className={option.value === value ? 'segment segment-active' : 'segment'}>
          <input type="radio" name={name} value={option.value} checked={option.value === value} onChange={() => onChange(option.value)} data-testid={testId ? `${testId}-${option.value}` : undefined} />
          {option.label}
        </label>
      ))}
    </fieldset>
  );
}
