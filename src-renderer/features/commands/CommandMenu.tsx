import { acceleratorLabel, COMMANDS } from '@shared/commands';
import { useEffect, useRef, useState } from 'react';
import { isMac } from '../../lib/platform';
import { runCommand } from './run-command';
import { t } from '../../strings';

/**
 * The app's commands as a menu button, for the Node host (a browser tab has no application menu). Arrow keys
 * move, Enter runs, Escape closes and returns focus to the button.
 */
export function CommandMenu() {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLUListElement>(null);
  const mac = isMac();

  useEffect(() => {
    if (!open) return;
    list.current?.querySelector<HTMLButtonElement>('button')?.focus();
    const onDown = (e: MouseEvent) => {
      if (!list.current?.contains(e.target as Node) && e.target !== button.current) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);

  const onKey = (e: React.KeyboardEvent) => {
    const items = [...(list.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Escape') {
      e.preventDefault();
      setOpen(false);
      button.current?.focus();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = (at + (e.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length;
      items[next]?.focus();
    }
  };

  return (
    <div className="command-menu">
      <button
        ref={button}
        type="button"
        className="icon-button"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={t.commands.menu}
        title={t.commands.menu}
        onClick={() => setOpen(!open)}
        data-testid="command-menu-button"
      >
        ☰
      </button>
      {open && (
        <ul ref={list} className="command-menu-list" role="menu" onKeyDown={onKey} data-testid="command-menu">
          {COMMANDS.map((c, i) => (
            <li key={c.id} role="none" className={i > 0 && COMMANDS[i - 1].menu !== c.menu ? 'is-group-start' : ''}>
              <button
                type="button"
                role="menuitem"
                onClick={() => {
                  setOpen(false);
                  void runCommand(c.id);
                }}
                data-testid={`command-${c.id}`}
              >
                <span>{t.commands.labels[c.id]}</span>
                {c.accelerator && <kbd>{acceleratorLabel(c.accelerator, mac)}</kbd>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
