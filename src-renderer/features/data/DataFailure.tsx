import { ErrorPanel } from '../../components/ErrorPanel';
import { formatCount, plural } from '../../lib/format';
import { useProjectStore } from '../project/store';
import { t } from '../../strings';

interface RejectedRow {
  line: number;
  reason: string;
}

function rejectedFrom(detail: Record<string, unknown> | undefined): { rows: RejectedRow[]; total: number } {
  const rows = Array.isArray(detail?.rejectedRows)
    ? (detail.rejectedRows as RejectedRow[]).filter((r) => typeof r?.line === 'number')
    : [];
  const total = typeof detail?.rejectedTotal === 'number' ? detail.rejectedTotal : rows.length;
  return { rows, total };
}

/** Why the data could not be read, the rows at fault, and the ways forward (skip them, or another file). */
export function DataFailure() {
  const error = useProjectStore((s) => s.project?.stages.DATA_SOURCE.error);
  const busy = useProjectStore((s) => s.busy !== null);
  const confirm = useProjectStore((s) => s.confirm);
  const back = useProjectStore((s) => s.back);
  if (!error) return null;
  const { rows, total } = rejectedFrom(error.detail);

  return (
    // The rows advice only where rows are listed: a file refused for its column names has none to fix or skip.
    <ErrorPanel error={error} title={t.data.failed} advice={rows.length > 0 ? t.data.rowsAdvice : undefined}>
      {rows.length > 0 && (
        <div className="rejected" data-testid="rejected-rows">
          <p>{t.data.unreadRows(plural(total, t.nouns.row), total > rows.length ? formatCount(rows.length) : null)}</p>
          <table className="table compact">
            <thead>
              <tr>
                <th scope="col">{t.data.line}</th>
                <th scope="col">{t.data.problem}</th>
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, 20).map((r) => (
                <tr key={r.line}>
                  <td className="num">{r.line}</td>
                  <td>{r.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {error.code === 'dataset-invalid' && rows.length > 0 && (
        <button
          type="button"
          className="button primary"
          disabled={busy}
          onClick={() => void confirm('DATA_SOURCE', { skipBadRows: true })}
          data-testid="skip-bad-rows"
        >
          {t.data.skipBad}
        </button>
      )}
      <button
        type="button"
        className="button"
        disabled={busy}
        onClick={() => void back('DATA_SOURCE')}
        data-testid="choose-other-file"
      >
        {t.data.otherFile}
      </button>
      <button
        type="button"
        className="button quiet"
        disabled={busy}
        onClick={() => void confirm('DATA_SOURCE')}
        data-testid="retry-DATA_SOURCE"
      >
        {t.steps.tryAgain}
      </button>
    </ErrorPanel>
  );
}
