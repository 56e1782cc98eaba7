import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { COMMANDS } from '@shared/commands';
import { EXTERNAL_LINKS } from '@shared/external-links';
import { menuTemplate, type MenuActions } from './menu';

const actions = (): MenuActions => ({
  run: vi.fn(),
  openLink: vi.fn(),
  showDataFolder: vi.fn(),
  showLogFolder: vi.fn(),
});
const items = (t: MenuItemConstructorOptions[]) =>
  t.flatMap((m) => [m, ...((m.submenu as MenuItemConstructorOptions[] | undefined) ?? [])]);
const roles = (t: MenuItemConstructorOptions[]) => items(t).flatMap((i) => (i.role ? [i.role] : []));

describe('the application menu', () => {
  it('has every command with its shortcut, on every platform', () => {
    for (const platform of ['darwin', 'win32', 'linux'] as const) {
      const a = actions();
      const all = items(menuTemplate(platform, a, { dev: false }));
      for (const c of COMMANDS) {
        const item = all.find((i) => i.id === c.id);
        expect(item, `${platform} ${c.id}`).toMatchObject({ label: c.label, accelerator: c.accelerator });
        (item!.click as () => void)();
        expect(a.run).toHaveBeenLastCalledWith(c.id);
      }
    }
  });

  it('leaves `?` to the page so text boxes still get it, and binds the rest', () => {
    const all = items(menuTemplate('linux', actions(), { dev: false }));
    expect(all.find((i) => i.id === 'help.shortcuts')).toMatchObject({ accelerator: '?', registerAccelerator: false });
    expect(all.find((i) => i.id === 'data.open')).toMatchObject({ registerAccelerator: true });
  });

  it('uses the usual roles: app menu, Open Recent and Close on macOS; Quit and About elsewhere', () => {
    const mac = roles(menuTemplate('darwin', actions(), { dev: false }));
    expect(mac).toEqual(
      expect.arrayContaining(['appMenu', 'recentDocuments', 'close', 'editMenu', 'windowMenu', 'togglefullscreen']),
    );
    expect(mac).not.toContain('quit');
    const linux = roles(menuTemplate('linux', actions(), { dev: false }));
    expect(linux).toEqual(expect.arrayContaining(['quit', 'about', 'editMenu', 'zoomIn', 'zoomOut', 'resetZoom']));
    expect(linux).not.toContain('appMenu');
    expect(linux).not.toContain('recentDocuments');
    expect(linux).not.toContain('toggleDevTools');
    expect(roles(menuTemplate('linux', actions(), { dev: true }))).toContain('toggleDevTools');
  });

  it('opens only documented links and the app’s own folders from Help', () => {
    const a = actions();
    const help = items(menuTemplate('win32', a, { dev: false })).filter((i) => i.click && !i.id);
    for (const i of help) (i.click as () => void)();
    expect(
      vi
        .mocked(a.openLink)
        .mock.calls.map(([url]) => url)
        .sort(),
    ).toEqual(Object.values(EXTERNAL_LINKS).sort());
    expect(a.showDataFolder).toHaveBeenCalledOnce();
    expect(a.showLogFolder).toHaveBeenCalledOnce();
  });
});
