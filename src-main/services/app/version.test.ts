import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_VERSION } from './version';
import { resolveDataDir } from '../store/data-dir';

describe('app identity', () => {
  it('APP_VERSION matches package.json', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { version: string };
    expect(APP_VERSION).toBe(pkg.version);
  });

  it('the data folder honours AUTOML_DATA_DIR and falls back per platform', () => {
    expect(resolveDataDir({ AUTOML_DATA_DIR: '/tmp/x' }, 'linux')).toBe('/tmp/x');
    expect(resolveDataDir({ XDG_DATA_HOME: '/xdg' }, 'linux')).toBe('/xdg/automl-desktop');
    expect(resolveDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toMatch(/AutoML Desktop$/);
    expect(resolveDataDir({}, 'darwin')).toMatch(/Library\/Application Support\/AutoML Desktop$/);
  });
});
