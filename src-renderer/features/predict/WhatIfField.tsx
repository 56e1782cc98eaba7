import type { WhatIfControl } from '@shared/explain';
import { formatNumber } from '@shared/charts';
import { t } from '../../strings';

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A yes/no cell as the form shows it; the words the data reader takes as true and false (load-frame.ts). */
function truth(cell: string): 'true' | 'false' | null {
  const v = cell.trim().toLowerCase();
  if (['true', 't', 'yes', 'y', '1'].includes(v)) return 'true';
  if (['false', 'f', 'no', 'n', '0'].includes(v)) return 'false';
  return null;
}

/** A slider position as text: whole numbers, or as many decimals as a hundredth of the range needs. */
function sliderText(v: number, c: { min: number; max: number; integer: boolean }): string {
  if (c.integer) return String(Math.round(v));
  const decimals = Math.max(0, -Math.floor(Math.log10((c.max - c.min) / 100)));
  return String(Number(v.toFixed(Math.min(decimals, 10))));
}

/**
 * One input of the what-if form, typed by what the model knows about it: a list of its categories, yes/no, a number with a slider over the training range, a date picker, or free text. Missing stays a choice everywhere.
 */
export function WhatIfField({
  control,
  value,
  onChange,
}: {
  control: WhatIfControl;
  value: string | null;
  onChange: (value: string | null) => void;
}) {
  const id = `what-if-${control.column}`;
  // The name as the training file wrote it ('price' beside 'Price', which the model calls 'price_1').
  const shown = control.written ?? control.column;
  const set = (text: string) => onChange(text === '' ? null : text);
  const cell = value ?? '';
  if (control.kind === 'choice') {
    const unseen = cell !== '' && !control.options.includes(cell);
    return (
      <label className="field">
        <span>{shown}</span>
        <select value={cell} onChange={(e) => set(e.target.value)} data-testid={id}>
          <option value="">{t.whatIf.missing}</option>
          {unseen && <option value={cell}>{t.whatIf.unseen(cell)}</option>}
          {control.options.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
    );
  }
  if (control.kind === 'boolean') {
    // The row's own spelling (1/0, yes/no) is kept until the person picks the other answer.
    const shown = truth(cell) ?? '';
    return (
      <label className="field">
        <span>{shown}</span>
        <select value={shown} onChange={(e) => set(e.target.value)} data-testid={id}>
          <option value="">{t.whatIf.missing}</option>
          <option value="true">{t.whatIf.yes}</option>
          <option value="false">{t.whatIf.no}</option>
        </select>
      </label>
    );
  }
  if (control.kind === 'number') {
    const x = cell.trim() === '' ? NaN : Number(cell);
    const range =
      control.min !== undefined && control.max !== undefined ? { min: control.min, max: control.max } : null;
    const outside = range && Number.isFinite(x) && (x < range.min || x > range.max);
    return (
      <label className="field what-if-number">
        <span>{shown}</span>
        <input
          type="text"
          inputMode="decimal"
          value={cell}
          onChange={(e) => set(e.target.value)}
          aria-invalid={cell.trim() !== '' && !Number.isFinite(x)}
          data-testid={id}
        />
        {range && (
          <>
            <input
              type="range"
              min={range.min}
              max={range.max}
              step={control.integer ? 1 : (range.max - range.min) / 100}
              value={Number.isFinite(x) ? Math.min(range.max, Math.max(range.min, x)) : (range.min + range.max) / 2}
              onChange={(e) => set(sliderText(Number(e.target.value), { ...range, integer: control.integer }))}
              aria-label={t.whatIf.sliderLabel(shown)}
              data-testid={`${id}-slider`}
            />
            <small className={outside ? 'what-if-outside' : 'muted'}>
              {(outside ? t.whatIf.outside : t.whatIf.range)(formatNumber(range.min), formatNumber(range.max))}
            </small>
          </>
        )}
      </label>
    );
  }
  if (control.kind === 'date' && (cell === '' || ISO_DAY.test(cell))) {
    return (
      <label className="field">
        <span>{shown}</span>
        <input
          type="date"
          value={cell}
          min={control.min}
          max={control.max}
          onChange={(e) => set(e.target.value)}
          data-testid={id}
        />
      </label>
    );
  }
  return (
    <label className="field">
      <span>{shown}</span>
      <input type="text" value={cell} onChange={(e) => set(e.target.value)} data-testid={id} />
    </label>
  );
}
