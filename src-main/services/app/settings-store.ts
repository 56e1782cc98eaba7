import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Settings } from '@shared/channels';
import { writeFileAtomic } from '../store/atomic-write';

const DEFAULTS: Settings = { theme: 'system' };

/** Remembered preferences (theme, last project, window bounds) in `<dataDir>/settings.json`. */
export class SettingsStore {
  constructor(private readonly dataDir: string) {}

  private get file(): string {
    return join(this.dataDir, 'settings.json');
  }

  async get(): Promise<Settings & Record<string, unknown>> {
    try {
      return { ...DEFAULTS, ...(JSON.parse(await readFile(this.file, 'utf8')) as Settings) };
    } catch {
      return { ...DEFAULTS };
    }
  }

  async set(patch: Partial<Settings> & Record<string, unknown>): Promise<Settings & Record<string, unknown>> {
    const next = { ...(await this.get()), ...patch };
    await writeFileAtomic(this.file, JSON.stringify(next, null, 1));
    return next;
  }
}
