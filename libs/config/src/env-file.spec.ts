import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './app-config.js';
import { readEnvFile } from './env-file.js';

describe('readEnvFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ov-env-file-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('adds the file’s variables, the environment winning over the file, and the configuration reads them', () => {
    const path = join(dir, '.env');
    writeFileSync(
      path,
      ['# the service on this machine', 'PORT=8080', 'HOST="0.0.0.0"', 'LOG_LEVEL=debug', "CORS_ORIGINS='https://app.example'", ''].join('\n'),
    );
    const env: NodeJS.ProcessEnv = { LOG_LEVEL: 'warn' };

    expect(readEnvFile(path, env).sort()).toEqual(['CORS_ORIGINS', 'HOST', 'PORT']);
    expect(env).toEqual({ PORT: '8080', HOST: '0.0.0.0', LOG_LEVEL: 'warn', CORS_ORIGINS: 'https://app.example' });
    expect(loadConfig(env)).toMatchObject({ PORT: 8080, HOST: '0.0.0.0', LOG_LEVEL: 'warn', corsOrigins: ['https://app.example'] });
  });

  it('changes nothing when there is no file', () => {
    const env: NodeJS.ProcessEnv = { PORT: '3001' };
    expect(readEnvFile(join(dir, '.env'), env)).toEqual([]);
    expect(env).toEqual({ PORT: '3001' });
  });

  it('takes a variable set empty in the environment as set: the file does not fill it in', () => {
    const path = join(dir, '.env');
    writeFileSync(path, 'DATA_DIR=/srv/outcomes\n');
    const env: NodeJS.ProcessEnv = { DATA_DIR: '' };
    expect(readEnvFile(path, env)).toEqual([]);
    expect(loadConfig(env).DATA_DIR).toBe('./data');
  });
});
