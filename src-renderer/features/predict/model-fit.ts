import type { ModelInput, RegistryModel } from '@shared/channels';
import { horizonText } from '@shared/units';
import { plural } from '../../lib/format';
import { t } from '../../strings';

/** What the Predict screen knows about the chosen file before sending it: its kind, and its header when readable. */
export interface DataShape {
  kind: 'table' | 'images';
  /** Column names from the first line (CSV/TSV); null when unknown (Parquet, JSON). */
  columns: string[] | null;
}

export type Fit = { ok: true } | { ok: false; hidden: boolean; reason: string };

/** The kind of data a file name points at: a zip or a picture is images, anything else a table. */
export function shapeOfName(name: string): DataShape['kind'] {
  return /\.(zip|png|jpe?g|webp|gif|bmp)$/i.test(name) ? 'images' : 'table';
}

/** Column names from a CSV/TSV header line (the delimiter is the most frequent of , ; tab |). */
export function headerColumns(firstLine: string): string[] {
  const line = firstLine.replace(/^\uFEFF/, '').replace(/\r$/, '');
  const delimiter = [',', '\t', ';', '|'].reduce((best, d) =>
    line.split(d).length > line.split(best).length ? d : best,
  );
  return line.split(delimiter).map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
}

/**
 * Whether a model can score this data. Models for another kind of data (image models for a table) are hidden;
 * a table model whose columns are missing from the header is shown, with the missing ones named.
 */
export function fitOf(input: ModelInput, data: DataShape | null): Fit {
  if (input.kind === 'none') return { ok: false, hidden: false, reason: input.reason };
  if (!data) return { ok: true };
  if (input.kind === 'images')
    return data.kind === 'images' ? { ok: true } : { ok: false, hidden: true, reason: t.predict.fit.needsImages };
  if (data.kind === 'images') return { ok: false, hidden: true, reason: t.predict.fit.needsTable };
  const needed = input.kind === 'table' ? input.columns : [input.dateColumn, input.target];
  const missing = data.columns ? needed.filter((c) => !data.columns!.includes(c)) : [];
  if (missing.length === 0) return { ok: true };
  const list = missing.slice(0, 4).join(', ') + (missing.length > 4 ? t.predict.fit.andMore(missing.length - 4) : '');
  return { ok: false, hidden: false, reason: t.predict.fit.noColumns(list) };
}

/** What a model scores, in words ("rows with crime_rate, rooms and 10 more columns"). */
export function inputText(input: ModelInput): string {
  switch (input.kind) {
    case 'table': {
      const shown = input.columns.slice(0, 4).join(', ');
      const more = input.columns.length > 4 ? t.predict.fit.andMore(input.columns.length - 4) : '';
      return t.predict.fit.scoresRows(`${shown}${more}`);
    }
    case 'history':
      return t.predict.fit.continues(input.dateColumn, input.target, horizonText(input.horizon, input.period));
    case 'images':
      return t.predict.fit.classifies(
        plural(input.classes.length, t.nouns.class),
        input.classes.slice(0, 4).join(', ') + (input.classes.length > 4 ? ', …' : ''),
      );
    case 'none':
      return input.reason;
  }
}

/** Models in the order the picker lists them: usable first, then those that cannot score this file; hidden ones out. */
export function pickable(
  models: RegistryModel[],
  data: DataShape | null,
): { shown: Array<{ model: RegistryModel; fit: Fit }>; hidden: number } {
  const all = models.map((model) => ({ model, fit: fitOf(model.input, data) }));
  const shown = all.filter((m) => m.fit.ok || !m.fit.hidden);
  return {
    shown: [...shown.filter((m) => m.fit.ok), ...shown.filter((m) => !m.fit.ok)],
    hidden: all.length - shown.length,
  };
}
