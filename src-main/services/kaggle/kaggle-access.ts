import { chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { CodedError } from '@shared/errors';
import { findCredentials, type KaggleCredentials } from '../../engine/kaggle/credentials';
import { KaggleClient } from '../../engine/kaggle/kaggle-client';
import { writeFileAtomic } from '../store/atomic-write';

/**
 * Where the app finds Kaggle credentials: the environment and ~/.kaggle/kaggle.json first (as Kaggle's own tool),
 * then the token saved from the app in `<dataDir>/kaggle/kaggle.json` (owner-only permissions).
 * KAGGLE_API_BASE points the client at another server (tests use a loopback one).
 */
export class KaggleAccess {
  constructor(private readonly dataDir: string) {}

  private get appDir(): string {
    return join(this.dataDir, 'kaggle');
  }

  credentials(): { creds: KaggleCredentials; source: 'env' | 'file' | 'app' } | null {
    const env = process.env;
    if (env.KAGGLE_USERNAME && env.KAGGLE_KEY)
      return { creds: { username: env.KAGGLE_USERNAME, key: env.KAGGLE_KEY }, source: 'env' };
    const home = findCredentials({ env: { ...env, KAGGLE_USERNAME: '', KAGGLE_KEY: '' } });
    if (home) return { creds: home, source: 'file' };
    const saved = findCredentials({ configDir: this.appDir, env: {} });
    return saved ? { creds: saved, source: 'app' } : null;
  }

  client(): KaggleClient {
    const found = this.credentials();
    if (!found) {
      throw new CodedError(
        'kaggle-auth',
        'No Kaggle credentials yet. Enter your Kaggle username and API key (kaggle.com → Settings → API → Create New Token).',
      );
    }
    return new KaggleClient(found.creds, { baseUrl: process.env.KAGGLE_API_BASE });
  }

  async save(username: string, key: string): Promise<void> {
    const file = join(this.appDir, 'kaggle.json');
    await writeFileAtomic(file, JSON.stringify({ username, key }));
    await chmod(file, 0o600);
  }
}
