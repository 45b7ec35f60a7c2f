import { NoteSigner, type NoteVerifier } from './note-keys.js';

/** C2SP signed note: text ending in a newline, a blank line, then lines `— <name> <base64(key id ‖ signature)>`. */
export const EM_DASH = '\u2014';

export interface NoteSignature {
  name: string;
  keyId: Buffer;
  signature: Buffer;
}

const MAX_SIGNATURES = 16;

export function signNote(text: string, signer: NoteSigner): string {
  checkText(text);
  const signature = signer.sign(Buffer.from(text, 'utf8'));
  return `${text}\n${EM_DASH} ${signer.name} ${Buffer.concat([signer.keyId, signature]).toString('base64')}\n`;
}

/**
 * Opens a signed note with a trusted key: the text, when a signature of that key (same name and
 * key id) verifies and none of that key fails; signatures of other keys are ignored.
 */
export function openNote(note: string, verifier: NoteVerifier): { text: string } | { problem: string } {
  const parsed = parseNote(note);
  if ('problem' in parsed) return parsed;
  const ours = parsed.signatures.filter((s) => s.name === verifier.name && s.keyId.equals(verifier.keyId));
  if (ours.length === 0) return { problem: `the note is not signed by ${verifier.name}` };
  const text = Buffer.from(parsed.text, 'utf8');
  if (!ours.every((s) => verifier.verify(text, s.signature))) return { problem: `the signature of ${verifier.name} does not verify` };
  return { text: parsed.text };
}

export function parseNote(note: string): { text: string; signatures: NoteSignature[] } | { problem: string } {
  if (/[\u0000-\u0009\u000b-\u001f]/.test(note) || note.includes('\ufffd')) return { problem: 'the note has control characters or is not UTF-8' };
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) return { problem: 'the note has no signature block' };
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) return { problem: 'the note has too many signatures' };
  const signatures: NoteSignature[] = [];
  for (const line of lines) {
    const match = /^\u2014 (\S+) ([A-Za-z0-9+/]+=*)$/.exec(line);
    const bytes = match ? Buffer.from(match[2], 'base64') : undefined;
    if (!match || !bytes || bytes.length < 5 || bytes.toString('base64') !== match[2] || match[1].includes('+')) {
      return { problem: 'the note has a malformed signature line' };
    }
    signatures.push({ name: match[1], keyId: bytes.subarray(0, 4), signature: bytes.subarray(4) });
  }
  return { text, signatures };
}

function checkText(text: string): void {
  if (!text.endsWith('\n') || /[\u0000-\u0009\u000b-\u001f]/.test(text)) throw new Error('a note text ends with a newline and has no control characters');
}

export { NoteSigner };
