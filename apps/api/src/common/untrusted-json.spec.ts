import { MAX_JSON_DEPTH, readUntrustedJson, readUntrustedJsonBytes } from './untrusted-json.js';

describe('reading untrusted JSON', () => {
  it('reads JSON in UTF-8', () => {
    expect(readUntrustedJson('{"a": [1, 2], "b": "æøå 😀"}', 'The body')).toEqual({ ok: true, value: { a: [1, 2], b: 'æøå 😀' } });
    expect(readUntrustedJsonBytes(Buffer.from('{"by":"Åse"}', 'utf8'), 'The body')).toEqual({ ok: true, value: { by: 'Åse' } });
  });

  it('refuses bytes that are not UTF-8 rather than storing replacement characters', () => {
    const reading = readUntrustedJsonBytes(Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xe6, 0xff]), Buffer.from('"}')]), 'The body');
    expect(reading).toMatchObject({ ok: false, error: 'invalid-encoding', path: '' });
    // UTF-16 is not UTF-8 either.
    expect(readUntrustedJsonBytes(Buffer.from('{"a":"b"}', 'utf16le'), 'The body')).toMatchObject({ ok: false });
  });

  it('says where the JSON breaks without quoting it', () => {
    const reading = readUntrustedJson('{"cpr": "070190-1234", oops}', 'The line');
    expect(reading).toMatchObject({ ok: false, error: 'invalid-json', path: '' });
    expect(JSON.stringify(reading)).not.toContain('070190');
    expect(JSON.stringify(reading)).toMatch(/character \d+/);
  });

  it(`refuses nesting deeper than ${MAX_JSON_DEPTH} levels before parsing, whatever the brackets are in strings`, () => {
    const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    expect(readUntrustedJson(nested(MAX_JSON_DEPTH), 'The body').ok).toBe(true);
    expect(readUntrustedJson(nested(MAX_JSON_DEPTH + 1), 'The body')).toMatchObject({ ok: false, error: 'invalid-json', path: '' });
    expect(readUntrustedJson(nested(100_000), 'The body')).toMatchObject({ ok: false, error: 'invalid-json' });
    expect(readUntrustedJson(`{"a":"${'['.repeat(100)}\\"${'{'.repeat(100)}"}`, 'The body')).toEqual({
      ok: true,
      value: { a: `${'['.repeat(100)}"${'{'.repeat(100)}` },
    });
  });

  it('refuses U+0000 and lone surrogates in strings and keys, naming the field', () => {
    expect(readUntrustedJson('{"reason": "a\\u0000b"}', 'The body')).toMatchObject({ ok: false, error: 'invalid-text', path: 'reason' });
    expect(readUntrustedJson('{"data": {"source": "\\ud800"}}', 'The line')).toMatchObject({ ok: false, error: 'invalid-text', path: 'data.source' });
    expect(readUntrustedJson('{"list": ["ok", "\\udc00"]}', 'The body')).toMatchObject({ ok: false, path: 'list[1]' });
    expect(readUntrustedJson('{"data": {"a\\u0000": 1}}', 'The line')).toMatchObject({ ok: false, error: 'invalid-text', path: 'data' });
    expect(readUntrustedJson('"\\u0000"', 'The body')).toMatchObject({ ok: false, path: '' });
    expect(readUntrustedJson('{"ok": "\\ud83d\\ude00"}', 'The body')).toEqual({ ok: true, value: { ok: '😀' } });
  });

  it('names a field only by a plain, non-personal name', () => {
    expect(readUntrustedJson('{"0701901234": "\\u0000"}', 'The body')).toMatchObject({ ok: false, path: '' });
    expect(readUntrustedJson('{"a b": {"c": "\\u0000"}}', 'The body')).toMatchObject({ ok: false, path: '' });
    expect(readUntrustedJson('{"data": {"a b": [{"c": "\\u0000"}]}}', 'The line')).toMatchObject({ ok: false, path: 'data' });
  });
});
