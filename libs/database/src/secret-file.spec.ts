import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readOrCreateSecret } from './secret-file.js';

describe('readOrCreateSecret', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'ov-secret-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  const modeOf = (file: string): string => (statSync(file).mode & 0o777).toString(8);

  it('generates a secret once, into a file only this user may read, in folders it creates', () => {
    const file = join(folder, 'nested', 'postgres.password');
    const secret = readOrCreateSecret(file);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(modeOf(file)).toBe('600');
    expect(readOrCreateSecret(file)).toBe(secret);
    expect(readOrCreateSecret(join(folder, 'other.password'))).not.toBe(secret);
  });

  it('keeps a secret it finds, making its file private again, and refuses an empty one', () => {
    const file = join(folder, 'kept.password');
    writeFileSync(file, 'kept-secret\n');
    chmodSync(file, 0o644);
    expect(readOrCreateSecret(file)).toBe('kept-secret');
    expect(modeOf(file)).toBe('600');
    writeFileSync(join(folder, 'empty.password'), '\n');
    expect(() => readOrCreateSecret(join(folder, 'empty.password'))).toThrow(/empty\.password is empty/);
  });
});
