const originOf = (url: string): string | null => {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
};

/**
 * A provider's stored key belongs to the scheme, host and port it was entered for. Moving the
 * base URL there needs the key entered again; a new path on the same host keeps it (the same
 * server, so the same party reads the key).
 */
export const hostChanged = (from: string, to: string): boolean => originOf(from) !== originOf(to);

/** `https://api.example.com` for the message that names where a key would have gone. */
export const hostOf = (url: string): string => originOf(url) ?? url;
