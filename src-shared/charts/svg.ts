import { escapeXml } from './escape';

/** Rounds a coordinate to 0.01 px: keeps the SVG small and stable across platforms. */
export function px(v: number): string {
  return String(Math.round(v * 100) / 100);
}

type AttrValue = string | number | undefined | null | false;

/** One element with escaped attribute values; `children` is already-rendered markup. */
export function tag(name: string, attrs: Record<string, AttrValue>, children = ''): string {
  let out = `<${name}`;
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    out += ` ${key}="${escapeXml(typeof value === 'number' ? px(value) : value)}"`;
  }
  return children ? `${out}>${children}</${name}>` : `${out}/>`;
}

/** A text element; `content` is escaped here. */
export function text(content: string, attrs: Record<string, AttrValue>): string {
  return tag('text', attrs, escapeXml(content));
}

/** A native tooltip (SVG <title>) for the enclosing element. */
export function tooltip(content: string): string {
  return `<title>${escapeXml(content)}</title>`;
}

/** Rough width of a label in the chart font (11 px system sans); used only for layout decisions. */
export function textWidth(s: string, fontSize = 11): number {
  return s.length * fontSize * CHAR_WIDTH;
}

/**
 * How many characters fit in `width` at `fontSize`, the inverse of textWidth. The small slack keeps a label exactly
 * as wide as the space whole: 7 × 10.5 × 0.58 / (10.5 × 0.58) is 6.999… in floating point, so the longest label of a
 * chart lost its last letter ("clari…" for clarity).
 */
export function charsThatFit(width: number, fontSize = 11): number {
  return Math.floor(width / (fontSize * CHAR_WIDTH) + 1e-6);
}

const CHAR_WIDTH = 0.58;

export const FONT_FAMILY = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
