import { acceleratorLabel, COMMANDS, PAGE_KEYS } from '@shared/commands';
import { Dialog } from '../../components/Dialog';
import { getApi } from '../../lib/api';
import { isMac } from '../../lib/platform';
import { useCommandsStore } from './store';

/** The `?` overlay: every command with its shortcut, and the keys the wizard uses. */
export function ShortcutsOverlay() {
  const open = useCommandsStore((s) => s.overlay);
  const setOverlay = useCommandsStore((s) => s.setOverlay);
  if (!open) return null;
  const mac = isMac();
  const browser = getApi()?.host !== 'electron';
  return (
    <Dialog
      title="Keyboard shortcuts"
      cancelLabel="Close"
      onCancel={() => setOverlay(false)}
      testId="shortcuts-overlay"
    >
      <table className="shortcuts">
        <tbody>
          {COMMANDS.map((c) => (
            <tr key={c.id}>
              <td>{c.label.replace(/…$/, '')}</td>
              <td>{c.accelerator && <kbd>{acceleratorLabel(c.accelerator, mac)}</kbd>}</td>
            </tr>
          ))}
          {PAGE_KEYS.map((k) => (
            <tr key={k.keys}>
              <td>{k.label}</td>
              <td>
                <kbd>{k.keys}</kbd>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {browser && (
        <p className="muted small">
          In a browser tab the browser keeps some shortcuts for itself (such as {mac ? '⌘N' : 'Ctrl+N'} for a new
          window): every command is also in the ☰ menu at the top right.
        </p>
      )}
    </Dialog>
  );
}
