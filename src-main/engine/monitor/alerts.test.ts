import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_MONITOR_SETTINGS, type BatchSummary, type FeatureDrift } from '@shared/monitor';
import { closedAlerts, openAlerts, openAlertsOf, raise } from './alerts';
import { withLog } from './log-db';

const dir = mkdtempSync(join(tmpdir(), 'monitor-alerts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const t = DEFAULT_MONITOR_SETTINGS.thresholds;

/** A column past the alert line with this PSI (KS agreeing), or within the lines. */
function column(feature: string, psi: number | null): FeatureDrift {
  const drifted = psi !== null && psi >= t.psiAlert;
  return {
    feature,
    kind: 'numeric',
    psi: psi ?? 0.01,
    ks: { d: drifted ? 0.3 : 0.02, p: drifted ? 1e-9 : 0.8 },
    missingRate: 0,
    trainingMissingRate: 0,
    level: drifted ? 'alert' : 'ok',
    reasons: drifted ? [`distribution moved (PSI ${psi.toFixed(2)}, KS 0.30)`] : [],
  };
}

let batch = 0;
function summary(drift: FeatureDrift[], rows = 1000): BatchSummary {
  batch++;
  return {
    batchId: `b${batch}`,
    version: 1,
    role: 'champion',
    at: batch * 1000,
    source: 'cli',
    fileName: `batch-${batch}.csv`,
    rows,
    logged: 'all',
    stats: [],
    drift,
    prediction: { psi: 0.01, level: 'ok' },
    level: drift.some((d) => d.level === 'alert') ? 'alert' : 'ok',
    small: rows < DEFAULT_MONITOR_SETTINGS.thresholds.minRows,
  };
}

/** 20 sensor readings shifted by one recalibration upstream (PSI 0.40 to 0.59), and 5 columns that did not move. */
const sensors = Array.from({ length: 20 }, (_, i) => `sensor_${String(i + 1).padStart(2, '0')}`);
const steady = ['age', 'region_code', 'hours', 'load', 'temp_outside'];

describe('drift alerts', () => {
  it('raises one alert naming every drifted column, not one per column, and refreshes it while the drift lasts', async () => {
    await withLog(dir, 'plant', async (conn) => {
      const first = summary([
        ...sensors.map((s, i) => column(s, 0.4 + i / 100)),
        ...steady.map((s) => column(s, null)),
      ]);
      const opened = await openAlerts(conn, 'plant', first, t);
      expect(opened).toHaveLength(1);
      const [alert] = opened;
      expect(alert.kind).toBe('drift');
      // Strongest first: sensor_20 moved most.
      expect(alert.columns?.map((c) => c.name)).toEqual([...sensors].reverse());
      expect(alert.value).toBeCloseTo(0.59, 10);
      expect(alert.threshold).toBe(t.psiAlert);
      expect(alert.subject).toBe([...sensors].reverse().join(', '));
      expect(alert.message).toBe(
        "20 columns drifted from the training data in the same batch: 'sensor_20' (PSI 0.59), 'sensor_19' (PSI 0.58), 'sensor_18' (PSI 0.57), 'sensor_17' (PSI 0.56), 'sensor_16' (PSI 0.55) and 15 more. Columns that move together usually share one change upstream (a new source, a unit or a format). Check where this data comes from; if the change is real, retrain on recent labelled data.",
      );

      // The next batch: 12 of them still past the line. The same alert, now naming those 12; nothing new opens.
      const second = summary([
        ...sensors.map((s, i) => column(s, i < 12 ? 0.3 : null)),
        ...steady.map((s) => column(s, null)),
      ]);
      expect(await openAlerts(conn, 'plant', second, t)).toEqual([]);
      const open = await openAlertsOf(conn, 1);
      expect(open).toHaveLength(1);
      expect(open[0].alertId).toBe(alert.alertId);
      expect(open[0].columns).toHaveLength(12);
      expect(open[0].batchId).toBe(second.batchId);

      // A batch too small to judge closes nothing; one big enough with every column back closes it.
      await openAlerts(
        conn,
        'plant',
        summary(
          sensors.map((s) => column(s, null)),
          50,
        ),
        t,
      );
      expect(await openAlertsOf(conn, 1)).toHaveLength(1);
      await openAlerts(conn, 'plant', summary([...sensors, ...steady].map((s) => column(s, null))), t);
      expect(await openAlertsOf(conn, 1)).toEqual([]);
      expect((await closedAlerts(conn))[0]).toMatchObject({
        alertId: alert.alertId,
        closedReason: expect.stringMatching(/back within the lines/),
      });
    });
  });

  it('says one drifted column as before, and closes an alert logged per column once that column is back', async () => {
    await withLog(dir, 'shop', async (conn) => {
      const [one] = await openAlerts(conn, 'shop', summary([column('tenure', 0.31), column('spend', null)]), t);
      expect(one).toMatchObject({ subject: 'tenure', columns: [{ name: 'tenure', value: 0.31 }] });
      expect(one.message).toBe(
        "'tenure' has drifted from the training data: distribution moved (PSI 0.31, KS 0.30). Check where this data comes from; if the change is real, retrain on recent labelled data.",
      );
      await openAlerts(conn, 'shop', summary([column('tenure', null), column('spend', null)]), t);
      // An alert from a log written before grouping: one column, named by its subject alone.
      await raise(conn, 'shop', 1, 'old', 1, [
        { kind: 'drift', subject: 'spend', value: 0.3, threshold: t.psiAlert, message: "'spend' has drifted." },
      ]);
      await openAlerts(conn, 'shop', summary([column('tenure', null), column('spend', null)]), t);
      expect(await openAlertsOf(conn, 1)).toEqual([]);
    });
  });
});
