/** A model's monitoring settings, kept in its log (meta 'settings'); defaults fill what was never set. */
import { CodedError } from '@shared/errors';
import { DEFAULT_MONITOR_SETTINGS, type LogRows, type MonitorSettings, type MonitorUpdate } from '@shared/monitor';
import { rowsOf, type LogConnection } from './log-db';

export async function readSettings(conn: LogConnection): Promise<MonitorSettings> {
  const rows = await rowsOf(conn, `SELECT value FROM meta WHERE key = 'settings'`);
  const stored = rows.length ? (JSON.parse(String(rows[0].value)) as Partial<MonitorSettings>) : {};
  return {
    ...DEFAULT_MONITOR_SETTINGS,
    ...stored,
    thresholds: { ...DEFAULT_MONITOR_SETTINGS.thresholds, ...(stored.thresholds ?? {}) },
  };
}

const LOG_ROWS: readonly LogRows[] = ['all', 'predictions', 'none'];

function check(ok: boolean, what: string): void {
  if (!ok) throw new CodedError('invalid-input', `${what}. Nothing was changed.`);
}

/** Checks an update and returns the settings it makes (does not store them). */
export function applyUpdate(current: MonitorSettings, update: MonitorUpdate): MonitorSettings {
  const next: MonitorSettings = {
    ...current,
    ...update,
    thresholds: { ...current.thresholds, ...(update.thresholds ?? {}) },
  };
  const t = next.thresholds;
  const share = (x: number) => Number.isFinite(x) && x >= 0 && x <= 1;
  check(LOG_ROWS.includes(next.logRows), `What to log must be one of ${LOG_ROWS.join(', ')}`);
  check(
    next.keyColumn === null || (typeof next.keyColumn === 'string' && next.keyColumn.length > 0),
    'The key column must be a column name, or none (rows are then matched by a hash of their inputs)',
  );
  check(Number.isFinite(t.psiWatch) && t.psiWatch > 0, 'The PSI watch line must be a number above 0');
  check(Number.isFinite(t.psiAlert) && t.psiAlert >= t.psiWatch, 'The PSI alert line must be at least the watch line');
  check(share(t.missingAlert), 'The missing-values line must be a share between 0 and 1');
  check(share(t.unseenAlert), 'The unseen-categories line must be a share between 0 and 1');
  check(Number.isFinite(t.metricDropPct) && t.metricDropPct > 0, 'The metric drop must be a percentage above 0');
  check(Number.isInteger(t.minRows) && t.minRows >= 1, 'The smallest batch for alerts must be a whole number of rows');
  check(Number.isInteger(next.retentionDays) && next.retentionDays >= 1, 'Retention must be a whole number of days');
  check(Number.isInteger(next.maxRows) && next.maxRows >= 0, 'The row cap must be a whole number');
  check(
    Number.isFinite(next.promoteMarginPct) && next.promoteMarginPct >= 0,
    'The promotion margin must be a percentage of 0 or more',
  );
  check(next.windowFraction > 0 && next.windowFraction < 1, 'The recent window must be a share between 0 and 1');
  check(
    next.shadowVersion === null || (Number.isInteger(next.shadowVersion) && next.shadowVersion >= 1),
    'The shadow version must be a version number (1, 2, ...), or none',
  );
  return next;
}

export async function writeSettings(conn: LogConnection, settings: MonitorSettings): Promise<void> {
  await conn.run(`INSERT OR REPLACE INTO meta VALUES ('settings', $1)`, [JSON.stringify(settings)]);
}
