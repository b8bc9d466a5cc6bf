import { providerPresetIds, providerPresets } from '@shared/provider-presets';
import { Field } from '../../components/Field';

/** "Start from": a known provider fills the form, so only the key is left to paste. */
export function PresetPicker({ value, onChange }: { value: string | null; onChange: (presetId: string | null) => void }) {
  return (
    <Field label="Start from" hint="A known provider fills in its base URL, API type and models.">
      <select value={value ?? ''} onChange={(event) => onChange(event.target.value || null)} data-testid="provider-preset">
        <option value="">Custom provider</option>
        {providerPresetIds.map((id) => (
          <option key={id} value={id}>
            {providerPresets[id].label}
          </option>
        ))}
      </select>
    </Field>
  );
}
