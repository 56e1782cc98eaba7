import { formatDateTime, formatDay } from '@shared/locale';
import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { formatRelative } from '../../lib/format';

/** "12 Mar 2025 · 3 h ago": the date, and how long ago within a week (formatRelative gives the date after that). */
function formatDate(ts: number): string {
  const date = formatDay(ts);
  return Date.now() - ts < 7 * DAY_MS ? `${date} · ${formatRelative(ts)}` : date;
}
import { openProject } from '../project/actions';
import { useProjectStore } from '../project/store';
import { useHomeStore } from './store';
import { t } from '../../strings';
import { DAY_MS } from '@shared/time';

/** Recent projects, newest first: open one, or delete it (asks first). */
export function RecentProjects() {
  const projects = useHomeStore((s) => s.projects);
  const remove = useHomeStore((s) => s.deleteProject);
  const openId = useProjectStore((s) => s.project?.id);
  const close = useProjectStore((s) => s.close);
  const [confirming, setConfirming] = useState<{ id: string; name: string } | null>(null);

  if (!projects) return null;
  return (
    <section className="recent" aria-labelledby="recent-title" data-testid="recent-projects">
      <h2 id="recent-title" className="section-title">
        {t.home.recent}
      </h2>
      {projects.length === 0 ? (
        <p className="muted">{t.home.noProjects}</p>
      ) : (
        <ul className="project-list">
          {projects.map((p) => (
            <li key={p.id} className="project-row">
              <button
                type="button"
                className="project-open"
                onClick={() => void openProject(p.id)}
                data-testid={`project-${p.id}`}
              >
                <span className="project-name">{p.name}</span>
                <span className="project-goal">
                  {p.dataset ? <span data-testid={`project-dataset-${p.id}`}>{p.dataset}</span> : t.home.noData}
                  {p.goal ? ` · “${p.goal}”` : ''}
                </span>
                <span
                  className={`project-outcome is-${p.outcome?.state ?? 'open'}`}
                  data-testid={`project-outcome-${p.id}`}
                >
                  {p.outcome?.text ?? t.stages[p.currentStage]}
                </span>
              </button>
              <span className="project-meta">
                {p.task && <span className="badge">{t.tasks[p.task]}</span>}
                <time
                  className="muted"
                  dateTime={new Date(p.updatedAt).toISOString()}
                  title={formatDateTime(p.updatedAt)}
                >
                  {formatDate(p.updatedAt)}
                </time>
              </span>
              <button
                type="button"
                className="button small quiet"
                aria-label={t.home.deleteNamed(p.name)}
                onClick={() => setConfirming({ id: p.id, name: p.name })}
                data-testid={`delete-project-${p.id}`}
              >
                {t.home.delete}
              </button>
            </li>
          ))}
        </ul>
      )}
      {confirming && (
        <Dialog
          title={t.home.deleteTitle(confirming.name)}
          confirmLabel={t.home.delete}
          danger
          onCancel={() => setConfirming(null)}
          onConfirm={() => {
            const id = confirming.id;
            setConfirming(null);
            void remove(id).then((ok) => ok && id === openId && close());
          }}
        >
          {t.home.deleteBody}
        </Dialog>
      )}
    </section>
  );
}
