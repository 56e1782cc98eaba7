import { ProgressBar } from '../../components/ProgressBar';
import { formatPercent } from '../../lib/format';
import { openDroppedFile } from './open-file';
import { PICKER_IDS } from './run-command';
import { ShortcutsOverlay } from './ShortcutsOverlay';
import { useCommandsStore } from './store';
import { useShortcuts } from './use-shortcuts';
import { useWindowDrop } from './use-window-drop';
import { t } from '../../strings';

/** Once per window: shortcuts, drops on the window, the file pickers behind Open…, and the `?` overlay. */
export function CommandLayer() {
  useShortcuts();
  useWindowDrop();
  const dragging = useCommandsStore((s) => s.dragging);
  const sending = useCommandsStore((s) => s.sending);
  const pick = (kind: 'data' | 'bundle') => (e: React.ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (file) void openDroppedFile(file, kind === 'bundle' ? 'bundle' : undefined);
    e.target.value = '';
  };
  return (
    <>
      <input
        id={PICKER_IDS.data}
        type="file"
        accept=".csv,.tsv,.txt,.json,.jsonl,.ndjson,.parquet,.gz,.zip"
        hidden
        onChange={pick('data')}
        data-testid={PICKER_IDS.data}
      />
      <input
        id={PICKER_IDS.bundle}
        type="file"
        accept=".zip"
        hidden
        onChange={pick('bundle')}
        data-testid={PICKER_IDS.bundle}
      />
      {dragging && (
        <div className="window-drop" aria-hidden="true" data-testid="window-drop">
          <div className="window-drop-card">{t.commands.dropCard}</div>
        </div>
      )}
      {sending && (
        <div className="window-sending card" role="status" data-testid="window-sending">
          <span>{t.commands.sending(sending.name, formatPercent(sending.fraction))}</span>
          <ProgressBar fraction={sending.fraction} label={t.commands.sendingLabel(sending.name)} />
        </div>
      )}
      <ShortcutsOverlay />
    </>
  );
}
