/** Colours for one theme. Chosen to pass WCAG AA for text on the background. */
export interface ChartTheme {
  background: string;
  text: string;
  muted: string;
  grid: string;
  axis: string;
  accent: string;
  /** Bars that are not highlighted when one is. */
  subdued: string;
  /**
   * Series colours, in order. Chosen for colour-vision deficiencies (Okabe-Ito hues, lightness tuned for 3:1
   * contrast on the background): see colour-vision.ts, its test and docs/charts.md for the measured differences.
   */
  palette: string[];
  /** Diverging heatmap ends (negative, positive) and the neutral middle. */
  negative: string;
  positive: string;
  neutral: string;
  /** Continuous colour scales (low to high values; in waterfalls, decreases and increases). */
  scaleLow: string;
  scaleHigh: string;
}

export const LIGHT: ChartTheme = {
  background: '#ffffff',
  text: '#1d1d1f',
  muted: '#6e6e73',
  grid: '#ececf0',
  axis: '#c7c7cc',
  accent: '#0a6cff',
  subdued: '#a9c8f5',
  palette: ['#0a6cff', '#966700', '#1aa881', '#5c364b', '#803800', '#346c8c', '#9c942b', '#5f6368'],
  negative: '#d9480f',
  positive: '#0a6cff',
  neutral: '#f4f4f6',
  scaleLow: '#1e88e5',
  scaleHigh: '#e0245e',
};

export const DARK: ChartTheme = {
  background: '#1c1c1e',
  text: '#f5f5f7',
  muted: '#a1a1a6',
  grid: '#2f2f33',
  axis: '#48484a',
  accent: '#4c9bff',
  subdued: '#2d4e78',
  palette: ['#4c9bff', '#e9a91a', '#008662', '#b86d96', '#f4eb71', '#d55e00', '#89cbf0', '#bbbbbb'],
  negative: '#ff8a4c',
  positive: '#4c9bff',
  neutral: '#2a2a2e',
  scaleLow: '#4ea8ff',
  scaleHigh: '#ff5c8a',
};

export function themeFor(name: 'light' | 'dark' | undefined): ChartTheme {
  return name === 'dark' ? DARK : LIGHT;
}

function parseHex(hex: string): [number, number, number] {
  const h = hex.replace('#', '');
  return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16)];
}

/** Linear blend of two #rrggbb colours, t in 0..1. */
export function mix(a: string, b: string, t: number): string {
  const k = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));
  const ca = parseHex(a);
  const cb = parseHex(b);
  const out = ca.map((v, i) => Math.round(v + (cb[i] - v) * k));
  return `#${out.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/** Text colour (dark or light) that reads on the given #rrggbb fill. */
export function textOn(fill: string): string {
  const [r, g, b] = parseHex(fill);
  const luminance = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  return luminance > 0.55 ? '#1d1d1f' : '#ffffff';
}
