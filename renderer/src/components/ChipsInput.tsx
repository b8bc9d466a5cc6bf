import { useState, type KeyboardEvent } from 'react';
import { splitList } from '../lib/format';
import { Icon } from './Icon';

interface ChipsInputProps {
  id?: string;
  values: string[];
  onChange: (values: string[]) => void;
  placeholder?: string;
  testId?: string;
  'aria-describedby'?: string;
}

/** A list of short strings: type and press Enter or a comma; paste "a, b, c" for many. */
export function ChipsInput({ id, values, onChange, placeholder, testId, ...aria }: ChipsInputProps) {
  const [text, setText] = useState('');
  const add = (raw: string) => {
    const fresh = splitList(raw).filter((value) => !values.includes(value));
    if (fresh.length) onChange([...values, ...fresh]);
    setText('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    // Enter adds a chip while there is text; on an empty box it submits the form as usual.
    if ((event.key === 'Enter' || event.key === ',') && text.trim()) {
      event.preventDefault();
      add(text);
    } else if (event.key === 'Backspace' && !text && values.length) {
      onChange(values.slice(0, -1));
    }
  };
  return (
    <div className="chips-input" data-testid={testId}>
      {values.map((value) => (
        <span className="chip" key={value}>
          {value}
          <button type="button" className="chip-remove" aria-label={`Remove ${value}`} onClick={() => onChange(values.filter((entry) => entry !== value))}>
            <Icon name="close" size={12} />
          </button>
        </span>
      ))}
      <input
        id={id}
        value={text}
        placeholder={values.length ? '' : placeholder}
        onChange={(event) => (event.target.value.includes(',') ? add(event.target.value) : setText(event.target.value))}
        onKeyDown={onKeyDown}
        onBlur={() => text.trim() && add(text)}
        aria-describedby={aria['aria-describedby']}
      />
    </div>
  );
}
