import { useState } from 'react';
import { getApi } from '../../lib/api';
import { CommandMenu } from '../commands/CommandMenu';
import { useProjectStore } from '../project/store';
import { SettingsDialog } from '../settings/SettingsDialog';
import { useSettingsStore } from '../settings/store';
import { useAppStore, type Screen } from './store';
import { t } from '../../strings';

const NAV: Array<{ screen: Screen; label: string }> = [
  { screen: 'home', label: t.app.nav.home },
  { screen: 'predict', label: t.app.nav.predict },
  { screen: 'models', label: t.app.nav.models },
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
        {t.app.skipToContent}
      </a>
      <div className="brand" aria-label={t.app.brand}>
        <span className="brand-mark" aria-hidden="true" />
        {t.app.brandShort}
      </div>
      <nav className="topnav" aria-label={t.app.navLabel}>
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
        aria-label={t.app.settings}
        title={t.app.settings}
        data-testid="settings-open"
      >
        ⚙
      </button>
      {settingsOpen && <SettingsDialog onClose={() => setSettingsOpen(false)} />}
      <button
        type="button"
        className="icon-button theme-toggle"
        onClick={toggle}
        aria-label={t.app.switchTheme(theme === 'dark' ? 'light' : 'dark')}
        title={t.app.switchTheme(theme === 'dark' ? 'light' : 'dark')}
        data-testid="theme-toggle"
        data-theme={theme}
      >
        {theme === 'dark' ? '☀' : '☾'}
      </button>
    </header>
  );
}
