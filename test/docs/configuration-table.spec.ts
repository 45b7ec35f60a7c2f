import { loadConfig, OPTIONAL_VARIABLES } from '#config';
import { page, tables } from './documentation.js';

describe('docs/configuration.md', () => {
  it('lists every configuration variable with its default', () => {
    const variables = tables(page('docs/configuration.md').text).find(({ header }) => header[0] === 'variable' && header[1] === 'default');
    const table = new Map(variables?.rows.map(([variable, value]) => [variable.replace(/^`|`$/g, ''), value.replace(/^`|`$/g, '')]));
    const defaults = loadConfig({}) as unknown as Record<string, unknown>;
    const names = [...new Set([...Object.keys(defaults), ...OPTIONAL_VARIABLES])];
    expect([...table.keys()].sort()).toEqual(names.sort());
    for (const variable of names) {
      const value = defaults[variable];
      expect({ variable, default: table.get(variable) }).toEqual({
        variable,
        default: value === undefined ? expect.stringMatching(/^(unset|generated)$/) : String(value as string | number | boolean),
      });
    }
  });
});
