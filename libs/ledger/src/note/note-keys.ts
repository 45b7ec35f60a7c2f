import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto';

/**
 * Ed25519 keys of the C2SP signed-note format: key id = the first 4 bytes of
 * SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key); verifier key `<name>+<hex id>+<base64(0x01 ‖ public key)>`;
 * signer key `PRIVATE+KEY+<name>+<hex id>+<base64(0x01 ‖ seed)>` (as golang.org/x/mod/sumdb/note writes them).
 */
const ED25519 = 0x01;
// DER prefixes that wrap a raw 32-byte Ed25519 seed (PKCS#8) or public key (SPKI).
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export class NoteKeyError extends Error {
  override readonly name = 'NoteKeyError';
}

/** Key names: non-empty, no Unicode spaces, no plus signs. */
export function isKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name) && !/[\u0000-\u001f]/.test(name);
}

export function keyIdOf(name: string, publicKey: Buffer): Buffer {
  return createHash('sha256')
    .update(name, 'utf8')
    .update(Buffer.from([0x0a, ED25519]))
    .update(publicKey)
    .digest()
    .subarray(0, 4);
}

export class NoteVerifier {
  private readonly key: KeyObject;

  constructor(
    readonly name: string,
    readonly keyId: Buffer,
    readonly publicKey: Buffer,
  ) {
    this.key = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });
  }

  /** Parses and checks a verifier key string; throws NoteKeyError saying what is wrong. */
  static parse(vkey: string): NoteVerifier {
    const parts = splitKey(vkey.trim(), 3);
    if (parts === undefined) throw new NoteKeyError('a verifier key is <name>+<key id>+<key>');
    const [name, id, material] = parts;
    const key = decodeKeyMaterial(material);
    if (!isKeyName(name) || !/^[0-9a-f]{8}$/.test(id)) throw new NoteKeyError('the verifier key has a bad name or key id');
    const verifier = new NoteVerifier(name, Buffer.from(id, 'hex'), key);
    if (!verifier.keyId.equals(keyIdOf(name, key))) throw new NoteKeyError('the verifier key’s id does not match its name and key');
    return verifier;
  }

  /** `<name>+<hex key id>+<base64(0x01 ‖ public key)>` */
  toString(): string {
    return `${this.name}+${this.keyId.toString('hex')}+${Buffer.concat([Buffer.from([ED25519]), this.publicKey]).toString('base64')}`;
  }

  /**
   * What a person compares to tell keys apart: `SHA256:` and the hex SHA-256 of the key's bytes
   * (0x01 ‖ public key). The 4-byte key id is too short for that: a key with the same id can be made.
   */
  get fingerprint(): string {
    return `SHA256:${createHash('sha256')
      .update(Buffer.from([ED25519]))
      .update(this.publicKey)
      .digest('hex')}`;
  }

  verify(text: Buffer, signature: Buffer): boolean {
    return signature.length === 64 && verify(null, text, this.key, signature);
  }
}

export class NoteSigner {
  private readonly key: KeyObject;
  readonly verifier: NoteVerifier;

  private constructor(
    readonly name: string,
    seed: Buffer,
  ) {
    if (!isKeyName(name)) throw new NoteKeyError('a key name must be non-empty, without spaces or plus signs');
    this.key = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
    const spki = createPublicKey(this.key).export({ format: 'der', type: 'spki' });
    const publicKey = Buffer.from(spki.subarray(spki.length - 32));
    this.verifier = new NoteVerifier(name, keyIdOf(name, publicKey), publicKey);
  }

  static generate(name: string): { signer: NoteSigner; skey: string } {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pkcs8 = privateKey.export({ format: 'der', type: 'pkcs8' });
    const seed = Buffer.from(pkcs8.subarray(pkcs8.length - 32));
    const signer = new NoteSigner(name, seed);
    return { signer, skey: signer.encode(seed) };
  }

  /** Parses a signer key string; throws NoteKeyError saying what is wrong (never echoing the key). */
  static parse(skey: string): NoteSigner {
    const parts = splitKey(skey.trim(), 5);
    if (parts === undefined || parts[0] !== 'PRIVATE' || parts[1] !== 'KEY') throw new NoteKeyError('a signer key is PRIVATE+KEY+<name>+<key id>+<key>');
    const [, , name, id, material] = parts;
    if (!isKeyName(name) || !/^[0-9a-f]{8}$/.test(id)) throw new NoteKeyError('the signer key has a bad name or key id');
    const signer = new NoteSigner(name, decodeKeyMaterial(material));
    if (signer.verifier.keyId.toString('hex') !== id) throw new NoteKeyError('the signer key’s id does not match its name and key');
    return signer;
  }

  get keyId(): Buffer {
    return this.verifier.keyId;
  }

  sign(text: Buffer): Buffer {
    return sign(null, text, this.key);
  }

  private encode(seed: Buffer): string {
    return `PRIVATE+KEY+${this.name}+${this.keyId.toString('hex')}+${Buffer.concat([Buffer.from([ED25519]), seed]).toString('base64')}`;
  }
}

/** Splits at the first count-1 plus signs: the last part is base64, which may hold plus signs itself. */
function splitKey(text: string, count: number): string[] | undefined {
  const parts: string[] = [];
  let rest = text;
  for (let i = 1; i < count; i++) {
    const at = rest.indexOf('+');
    if (at < 0) return undefined;
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  parts.push(rest);
  return parts;
}

function decodeKeyMaterial(text: string): Buffer {
  const bytes = /^[A-Za-z0-9+/]+=*$/.test(text) ? Buffer.from(text, 'base64') : Buffer.alloc(0);
  if (bytes.length !== 33 || bytes.toString('base64') !== text) throw new NoteKeyError('the key is not base64 of 33 bytes');
  if (bytes[0] !== ED25519) throw new NoteKeyError('the key is not an Ed25519 key (type 0x01)');
  return Buffer.from(bytes.subarray(1));
}
