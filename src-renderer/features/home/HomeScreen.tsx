import { useEffect } from 'react';
import { ErrorPanel } from '../../components/ErrorPanel';
import { GoalBox } from '../goal/GoalBox';
import { startProject } from '../project/actions';
import { useProjectStore } from '../project/store';
import { RecentProjects } from './RecentProjects';
import { SampleCards } from './SampleCards';
import { useHomeStore } from './store';
import { t } from '../../strings';

/** Start something new (a sentence or a sample) or pick up a recent project. */
export function HomeScreen() {
  const busy = useProjectStore((s) => s.busy === 'create');
  const error = useProjectStore((s) => s.error);
  const clearError = useProjectStore((s) => s.clearError);
  const loadProjects = useHomeStore((s) => s.loadProjects);
  useEffect(() => void loadProjects(), [loadProjects]);

  return (
    <div className="home" data-testid="home">
      <section className="hero">
        <h1>{t.home.title}</h1>
        <p className="lede">{t.home.lede}</p>
        <GoalBox submitLabel={t.goal.start} busy={busy} onSubmit={(goal) => void startProject(goal)} autoFocus />
        {error && <ErrorPanel error={error} onDismiss={clearError} />}
      </section>
      <SampleCards variant="home" />
      <RecentProjects />
    </div>
  );
}
