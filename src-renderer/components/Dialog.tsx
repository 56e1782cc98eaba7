import { useEffect, useRef, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { t } from '../strings';

interface Props {
  title: string;
  children: ReactNode;
  /** Absent: an information dialog with one button (`cancelLabel`, e.g. Close). */
  confirmLabel?: string;
  cancelLabel?: string;
  danger?: boolean;
  onConfirm?: () => void;
  onCancel: () => void;
  testId?: string;
}

/**
 * A modal question. Escape or the backdrop cancels, Tab stays inside, focus starts on Cancel
 * (the safe choice) and returns where it was when the dialog closes.
 */
export function Dialog({
  title,
  children,
  confirmLabel,
  cancelLabel = t.dialog.cancel,
  danger,
  onConfirm,
  onCancel,
  testId = 'dialog',
}: Props) {
  const box = useRef<HTMLDivElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  // The latest onCancel, so an inline handler from the parent does not re-run the effect (and steal focus).
  const onCancelRef = useRef(onCancel);
  onCancelRef.current = onCancel;

  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    cancel.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        onCancelRef.current();
      } else if (e.key === 'Tab' && box.current) {
        const items = [...box.current.querySelectorAll<HTMLElement>('button, [href], input, select, textarea')].filter(
          (el) => !el.hasAttribute('disabled'),
        );
        if (items.length === 0) return;
        const first = items[0];
        const last = items[items.length - 1];
        if (e.shiftKey && document.activeElement === first) {
          e.preventDefault();
          last.focus();
        } else if (!e.shiftKey && document.activeElement === last) {
          e.preventDefault();
          first.focus();
        }
      }
    };
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      before?.focus?.();
    };
  }, []);

  // A portal: sticky or transformed ancestors (the timeline) would otherwise trap the dialog under the page.
  return createPortal(
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onCancel()}>
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="dialog-title"
        ref={box}
        data-testid={testId}
      >
        <h2 id="dialog-title">{title}</h2>
        <div className="dialog-body">{children}</div>
        <div className="dialog-actions">
          <button type="button" ref={cancel} className="button" onClick={onCancel} data-testid="dialog-cancel">
            {cancelLabel}
          </button>
          {onConfirm && (
            <button
              type="button"
              className={`button ${danger ? 'danger' : 'primary'}`}
              onClick={onConfirm}
              data-testid="dialog-confirm"
            >
              {confirmLabel}
            </button>
          )}
        </div>
      </div>
    </div>,
    document.body,
  );
}
