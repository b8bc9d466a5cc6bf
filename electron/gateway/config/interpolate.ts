const pattern = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Replaces `${VAR}` and `${VAR:-default}` in every string of a parsed YAML tree. Working on
 * parsed values (not the raw text) means a secret holding quotes or newlines cannot break
 * the document. Unset variables become '' and are reported, so the caller can warn by name.
 */
export function interpolateEnv<T>(value: T, env: NodeJS.ProcessEnv, missing: Set<string> = new Set()): T {
  if (typeof value === 'string') {
    return value.replace(pattern, (_, name: string, fallback: string | undefined) => {
      const found = env[name];
      if (found !== undefined && found !== '') return found;
      if (fallback !== undefined) return fallback;
      missing.add(name);
      return '';
    }) as T;
  }
  if (Array.isArray(value)) return value.map((item) => interpolateEnv(item, env, missing)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, interpolateEnv(item, env, missing)]),
    ) as T;
  }
  return value;
}
