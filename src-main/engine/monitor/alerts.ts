/**
 * Alerts: drift or a metric drop past the person's line. One open alert per version, kind and subject (a later
 * batch updates it rather than opening another), and one for all input drift of a version, naming its columns; a
 * drift alert closes itself when a later batch big enough to judge has all its columns back within the lines, and
 * every open alert of a version closes when another version takes over.
 */
import { randomBytes } from 'node:crypto';
import type { BatchSummary, DriftedColumn, FeatureDrift, MonitorAlert, MonitorThresholds } from '@shared/monitor';
import { rowsOf, type LogConnection } from './log-db';

type Candidate = Pick<MonitorAlert, 'kind' | 'subject' | 'value' | 'threshold' | 'message' | 'columns'>;

/** The measure that crossed its line: PSI, else the unseen share, else the change of the missing share. */
function crossed(d: FeatureDrift, t: MonitorThresholds): Pick<DriftedColumn, 'measure' | 'value' | 'threshold'> {
  if (d.psi !== null && d.psi >= t.psiAlert) return { measure: 'psi', value: d.psi, threshold: t.psiAlert };
  if (d.unseenShare !== undefined && d.unseenShare >= t.unseenAlert)
    return { measure: 'unseen', value: d.unseenShare, threshold: t.unseenAlert };
  return { measure: 'missing', value: Math.abs(d.missingRate - d.trainingMissingRate), threshold: t.missingAlert };
}

/** The measure past its line, in a few words: "PSI 0.52", "12% unseen values", "missing share 20 points off". */
function measured(c: DriftedColumn): string {
  if (c.measure === 'psi') return `PSI ${c.value.toFixed(2)}`;
  const points = Math.round(c.value * 100);
  return c.measure === 'unseen' ? `${points}% unseen values` : `missing share ${points} points off`;
}

/** Columns named in a grouped drift message; the rest are counted ("and 17 more") and listed on the Monitor screen. */
const NAMED_COLUMNS = 5;

/**
 * One drift alert for every input column past its line in the batch: a change upstream (a new source, a unit or a
 * format) moves many correlated columns at once, and twenty alerts saying the same thing hide it. The columns are
 * listed strongest first (by how far past its line each is).
 */
export function inputDriftCandidate(summary: BatchSummary, t: MonitorThresholds): Candidate | null {
  const columns: DriftedColumn[] = summary.drift
    .filter((d) => d.level === 'alert')
    .map((d) => ({ name: d.feature, ...crossed(d, t), reasons: d.reasons }))
    .sort((a, b) => b.value / b.threshold - a.value / a.threshold);
  if (columns.length === 0) return null;
  const what = 'Check where this data comes from; if the change is real, retrain on recent labelled data.';
  const strongest = columns[0];
  if (columns.length === 1)
    return {
      kind: 'drift',
      subject: strongest.name,
      value: strongest.value,
      threshold: strongest.threshold,
      columns,
      message: `'${strongest.name}' has drifted from the training data: ${strongest.reasons.join('; ')}. ${what}`,
    };
  const named = columns.slice(0, NAMED_COLUMNS).map((c) => `'${c.name}' (${measured(c)})`);
  const more = columns.length - named.length;
  return {
    kind: 'drift',
    subject: columns.map((c) => c.name).join(', '),
    value: strongest.value,
    threshold: strongest.threshold,
    columns,
    message: `${columns.length} columns drifted from the training data in the same batch: ${named.join(', ')}${more > 0 ? ` and ${more} more` : ''}. Columns that move together usually share one change upstream (a new source, a unit or a format). ${what}`,
  };
}

function driftCandidates(summary: BatchSummary, t: MonitorThresholds): Candidate[] {
  const out: Candidate[] = [];
  const inputs = inputDriftCandidate(summary, t);
  if (inputs) out.push(inputs);
  if (summary.prediction.level === 'alert') {
    out.push({
      kind: 'prediction-drift',
      subject: 'predictions',
      value: summary.prediction.psi ?? 0,
      threshold: t.psiAlert,
      message: `The predictions' distribution has moved from the training target's (PSI ${(summary.prediction.psi ?? 0).toFixed(2)}). Bring the true outcomes to see whether the model is still right.`,
    });
  }
  return out;
}

/** The input columns a drift alert is about (one, for alerts logged before they were grouped). */
const columnsOf = (a: MonitorAlert): string[] => a.columns?.map((c) => c.name) ?? [a.subject];

export async function openAlertsOf(conn: LogConnection, version?: number): Promise<MonitorAlert[]> {
  const rows = await rowsOf(conn, `SELECT body FROM alerts WHERE open ORDER BY opened_at`);
  const alerts = rows.map((r) => JSON.parse(String(r.body)) as MonitorAlert);
  return version === undefined ? alerts : alerts.filter((a) => a.version === version);
}

export async function closedAlerts(conn: LogConnection, limit = 20): Promise<MonitorAlert[]> {
  const rows = await rowsOf(conn, `SELECT body FROM alerts WHERE NOT open ORDER BY opened_at DESC LIMIT ${limit}`);
  return rows.map((r) => JSON.parse(String(r.body)) as MonitorAlert);
}

async function store(conn: LogConnection, alert: MonitorAlert): Promise<void> {
  await conn.run(`INSERT OR REPLACE INTO alerts VALUES ($1, $2, $3, $4)`, [
    alert.alertId,
    alert.closedAt === undefined,
    alert.openedAt,
    JSON.stringify(alert),
  ]);
}

export async function closeAlert(conn: LogConnection, alert: MonitorAlert, reason: string, at = Date.now()) {
  await store(conn, { ...alert, closedAt: at, closedReason: reason });
}

/** Raises (or refreshes) the alerts of a candidate list; returns the ones newly opened. */
export async function raise(
  conn: LogConnection,
  modelId: string,
  version: number,
  batchId: string | null,
  at: number,
  candidates: Candidate[],
): Promise<MonitorAlert[]> {
  const open = await openAlertsOf(conn, version);
  const opened: MonitorAlert[] = [];
  for (const c of candidates) {
    // Input drift is one alert per version whichever columns it names now; other kinds, one per subject.
    const same = open.find((a) => a.kind === c.kind && (c.kind === 'drift' || a.subject === c.subject));
    if (same) {
      await store(conn, { ...same, ...c, batchId });
      continue;
    }
    const alert: MonitorAlert = {
      alertId: `a-${randomBytes(5).toString('hex')}`,
      modelId,
      version,
      ...c,
      batchId,
      openedAt: at,
    };
    await store(conn, alert);
    opened.push(alert);
  }
  return opened;
}

/** Alerts from a logged batch; drift alerts of subjects this batch found fine are closed. */
export async function openAlerts(
  conn: LogConnection,
  modelId: string,
  summary: BatchSummary,
  thresholds: MonitorThresholds,
): Promise<MonitorAlert[]> {
  const candidates = driftCandidates(summary, thresholds);
  if (!summary.small) {
    const fine = new Set(summary.drift.filter((d) => d.level === 'ok').map((d) => d.feature));
    if (summary.prediction.level === 'ok') fine.add('predictions');
    for (const a of await openAlertsOf(conn, summary.version)) {
      const back =
        (a.kind === 'drift' && columnsOf(a).every((c) => fine.has(c))) ||
        (a.kind === 'prediction-drift' && fine.has(a.subject));
      // An input drift alert this batch refreshes stays open (raise updates it).
      if (back && !(a.kind === 'drift' && candidates.some((c) => c.kind === 'drift')))
        await closeAlert(
          conn,
          a,
          `Batch ${summary.batchId} (${summary.rows} rows) is back within the lines.`,
          summary.at,
        );
    }
  }
  return raise(conn, modelId, summary.version, summary.batchId, summary.at, candidates);
}

/** Closes every open alert of versions other than `active` (another version took over). */
export async function closeForVersionChange(conn: LogConnection, active: number, at: number): Promise<void> {
  for (const a of await openAlertsOf(conn)) {
    if (a.version !== active) await closeAlert(conn, a, `Version ${active} replaced version ${a.version}.`, at);
  }
}
