import { useState } from 'react';
import { getApi } from '../../lib/api';
import { CommandMenu } from '../commands/CommandMenu';
import { useProjectStore } from '../project/store';
import { SettingsDialog } from '../settings/SettingsDialog';
import { useSettingsStore } from '../settings/store';
import { useAppStore, type Screen } from './store';

const NAV: Array<{ screen: Screen; label: string }> = [
  { screen: 'home', label: 'Projects' },
  { screen: 'predict', label: 'Predict' },
  { screen: 'models', label: 'Models' },
];

/** App title, the three places, the open project's name, Settings and the theme switch. */
export function TopBar() {
  const screen = useAppStore((s) => s.screen);
  const go = useAppStore((s) => s.go);
  const projectName = useProjectStore((s) => s.project?.name ?? null);
  const theme = useSettingsStore((s) => s.resolved);
  const toggle = useSettingsStore((s) => s.toggleTheme);
  const [settingsOpen, setSettingsOpen] = useState(false);

  return (
    <header className="topbar">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <div className="brand" aria-label="AutoML Desktop">
        <span className="brand-mark" aria-hidden="true" />
        AutoML
      </div>
      <nav className="topnav" aria-label="Main">
        {NAV.map((n) => (
          <button
            key={n.screen}
            type="button"
            className={`topnav-item ${screen === n.screen ? 'is-current' : ''}`}
            aria-current={screen === n.screen ? 'page' : undefined}
            onClick={() => go(n.screen)}
            data-testid={`nav-${n.screen}`}
          >
            {n.label}
          </button>
        ))}
        {projectName && (
          <button
            type="button"
            className={`topnav-item topnav-project ${screen === 'project' ? 'is-current' : ''}`}
            aria-current={screen === 'project' ? 'page' : undefined}
            onClick={() => go('project')}
            data-testid="nav-project"
            title={projectName}
          >
            {projectName}
          </button>
        )}
      </nav>
      {getApi()?.host !== 'electron' && <CommandMenu />}
      <button
        type="button"
        className="icon-button"
        onClick={() => setSettingsOpen(true)}
        aria-label="Settings"
        title="Settings"
        data-testid="settings-open"
      >
        ⚙
      </button>
      {settingsOpen && <SettingsDialog onClose={() => setSettingsOpen(false)} />}
      <button
        type="button"
        className="icon-button theme-toggle"
        onClick={toggle}
        aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
        title={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
        data-testid="theme-toggle"
        data-theme={theme}
      >
        {theme === 'dark' ? '☀' : '☾'}
      </button>
    </header>
  );
}
