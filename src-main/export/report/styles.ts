/** The report's only stylesheet: light theme, system fonts (no web fonts), print-friendly. */
export const REPORT_CSS = `
:root { --text: #1d1d1f; --muted: #6e6e73; --line: #e3e3e8; --soft: #f6f6f8; --accent: #0a6cff; --warn: #b45309; --warn-bg: #fff7ed; --ok: #1f7a3a; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--text); background: #fff; font: 15px/1.55 -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1120px; margin: 0 auto; padding: 32px 40px 64px; }
header.top { border-bottom: 1px solid var(--line); padding-bottom: 20px; margin-bottom: 8px; }
header.top h1 { font-size: 28px; margin: 0 0 4px; letter-spacing: -0.01em; }
header.top .sub { color: var(--muted); margin: 0; }
nav.toc { display: flex; flex-wrap: wrap; gap: 6px 18px; margin: 14px 0 0; font-size: 14px; }
nav.toc a { color: var(--accent); text-decoration: none; }
nav.toc a:hover { text-decoration: underline; }
h2 { font-size: 21px; margin: 40px 0 12px; padding-top: 8px; border-top: 1px solid var(--line); letter-spacing: -0.005em; }
h3 { font-size: 16px; margin: 26px 0 8px; }
p { margin: 8px 0; max-width: 80ch; }
code { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--soft); padding: 1px 4px; border-radius: 4px; overflow-wrap: break-word; }
pre { background: var(--soft); border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; overflow-x: auto; white-space: pre; }
pre code { background: none; padding: 0; font-size: 12.5px; }
blockquote.goal { margin: 12px 0; padding: 12px 16px; border-left: 4px solid var(--accent); background: var(--soft); font-size: 17px; border-radius: 0 8px 8px 0; }
table { border-collapse: collapse; width: 100%; margin: 10px 0 6px; font-size: 13.5px; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; background: var(--soft); }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.kv { width: auto; min-width: 360px; }
table.kv th:first-child, table.kv td:first-child { color: var(--muted); width: 170px; }
table.kv thead { display: none; }
table.columns td { vertical-align: middle; }
details.more-rows > summary { cursor: pointer; color: var(--accent); font-size: 14px; margin: 4px 0 10px; }
@media print { details.more-rows > summary { display: none; } }
table.leaderboard tbody tr:first-child td { font-weight: 600; }
.spark svg { width: 132px; height: auto; display: block; }
table.columns td { padding-top: 3px; padding-bottom: 3px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 16px 0; }
.card { flex: 1 1 150px; border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; background: #fff; }
.card-value { font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; overflow-wrap: anywhere; }
.card-label { color: var(--muted); font-size: 13px; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(430px, 1fr)); gap: 16px; align-items: start; margin: 12px 0; }
figure { margin: 12px 0; }
figure.chart { border: 1px solid var(--line); border-radius: 10px; padding: 8px; background: #fff; }
figure.chart.wide { grid-column: 1 / -1; }
figure svg { max-width: 100%; height: auto; display: block; margin: 0 auto; }
figcaption { color: var(--muted); font-size: 13px; margin-top: 6px; }
.badge { display: inline-block; font-size: 11.5px; font-weight: 600; color: var(--accent); border: 1px solid currentColor; border-radius: 999px; padding: 0 7px; margin-left: 4px; vertical-align: 1px; }
.muted { color: var(--muted); }
.small { font-size: 12px; font-weight: 400; }
.params { overflow-wrap: anywhere; }
.warn-text { color: var(--warn); }
.note { color: var(--muted); font-style: italic; }
.ok { color: var(--ok); }
ul.warnings { list-style: none; padding: 0; margin: 10px 0; }
li.warning { background: var(--warn-bg); border: 1px solid #fed7aa; border-radius: 8px; padding: 9px 12px; margin: 8px 0; }
li.warning .tag { display: inline-block; font-size: 12px; font-weight: 600; color: var(--warn); margin-right: 6px; text-transform: uppercase; letter-spacing: 0.03em; }
footer { margin-top: 48px; padding-top: 14px; border-top: 1px solid var(--line); color: var(--muted); font-size: 13px; }
@media (max-width: 720px) { main { padding: 20px 16px 40px; } .grid { grid-template-columns: 1fr; } }
@media print {
  @page { margin: 14mm 12mm; }
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  nav.toc { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; }
  figure, tr, li.warning, .card, pre, blockquote { break-inside: avoid; page-break-inside: avoid; }
  .grid { display: block; }
  figure.chart { border: none; padding: 0; }
  figure svg { max-height: 90mm; width: auto; }
  a { color: inherit; text-decoration: none; }
  pre { white-space: pre-wrap; }
}
`;
