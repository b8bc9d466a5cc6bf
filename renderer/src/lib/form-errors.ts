/** Field errors as the forms show them: one sentence naming the field, saying what it needs. */

const idPattern = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** For the ids of providers and agents (the config schema's rule). */
export function idError(label: string, value: string): string | undefined {
  const id = value.trim();
  if (!id) return `${label} is required`;
  if (id.length > 64) return `${label} must be at most 64 characters`;
  if (!idPattern.test(id)) return `${label} may use only letters, digits, ".", "_" and "-", and must start with a letter or digit`;
  return undefined;
}

export function urlError(label: string, value: string): string | undefined {
  if (!/^https?:\/\//i.test(value.trim())) return `${label} must start with http:// or https://`;
  if (!URL.canParse(value.trim())) return `${label} is not a valid URL`;
  return undefined;
}

/** A whole number in a range; blank is fine when `blank` says what blank means. */
export function wholeNumberError(label: string, text: string, min: number, max: number, blank?: string): string | undefined {
  if (!text.trim()) return blank ? undefined : `${label} is required`;
  const value = Number(text);
  if (Number.isInteger(value) && value >= min && value <= max) return undefined;
  return `${label} must be a whole number from ${min} to ${max}${blank ? `, or blank for ${blank}` : ''}`;
}
