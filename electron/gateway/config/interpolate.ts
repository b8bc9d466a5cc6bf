const pattern = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/** A `${VAR}` the environment does not set, and where the document names it (`providers.0.apiKey`). */
export interface UnsetReference {
  path: string;
  variable: string;
}

/**
 * Replaces `${VAR}` and `${VAR:-default}` in every string of a parsed YAML tree. Working on
 * parsed values (not the raw text) means a secret holding quotes or newlines cannot break
 * the document. Unset variables become '' and are reported with their path, so the caller
 * can warn by name and place.
 */
export function interpolateEnv<T>(value: T, env: NodeJS.ProcessEnv, unset: UnsetReference[] = [], path: (string | number)[] = []): T {
  if (typeof value === 'string') {
    return value.replace(pattern, (_, name: string, fallback: string | undefined) => {
      const found = env[name];
      if (found !== undefined && found !== '') return found;
      if (fallback !== undefined) return fallback;
      unset.push({ path: path.join('.'), variable: name });
      return '';
    }) as T;
  }
  if (Array.isArray(value)) return value.map((item, index) => interpolateEnv(item, env, unset, [...path, index])) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, interpolateEnv(item, env, unset, [...path, key])])) as T;
  }
  return value;
}

/** `providers.0.apiKey uses ${NOT_SET_KEY}, which is not set` */
export const describeUnset = (reference: UnsetReference) => `${reference.path} uses \${${reference.variable}}, which is not set`;
