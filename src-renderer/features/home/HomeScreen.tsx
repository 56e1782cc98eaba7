import { useEffect } from 'react';
import { ErrorPanel } from '../../components/ErrorPanel';
import { GoalBox } from '../goal/GoalBox';
import { startProject } from '../project/actions';
import { useProjectStore } from '../project/store';
import { RecentProjects } from './RecentProjects';
import { SampleCards } from './SampleCards';
import { useHomeStore } from './store';

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
        <h1>Turn your data into a model</h1>
        <p className="lede">
          Say what you want in plain words, drop a file, and leave with a trained model, a notebook and a report.
          Everything stays on this computer.
        </p>
        <GoalBox submitLabel="Start" busy={busy} onSubmit={(goal) => void startProject(goal)} autoFocus />
        {error && <ErrorPanel error={error} onDismiss={clearError} />}
      </section>
      <SampleCards variant="home" />
      <RecentProjects />
    </div>
  );
}
