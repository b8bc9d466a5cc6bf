import type { GatewayConfig } from '../../../shared/schemas/config.js';

/** A secret and the shortest length at which masking it is safe. */
export interface ConfigSecret {
  value: string;
  minLength: number;
}

// Names that say a value is a credential: API_KEY, x-api-key, GH_TOKEN, DB_PASSWORD, Cookie…
const secretName = /key|token|secret|passw|pwd|credential|auth|cookie|session|signature|private/i;
// Values that look like one whatever their name: vendor prefixes, JWTs.
const secretShape = /^(sk|pk|rk|ghp|gho|ghu|ghs|github_pat|glpat|xox[abpr]|AKIA|AIza)[-_A-Za-z0-9]{8,}$|^eyJ[\w-]+\.[\w-]+\.[\w-]+$/;

// A file path under a secret-sounding name (GOOGLE_APPLICATION_CREDENTIALS) names the secret, it is not one.
const filePath = /^(~|\.{0,2}\/|[A-Za-z]:\\)/;

// Guessed secrets must be longer than ordinary words, so that `production` is never masked.
const GUESSED_MIN = 8;

/**
 * Every value in the config that must never leave the gateway: the gateway token, provider
 * keys, secret-looking provider and balance headers, and secret-looking agent env values and http agent headers.
 */
export function configSecrets(config: GatewayConfig): ConfigSecret[] {
  const out: ConfigSecret[] = [];
  const exact = (value: string | undefined) => value && out.push({ value, minLength: 4 });
  const guessed = (name: string, value: string) => {
    if (filePath.test(value) || (!secretName.test(name) && !secretShape.test(value))) return;
    out.push({ value, minLength: GUESSED_MIN });
    // `Bearer abc…`: an upstream may echo the credential without its scheme.
    const credential = /^[A-Za-z]+\s+(\S+)$/.exec(value)?.[1];
    if (credential) out.push({ value: credential, minLength: GUESSED_MIN });
  };
  exact(config.server.token);
  for (const provider of config.providers) {
    exact(provider.apiKey);
    for (const [name, value] of Object.entries(provider.headers ?? {})) guessed(name, value);
    if (provider.balance && 'headers' in provider.balance) {
      for (const [name, value] of Object.entries(provider.balance.headers ?? {})) guessed(name, value);
    }
  }
  for (const agent of config.agents) {
    for (const [name, value] of Object.entries(agent.env)) guessed(name, value);
    for (const [name, value] of Object.entries(agent.headers)) guessed(name, value);
  }
  for (const preset of Object.values(config.presets)) {
    for (const [name, value] of Object.entries(preset.variables)) guessed(name, value);
  }
  return out;
}

/** Whether an env variable holds a credential (by its name or the shape of its value), file paths excepted. */
export const looksSecret = (name: string, value: string) => !filePath.test(value) && (secretName.test(name) || secretShape.test(value));
