import { HttpError } from '../gateway/http/http-error.js';

/** What safeStorage offers; a fake in tests. */
export interface SecretBox {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/** A secret as it sits in the settings file. */
export interface SealedSecret {
  encrypted: string;
}

type Doc = Record<string, unknown>;
type Transform = (value: unknown, where: string) => unknown;

const isRecord = (value: unknown): value is Doc => typeof value === 'object' && value !== null && !Array.isArray(value);
export const isSealed = (value: unknown): value is SealedSecret => isRecord(value) && typeof value.encrypted === 'string' && Object.keys(value).length === 1;
// `${OPENAI_API_KEY}` names a secret kept elsewhere: it is not one itself, and stays readable.
const isEnvReference = (value: string) => /^\$\{[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\}$/.test(value);

/** Applies `transform` to one field; a result of undefined removes it. */
function mapField(record: Doc, key: string, transform: Transform, where: string): Doc {
  if (!(key in record)) return record;
  const value = transform(record[key], `${where}.${key}`);
  const { [key]: _old, ...rest } = record;
  return value === undefined ? rest : { ...rest, [key]: value };
}

function mapValues(record: Doc, key: string, transform: Transform, where: string): Doc {
  const inner = record[key];
  if (!isRecord(inner)) return record;
  const mapped = Object.keys(inner).reduce((acc, name) => mapField(acc, name, transform, `${where}.${key}`), inner);
  return { ...record, [key]: mapped };
}

const mapList = (list: unknown, each: (item: Doc, where: string) => Doc, where: string) =>
  Array.isArray(list) ? list.map((item, index) => (isRecord(item) ? each(item, `${where}.${typeof item.id === 'string' ? item.id : index}`) : item)) : list;

/**
 * Runs `transform` over every field of a config document that can hold a secret: provider
 * keys and headers, agent environments, the server token. Returns a new document.
 */
export function mapSecrets(document: Doc, transform: Transform): Doc {
  const next: Doc = { ...document };
  if ('providers' in next) {
    next.providers = mapList(next.providers, (provider, where) => mapValues(mapField(provider, 'apiKey', transform, where), 'headers', transform, where), 'providers');
  }
  if ('agents' in next) next.agents = mapList(next.agents, (agent, where) => mapValues(agent, 'env', transform, where), 'agents');
  if (isRecord(next.server)) next.server = mapField(next.server, 'token', transform, 'server');
  return next;
}

// An HttpError, so that the UI edit that tried to store the secret shows why it failed.
const keychainUnavailable = () =>
  new HttpError(503, 'KEYCHAIN_UNAVAILABLE', 'The system keychain is not available, so AgentMesh cannot store secrets encrypted. Use an environment reference such as ${OPENAI_API_KEY} instead.');

/** Encrypts every secret of a document for the settings file; env references stay as they are. */
export function sealSecrets(document: Doc, box: SecretBox): Doc {
  return mapSecrets(document, (value) => {
    if (typeof value !== 'string' || value === '' || isEnvReference(value)) return value;
    if (!box.isEncryptionAvailable()) throw keychainUnavailable();
    return { encrypted: box.encryptString(value).toString('base64') } satisfies SealedSecret;
  });
}

/** Decrypts a stored document; a secret that no longer decrypts is dropped and reported by field. */
export function openSecrets(document: Doc, box: SecretBox, onLost: (where: string, reason: string) => void): Doc {
  return mapSecrets(document, (value, where) => {
    if (!isSealed(value)) return value;
    try {
      return box.decryptString(Buffer.from(value.encrypted, 'base64'));
    } catch (error) {
      onLost(where, error instanceof Error ? error.message : String(error));
      return undefined;
    }
  });
}
