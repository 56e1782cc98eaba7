import { useEffect } from 'react';
import { useAppStore } from './features/app/store';
import { TopBar } from './features/app/TopBar';
import { CommandLayer } from './features/commands/CommandLayer';
import { useStartup } from './features/app/use-startup';
import { HomeScreen } from './features/home/HomeScreen';
import { ProjectScreen } from './features/project/ProjectScreen';
import { PredictScreen } from './features/predict/PredictScreen';
import { ModelsScreen } from './features/registry/ModelsScreen';
import { MonitorScreen } from './features/monitor/MonitorScreen';
import { useSettingsStore } from './features/settings/store';

/** The window: a top bar and one screen. */
export function App() {
  const screen = useAppStore((s) => s.screen);
  const theme = useSettingsStore((s) => s.resolved);
  const ready = useStartup();

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);

  return (
    <div className="app" data-testid="app" data-ready={ready ? 'true' : 'false'}>
      <TopBar />
      <main className="screen" id="main">
        {!ready ? null : screen === 'project' ? (
          <ProjectScreen />
        ) : screen === 'predict' ? (
          <PredictScreen />
        ) : screen === 'models' ? (
          <ModelsScreen />
        ) : screen === 'monitor' ? (
          <MonitorScreen />
        ) : (
          <HomeScreen />
        )}
      </main>
      {ready && <CommandLayer />}
    </div>
  );
}
