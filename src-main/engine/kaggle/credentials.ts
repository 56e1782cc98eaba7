import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CodedError } from '@shared/errors';

/** A Kaggle API token: the account name and its key (from kaggle.json or the environment). */
export interface KaggleCredentials {
  username: string;
  key: string;
}

/**
 * Finds credentials the way the official Kaggle tool does: KAGGLE_USERNAME + KAGGLE_KEY first,
 * then `<configDir>/kaggle.json` (configDir: option, then KAGGLE_CONFIG_DIR, then ~/.kaggle).
 * Returns null when there are none; a kaggle.json that cannot be read is an error worth showing.
 */
export function findCredentials(opts: { configDir?: string; env?: NodeJS.ProcessEnv } = {}): KaggleCredentials | null {
  const env = opts.env ?? process.env;
  if (env.KAGGLE_USERNAME && env.KAGGLE_KEY) return { username: env.KAGGLE_USERNAME, key: env.KAGGLE_KEY };
  const dir = opts.configDir ?? env.KAGGLE_CONFIG_DIR ?? join(homedir(), '.kaggle');
  const file = join(dir, 'kaggle.json');
  if (!existsSync(file)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CodedError(
      'kaggle-auth',
      `${file} is not valid JSON (${(err as Error).message}). Download a fresh API token from kaggle.com → Settings → API.`,
    );
  }
  const creds = parsed as Partial<KaggleCredentials>;
  if (typeof creds.username !== 'string' || typeof creds.key !== 'string' || !creds.username || !creds.key) {
    throw new CodedError(
      'kaggle-auth',
      `${file} must contain {"username": "...", "key": "..."}. Download a fresh API token from kaggle.com → Settings → API.`,
    );
  }
  return { username: creds.username, key: creds.key };
}
