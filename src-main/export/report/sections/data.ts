import {
  classBalanceSpec,
  columnSpec,
  correlationPairs,
  correlationSpec,
  missingnessSpec,
  targetSpec,
  truncate,
} from '@shared/charts';
import type { ColumnProfile, DataProfile, DatasetInfo } from '@shared/project';
import { plainType } from '@shared/units';
import { figure, sparkSvg } from '../chart';
import { bytes, cards, COLUMN_ROWS_SHOWN, compact, esc, note, num, pct, section, table } from '../html';

/** Characters of each frequent value the column table shows. */
const TOP_VALUE_CHARS = 40;

function stats(c: ColumnProfile): string {
  if (c.mean !== undefined || c.min !== undefined) {
    const parts = [
      `min ${compact(c.min)}`,
      `median ${compact(c.median)}`,
      `mean ${compact(c.mean)}`,
      `max ${compact(c.max)}`,
    ];
    if (c.std !== undefined) parts.push(`sd ${compact(c.std)}`);
    return esc(parts.join(' · '));
  }
  if (c.topValues && c.topValues.length) {
    // A value may be a paragraph (a licence text read as a category): its start is enough beside the count.
    const top = c.topValues
      .slice(0, 3)
      .map((t) => `${t.value === '' ? '(empty)' : truncate(t.value, TOP_VALUE_CHARS)} (${t.count})`);
    return esc(`top: ${top.join(', ')}${c.topValues.length > 3 ? ', …' : ''}`);
  }
  return c.dateFormat ? esc(`dates, format ${c.dateFormat}`) : '';
}

function columnRows(profile: DataProfile, target: string | null): string[][] {
  // The target first: on a wide table the rows past the first ones fold away.
  const ordered = [
    ...profile.columns.filter((c) => c.name === target),
    ...profile.columns.filter((c) => c.name !== target),
  ];
  return ordered.map((c) => [
    `<code>${esc(c.name)}</code>${c.name === target ? ' <span class="badge">target</span>' : ''}`,
    esc(c.kind),
    esc(plainType(c.dbType)),
    `<span class="${c.missingPct > 0.2 ? 'warn-text' : ''}">${esc(pct(c.missingPct))}</span>`,
    esc(num(c.distinct)),
    stats(c),
    `<div class="spark">${sparkSvg(columnSpec(c))}</div>`,
  ]);
}

/** A folder of images: images per class, as a chart and a table. */
function imageSection(dataset: DatasetInfo): string {
  const classes = [...(dataset.imageClasses ?? [])].sort((a, b) => b.count - a.count);
  const total = classes.reduce((s, c) => s + c.count, 0);
  const body = `<p>A folder of images from <code>${esc(dataset.originalName)}</code>: ${esc(num(total))} images in ${esc(classes.length)} classes (one sub-folder per class).</p>
${cards([
  { label: 'images', value: num(total) },
  { label: 'classes', value: num(classes.length) },
  { label: 'smallest class', value: classes.length ? num(classes[classes.length - 1].count) : '–' },
])}
${figure(
  classBalanceSpec(
    'Images per class',
    classes.map((c) => ({ value: c.name, count: c.count })),
  ),
  { width: 960, height: Math.max(220, 80 + classes.length * 26), wide: true },
)}`;
  return section('data', 'The data', body);
}

/** Rows, columns, per-column table with small charts, target distribution, missingness and correlations. */
export function dataSection(dataset: DatasetInfo, profile: DataProfile, target: string | null): string {
  if (dataset.format === 'images' || (dataset.imageClasses?.length && !profile.columns.length))
    return imageSection(dataset);
  const cells = profile.rows * profile.columns.length;
  const missingCells = profile.columns.reduce((s, c) => s + c.missing, 0);
  const summary = cards([
    { label: 'rows', value: num(profile.rows) },
    { label: 'columns', value: num(profile.columns.length) },
    { label: 'missing cells', value: pct(cells > 0 ? missingCells / cells : 0) },
    { label: 'duplicate rows', value: num(profile.duplicateRows) },
  ]);
  const source = `<p>From <code>${esc(dataset.originalName)}</code> (${esc(dataset.format)}, ${esc(bytes(dataset.bytes))}).${
    dataset.rejectedRows?.length
      ? ` ${esc(dataset.rejectedRows.length)} row${dataset.rejectedRows.length === 1 ? '' : 's'} could not be read and ${dataset.rejectedRows.length === 1 ? 'was' : 'were'} left out (first at line ${esc(dataset.rejectedRows[0].line)}: ${esc(dataset.rejectedRows[0].reason)}).`
      : ''
  }${(dataset.notes ?? []).map((n) => ` ${esc(n)}`).join('')}</p>`;
  const columns = profile.columns.length
    ? table(['Column', 'Kind', 'Type', 'Missing', 'Distinct', 'Summary', 'Distribution'], columnRows(profile, target), {
        numeric: [3, 4],
        className: 'columns',
        fold: COLUMN_ROWS_SHOWN,
      })
    : note('No column profile was recorded for this data.');
  const charts: string[] = [];
  if (profile.target) charts.push(figure(targetSpec(profile.target)));
  if (profile.columns.some((c) => c.missingPct > 0)) charts.push(figure(missingnessSpec(profile.columns)));
  // The same spec as the Profile step draws (one association per pair, see correlationPairs).
  if (profile.correlations.length) {
    const spec = correlationSpec(profile);
    const side = Math.min(520, 240 + spec.rows.length * 34);
    charts.push(figure(spec, { width: side, height: side - 60 }));
  }
  const pairs = correlationPairs(profile.correlations)
    .slice(0, 8)
    .map((p) => [
      `<code>${esc(p.a)}</code>`,
      `<code>${esc(p.b)}</code>`,
      esc(p.method === 'cramers_v' ? "Cramér's V" : p.method),
      esc(num(p.value, 3)),
    ]);
  const pairTable = pairs.length
    ? `<h3>Strongest associations</h3>${table(['Column', 'Column', 'Measure', 'Value'], pairs, { numeric: [3] })}`
    : '';
  const body = `${source}${summary}
<h3>Columns</h3>
${columns}
${charts.length ? `<h3>Target, gaps and correlations</h3><div class="grid">${charts.join('\n')}</div>` : ''}
${pairTable}
${profile.correlations.length === 0 ? note('No correlations were computed for this data.') : ''}`;
  return section('data', 'The data', body);
}
