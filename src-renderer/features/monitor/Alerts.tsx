import type { MonitorAlert, MonitorState } from '@shared/monitor';
import { formatDecimal, formatInteger } from '@shared/locale';
import { formatRelative } from '../../lib/format';
import { t } from '../../strings';

/** The open alerts: one line each; an input drift alert over several columns lists them, strongest first. */
export function Alerts({ state }: { state: MonitorState }) {
  if (!state.alerts.length)
    return (
      <p className="muted" data-testid="monitor-no-alerts">
        {t.monitor.noAlerts}
      </p>
    );
  return (
    <section className="card alert-list" data-testid="monitor-alerts" aria-label={t.monitor.openAlerts}>
      <h2 className="card-title">{t.monitor.openAlertsCount(formatInteger(state.alerts.length))}</h2>
      <ul>
        {state.alerts.map((a) => (
          <li key={a.alertId} data-testid={`monitor-alert-${a.kind}`}>
            <span className="badge danger">{a.kind === 'metric' ? t.monitor.metricBadge : t.monitor.driftBadge}</span>{' '}
            {a.message} <span className="muted small">{formatRelative(a.openedAt)}</span>
            <DriftedColumns alert={a} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Every column of a grouped drift alert with the measure past its line (the message names the first few). */
function DriftedColumns({ alert }: { alert: MonitorAlert }) {
  const columns = alert.columns ?? [];
  if (alert.kind !== 'drift' || columns.length < 2) return null;
  return (
    <details className="alert-columns" data-testid="monitor-alert-columns">
      <summary>{t.monitor.driftedColumns(formatInteger(columns.length))}</summary>
      <table className="table compact">
        <thead>
          <tr>
            <th scope="col">{t.monitor.column}</th>
            <th scope="col">{t.monitor.measure}</th>
            <th scope="col">{t.monitor.why}</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((c) => (
            <tr key={c.name}>
              <td>{c.name}</td>
              <td className="num">
                {t.monitor.againstLine(
                  t.monitor.measureName[c.measure],
                  formatDecimal(c.value, 2),
                  formatDecimal(c.threshold, 2),
                )}
              </td>
              <td>{c.reasons.join('; ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
