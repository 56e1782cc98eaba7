import { ProgressBar } from './ProgressBar';
import { useRef, useState, type DragEvent, type ReactNode } from 'react';
import { t } from '../strings';

interface Props {
  onFile: (file: File) => void;
  accept?: string;
  title: string;
  hint?: ReactNode;
  disabled?: boolean;
  testId: string;
  inputTestId: string;
  /** Fraction of the file sent to the app (0..1) while an upload runs; null or absent otherwise. */
  progress?: number | null;
}

/**
 * Drop a file here or press to choose one. A real button (keyboard: Tab, Enter/Space) opens the
 * picker; the hidden input is what e2e tests fill.
 */
export function DropZone({ onFile, accept, title, hint, disabled, testId, inputTestId, progress }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files?.[0];
    if (file && !disabled) onFile(file);
  };
  return (
    <div
      className={`dropzone ${over ? 'is-over' : ''} ${disabled ? 'is-disabled' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        if (!over) setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      data-testid={testId}
    >
      <div className="dropzone-icon" aria-hidden="true">
        ⇪
      </div>
      <div className="dropzone-title">{title}</div>
      {progress !== undefined && progress !== null ? (
        <ProgressBar
          fraction={progress}
          label={t.data.sendingLabel}
          className="dropzone-progress"
          testId={`${testId}-progress`}
        />
      ) : (
        hint && <div className="dropzone-hint">{hint}</div>
      )}
      <button
        type="button"
        className="button"
        disabled={disabled}
        onClick={() => input.current?.click()}
        data-testid={`${testId}-choose`}
      >
        {t.data.chooseFile}
      </button>
      <input
        ref={input}
        type="file"
        accept={accept}
        hidden
        data-testid={inputTestId}
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) onFile(file);
          e.target.value = '';
        }}
      />
    </div>
  );
}
