import crypto from 'node:crypto';

/**
 * Field encryption for the exchange (docs/adr/0014): AES-256-GCM, a fresh 96-bit IV per value,
 * the row id and the column name as additional authenticated data, so a ciphertext moved to
 * another row or column does not decrypt. Stored as iv(12) ‖ tag(16) ‖ data; the key's id sits
 * in its own column beside it, so a rotation knows which values to re-encrypt.
 */
export interface CaseKeys {
  current: { id: string; key: Buffer };
  /** retired keys still needed to read values written before a rotation, by id */
  previous: Map<string, Buffer>;
}

export class CaseKeyError extends Error {}

/** 32 bytes, given as 64 hex digits or as base64 (44 characters). */
export function parseKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : /^[A-Za-z0-9+/]{43}=$/.test(t) ? Buffer.from(t, 'base64') : null;
  if (!key || key.length !== 32) throw new CaseKeyError('must be 32 bytes as 64 hexadecimal digits or base64 (44 characters)');
  return key;
}

/** The first 8 bytes of the key's SHA-256: names the key without revealing it. */
export function keyId(key: Buffer): string {
  return crypto.createHash('sha256').update(key).digest('hex').slice(0, 16);
}

export function loadKeys(current: string | undefined, previous: string[] = []): CaseKeys | null {
  if (!current) return null;
  const key = parseKey(current);
  const prev = new Map<string, Buffer>();
  for (const p of previous) {
    const k = parseKey(p);
    prev.set(keyId(k), k);
  }
  return { current: { id: keyId(key), key }, previous: prev };
}

function keyFor(keys: CaseKeys, id: string): Buffer {
  if (id === keys.current.id) return keys.current.key;
  const k = keys.previous.get(id);
  if (!k) throw new CaseKeyError(`no key with id ${id} (set it in CASES_KEY_PREVIOUS)`);
  return k;
}

export function encrypt(keys: CaseKeys, aad: string, value: unknown): Buffer {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', keys.current.key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const data = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), data]);
}

export function decrypt<T>(keys: CaseKeys, keyIdOfValue: string, aad: string, blob: Buffer): T {
  const decipher = crypto.createDecipheriv('aes-256-gcm', keyFor(keys, keyIdOfValue), blob.subarray(0, 12));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(blob.subarray(12, 28));
  const text = Buffer.concat([decipher.update(blob.subarray(28)), decipher.final()]).toString('utf8');
  return JSON.parse(text) as T;
}

/** Additional data binding a value to its row and column. */
export const aadOf = (table: string, id: string | number, column: string) => `${table}:${id}:${column}`;
