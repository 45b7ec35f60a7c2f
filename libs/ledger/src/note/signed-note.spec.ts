import { checkpointText, openCheckpoint, parseCheckpointText, signCheckpoint } from '../checkpoint/checkpoint.js';
import { EMPTY_ROOT, hashLeaf } from '../merkle/tree-hash.js';
import { keyIdOf, NoteKeyError, NoteSigner, NoteVerifier } from './note-keys.js';
import { EM_DASH, openNote, signNote } from './signed-note.js';

// The signer key, text and signed note of golang.org/x/mod/sumdb/note's documentation, and the
// verifier key and note of the C2SP signed-note specification: known answers from elsewhere.
const GO_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const GO_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_NOTE = `${GO_TEXT}\n${EM_DASH} PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;
const C2SP_VKEY = 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k';
const C2SP_NOTE = `This is an example message.\n\n${EM_DASH} example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n`;

describe('signed notes (C2SP signed-note, Ed25519)', () => {
  it('signs the reference text to the reference note, byte for byte, with the reference key', () => {
    const signer = NoteSigner.parse(GO_SKEY);
    expect(signer.verifier.toString()).toBe(GO_VKEY);
    expect(signNote(GO_TEXT, signer)).toBe(GO_NOTE);
  });

  it('opens the reference notes with their verifier keys, and derives the key id as the spec says', () => {
    expect(openNote(GO_NOTE, NoteVerifier.parse(GO_VKEY))).toEqual({ text: GO_TEXT });
    expect(openNote(C2SP_NOTE, NoteVerifier.parse(C2SP_VKEY))).toEqual({ text: 'This is an example message.\n' });
    const verifier = NoteVerifier.parse(C2SP_VKEY);
    expect(keyIdOf('example.com/foo', verifier.publicKey).toString('hex')).toBe('530d903a');
  });

  it('refuses a changed text, a changed signature, and a note signed only by another key', () => {
    const verifier = NoteVerifier.parse(GO_VKEY);
    expect(openNote(GO_NOTE.replace('answer', 'Answer'), verifier)).toEqual({ problem: 'the signature of PeterNeumann does not verify' });
    expect(openNote(GO_NOTE.replace('x08go', 'x08gp'), verifier)).toHaveProperty('problem');
    expect(openNote(C2SP_NOTE, verifier)).toEqual({ problem: 'the note is not signed by PeterNeumann' });
    const other = NoteSigner.generate('PeterNeumann').signer;
    expect(openNote(signNote(GO_TEXT, other), verifier)).toHaveProperty('problem');
  });

  it('refuses mangled keys', () => {
    for (const bad of [
      GO_VKEY.slice(1),
      GO_VKEY.replace('c74f20a3', 'c74f20a4'),
      GO_VKEY.replace('ARpc', 'AZpc'),
      'PeterNeumann+c74f20a3',
      `a b+${GO_VKEY.split('+').slice(1).join('+')}`,
    ]) {
      expect(() => NoteVerifier.parse(bad)).toThrow(NoteKeyError);
    }
    expect(() => NoteSigner.parse(GO_SKEY.replace('PRIVATE', 'PUBLIC'))).toThrow(NoteKeyError);
    expect(() => NoteSigner.parse(GO_SKEY.replace('c74f20a3', '00000000'))).toThrow(NoteKeyError);
  });
});

describe('checkpoints (C2SP tlog-checkpoint with a stream-heads extension line)', () => {
  const { signer } = NoteSigner.generate('example.test/ledger');
  const checkpoint = { origin: 'example.test/ledger', treeSize: 42, rootHash: hashLeaf(Buffer.from('x')), heads: { count: 3, root: EMPTY_ROOT } };

  it('writes origin, size, base64 root and the heads line, and reads them back only with the key', () => {
    const text = checkpointText(checkpoint);
    expect(text).toBe(`example.test/ledger\n42\n${checkpoint.rootHash.toString('base64')}\nstream-heads 3 ${EMPTY_ROOT.toString('base64')}\n`);
    expect(parseCheckpointText(text)).toEqual({ checkpoint });
    const note = signCheckpoint(checkpoint, signer);
    expect(openCheckpoint(note, signer.verifier)).toEqual({ checkpoint });
    expect(openCheckpoint(note.replace('\n42\n', '\n43\n'), signer.verifier)).toHaveProperty('problem');
    expect(openCheckpoint(note, NoteSigner.generate('example.test/ledger').signer.verifier)).toHaveProperty('problem');
  });

  it('refuses malformed checkpoints', () => {
    const text = checkpointText(checkpoint);
    for (const bad of [
      text.replace('42', '042'),
      text.replace('\n42\n', '\n-1\n'),
      text.replace(/stream-heads.*\n/, ''),
      `${text}extra\n`,
      text.replace(/\n[^\n]+=\nstream/, '\nAAAA\nstream'),
    ]) {
      expect(parseCheckpointText(bad)).toHaveProperty('problem');
    }
  });
});
