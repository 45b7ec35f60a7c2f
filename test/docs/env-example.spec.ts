import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { loadConfig, OPTIONAL_VARIABLES } from '#config';

describe('.env.example', () => {
  it('lists every configuration variable with its default (empty for those unset by default), commented out', () => {
    const text = readFileSync(new URL('../../.env.example', import.meta.url), 'utf8');
    // Uncommented, the file must be a .env that changes nothing.
    const lines = text.split('\n').filter((line) => /^# [A-Z_]+=/.test(line));
    const listed = parseEnv(lines.map((line) => line.slice(2)).join('\n'));
    const defaults = loadConfig({}) as unknown as Record<string, unknown>;
    const expected = Object.fromEntries(
      [...new Set([...Object.keys(defaults), ...OPTIONAL_VARIABLES])].map((name) => [
        name,
        defaults[name] === undefined ? '' : String(defaults[name] as string | number),
      ]),
    );
    expect(listed).toEqual(expected);
    expect(text.split('\n').filter((line) => /^[A-Z_]+=/.test(line))).toEqual([]);
    expect(loadConfig(listed)).toEqual(loadConfig({}));
  });
});
