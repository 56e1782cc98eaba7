import { formatDateTime, formatDay } from '@shared/locale';
import { STAGE_LABELS } from '@shared/stages';
import { useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { formatRelative, humanize } from '../../lib/format';

/** "12 Mar 2025 · 3 h ago": the date, and how long ago when recent. */
function formatDate(ts: number): string {
  const date = formatDay(ts);
  const ago = formatRelative(ts);
  return /ago|now/.test(ago) ? `${date} · ${ago}` : date;
}
import { openProject } from '../project/actions';
import { useProjectStore } from '../project/store';
import { useHomeStore } from './store';

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
        Recent projects
      </h2>
      {projects.length === 0 ? (
        <p className="muted">No projects yet. Start with a sentence above or try a sample.</p>
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
                  {p.dataset ? <span data-testid={`project-dataset-${p.id}`}>{p.dataset}</span> : 'No data yet'}
                  {p.goal ? ` · “${p.goal}”` : ''}
                </span>
                <span
                  className={`project-outcome is-${p.outcome?.state ?? 'open'}`}
                  data-testid={`project-outcome-${p.id}`}
                >
                  {p.outcome?.text ?? STAGE_LABELS[p.currentStage]}
                </span>
              </button>
              <span className="project-meta">
                {p.task && <span className="badge">{humanize(p.task)}</span>}
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
                aria-label={`Delete ${p.name}`}
                onClick={() => setConfirming({ id: p.id, name: p.name })}
                data-testid={`delete-project-${p.id}`}
              >
                Delete
              </button>
            </li>
          ))}
        </ul>
      )}
      {confirming && (
        <Dialog
          title={`Delete “${confirming.name}”?`}
          confirmLabel="Delete"
          danger
          onCancel={() => setConfirming(null)}
          onConfirm={() => {
            const id = confirming.id;
            setConfirming(null);
            void remove(id).then((ok) => ok && id === openId && close());
          }}
        >
          The project, its copy of the data and its training results are removed. Exported zips and registered models
          stay.
        </Dialog>
      )}
    </section>
  );
}
