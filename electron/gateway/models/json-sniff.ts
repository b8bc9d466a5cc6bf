const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

const isSpace = (byte: number | undefined) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

/**
 * The object under `key` at the top level of the JSON object in `bytes`, found and parsed
 * without reading the rest: a pass-through answer's usage sits near its end. Undefined when
 * that cannot be told for sure (no such key, not an object, or not provably at the top level,
 * nor the body provably one object); the caller then parses the whole body.
 *
 * It proves the level from the bytes after the value: they must close the enclosing object
 * exactly at the end of the body. `"key"` cannot occur inside a JSON string unless its first
 * quote is escaped, which is checked.
 */
export function topLevelObject(bytes: Buffer, key: string): Record<string, unknown> | undefined {
  let first = 0;
  while (isSpace(bytes[first])) first++;
  if (bytes[first] !== OPEN_BRACE) return undefined;
  const needle = `"${key}"`;
  // From the last occurrence back: a later one may be a string value or a nested key.
  for (let at = bytes.lastIndexOf(needle); at > first; at = bytes.lastIndexOf(needle, at - 1)) {
    const start = objectAfterKey(bytes, at, needle.length);
    if (start === -1) continue;
    const end = valueEnd(bytes, start);
    if (end === -1 || !closesAtEnd(bytes, end)) continue;
    try {
      return JSON.parse(bytes.toString('utf8', start, end)) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Where the object value of the key quoted at `at` opens, or -1 if that is no key with an object value. */
function objectAfterKey(bytes: Buffer, at: number, length: number): number {
  if (escaped(bytes, at)) return -1;
  let i = at + length;
  while (isSpace(bytes[i])) i++;
  if (bytes[i] !== COLON) return -1;
  i++;
  while (isSpace(bytes[i])) i++;
  return bytes[i] === OPEN_BRACE ? i : -1;
}

/** Whether the quote at `at` is escaped (an odd run of backslashes before it). */
function escaped(bytes: Buffer, at: number): boolean {
  let run = 0;
  while (bytes[at - 1 - run] === BACKSLASH) run++;
  return run % 2 === 1;
}

/** Past the end of the string whose opening quote is at `at`, or -1. */
function stringEnd(bytes: Buffer, at: number): number {
  for (let i = at + 1; i < bytes.length; i++) {
    if (bytes[i] === BACKSLASH) i++;
    else if (bytes[i] === QUOTE) return i + 1;
  }
  return -1;
}

/** Past the end of the object or array opening at `at`, or -1. */
function valueEnd(bytes: Buffer, at: number): number {
  let depth = 0;
  for (let i = at; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte === QUOTE) {
      i = stringEnd(bytes, i) - 1;
      if (i < 0) return -1;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth++;
    else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      if (--depth === 0) return i + 1;
    }
  }
  return -1;
}

/** Whether the members after `from` end with the enclosing object's `}` as the body's last byte. */
function closesAtEnd(bytes: Buffer, from: number): boolean {
  let depth = 0;
  for (let i = from; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte === QUOTE) {
      i = stringEnd(bytes, i) - 1;
      if (i < 0) return false;
    } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth++;
    else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      if (depth-- > 0) continue;
      if (byte !== CLOSE_BRACE) return false;
      for (let rest = i + 1; rest < bytes.length; rest++) if (!isSpace(bytes[rest])) return false;
      return true;
    }
  }
  return false;
}
