import { acceleratorLabel, COMMANDS, PAGE_KEYS } from '@shared/commands';
import { Dialog } from '../../components/Dialog';
import { getApi } from '../../lib/api';
import { isMac } from '../../lib/platform';
import { useCommandsStore } from './store';
import { t } from '../../strings';

/** The `?` overlay: every command with its shortcut, and the keys the wizard uses. */
export function ShortcutsOverlay() {
  const open = useCommandsStore((s) => s.overlay);
  const setOverlay = useCommandsStore((s) => s.setOverlay);
  if (!open) return null;
  const mac = isMac();
  const browser = getApi()?.host !== 'electron';
  return (
    <Dialog
      title={t.commands.labels['help.shortcuts']}
      cancelLabel={t.commands.close}
      onCancel={() => setOverlay(false)}
      testId="shortcuts-overlay"
    >
      <table className="shortcuts">
        <tbody>
          {COMMANDS.map((c) => (
            <tr key={c.id}>
              <td>{t.commands.labels[c.id].replace(/…$/, '')}</td>
              <td>{c.accelerator && <kbd>{acceleratorLabel(c.accelerator, mac)}</kbd>}</td>
            </tr>
          ))}
          {PAGE_KEYS.map((k) => (
            <tr key={k.keys}>
              <td>{t.commands.pageKeys[k.keys] ?? k.label}</td>
              <td>
                <kbd>{k.keys}</kbd>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {browser && <p className="muted small">{t.commands.browserNote(mac ? '⌘N' : 'Ctrl+N')}</p>}
    </Dialog>
  );
}
