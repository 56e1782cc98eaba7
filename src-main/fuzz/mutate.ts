/**
 * Byte- and text-level mutations of real files for the fuzz suite. Every mutation is a pure function of its
 * input and a seeded random source, so a case is reproduced from (seed, index) alone.
 */
export type Rng = () => number;

export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)];
export const int = (rng: Rng, lo: number, hi: number): number => lo + Math.floor(rng() * (hi - lo + 1));

/** Size knobs: the CI sample uses small ones, long runs the real ones (50 MB lines, 10k columns). */
export interface Scale {
  hugeLineBytes: number;
  /** Length of the huge column name appended to the header. */
  hugeHeaderBytes: number;
  wideColumns: number;
  blankLines: number;
  /** Size of the all-zero entry of a zip bomb (deflates about 1000×; the limit is 200× past 1 MB). */
  bombBytes: number;
}

export type ScaleName = 'sample' | 'default' | 'full';

/**
 * `sample` (the CI sample) keeps every path at sizes that cost milliseconds: more than 256 columns is still the
 * wide-table path, a 64 KB column name still a long identifier in every statement (the 16 MB line limit and the
 * 20,000-column cap have their own unit tests). `default` (`npm run fuzz`) and `full` (`--full`) use the sizes
 * people send.
 */
export const SCALES: Record<ScaleName, Scale> = {
  sample: {
    hugeLineBytes: 512 * 1024,
    hugeHeaderBytes: 64 * 1024,
    wideColumns: 400,
    blankLines: 3_000,
    bombBytes: 4 << 20,
  },
  default: {
    hugeLineBytes: 2 << 20,
    hugeHeaderBytes: 1 << 20,
    wideColumns: 10_000,
    blankLines: 3_000,
    bombBytes: 48 << 20,
  },
  full: {
    hugeLineBytes: 50 << 20,
    hugeHeaderBytes: 1 << 20,
    wideColumns: 10_000,
    blankLines: 20_000,
    bombBytes: 48 << 20,
  },
};

type TextMutation = (text: string, rng: Rng, scale: Scale) => string;
type ByteMutation = (bytes: Buffer, rng: Rng, scale: Scale) => Buffer;

const lines = (t: string) => t.split(/\r?\n/);

/** Mutations of a delimited text table (CSV or TSV), by name. */
export const TEXT_MUTATIONS: Record<string, TextMutation> = {
  mixedLineEndings: (t, rng) =>
    lines(t)
      .map((l) => l + pick(rng, ['\n', '\r\n', '\r', '\n']))
      .join(''),
  strayCr: (t, rng) => {
    const at = int(rng, 0, t.length);
    return t.slice(0, at) + '\r' + t.slice(at);
  },
  unbalancedQuote: (t, rng) => {
    const ls = lines(t);
    const i = int(rng, 1, Math.max(1, ls.length - 1));
    ls[i] = `"${ls[i] ?? ''}`;
    return ls.join('\n');
  },
  raggedRows: (t, rng) =>
    lines(t)
      .map((l, i) => (i > 0 && rng() < 0.2 ? l + ',extra' : i > 0 && rng() < 0.1 ? l.split(',')[0] : l))
      .join('\n'),
  nulBytes: (t, rng) => {
    let out = t;
    for (let k = 0; k < int(rng, 1, 20); k++) {
      const at = int(rng, 0, out.length);
      out = out.slice(0, at) + '\u0000' + out.slice(at);
    }
    return out;
  },
  infinities: (t, rng) =>
    lines(t)
      .map((l, i) =>
        i > 0 && rng() < 0.3
          ? l.replace(/\d+(\.\d+)?/, pick(rng, ['inf', '-inf', 'Infinity', '1e308', '-1e309', 'NaN', '9'.repeat(400)]))
          : l,
      )
      .join('\n'),
  hugeLine: (t, rng, s) => {
    const ls = lines(t);
    ls.splice(int(rng, 1, ls.length), 0, 'x'.repeat(s.hugeLineBytes));
    return ls.join('\n');
  },
  hugeHeader: (t, rng, s) => {
    const ls = lines(t);
    ls[0] = `${ls[0]},${'h'.repeat(s.hugeHeaderBytes)}`;
    return ls.join('\n');
  },
  wideTable: (_t, rng, s) => {
    const cols = Array.from({ length: s.wideColumns }, (_, i) => `c${i}`);
    const rows = Array.from({ length: int(rng, 1, 20) }, () => cols.map(() => String(int(rng, 0, 9))).join(','));
    return [cols.join(','), ...rows].join('\n');
  },
  blankLinesAfterHeader: (t, rng, s) => {
    const ls = lines(t);
    return [ls[0], ...Array.from({ length: int(rng, 1, s.blankLines) }, () => ''), ...ls.slice(1)].join('\n');
  },
  sepLine: (t, rng) => `${pick(rng, ['sep=,', 'sep=;', 'sep="', 'sep=', 'sep=\t'])}\n${t}`,
  duplicateHeader: (t) => {
    const ls = lines(t);
    const h = ls[0].split(',');
    h[h.length - 1] = h[0];
    ls[0] = h.join(',');
    return ls.join('\n');
  },
  headerOnly: (t) => lines(t)[0],
  onlyBlank: (_t, rng) => '\n'.repeat(int(rng, 0, 50)),
  semicolonDecimalComma: (t) => t.replace(/,/g, ';').replace(/(\d)\.(\d)/g, '$1,$2'),
  formulaCells: (t, rng) =>
    lines(t)
      .map((l, i) =>
        i > 0 && rng() < 0.2 ? `${pick(rng, ["=cmd|' /C calc'!A0", '+ve', '@home', '-', '--', '-10.000)'])},${l}` : l,
      )
      .join('\n'),
  controlChars: (t, rng) => t.replace(/a/g, () => String.fromCharCode(int(rng, 1, 31))),
  tabsForCommas: (t) => t.replace(/,/g, '\t'),
};

/** Byte-level mutations (after encoding), by name. */
export const BYTE_MUTATIONS: Record<string, ByteMutation> = {
  truncate: (b, rng) => b.subarray(0, int(rng, 0, b.length)),
  flipBytes: (b, rng) => {
    const out = Buffer.from(b);
    for (let k = 0; k < int(rng, 1, 30); k++) if (out.length) out[int(rng, 0, out.length - 1)] = int(rng, 0, 255);
    return out;
  },
  utf8Bom: (b) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]),
  utf16le: (b) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(b.toString('utf8'), 'utf16le')]),
  utf16leNoBom: (b) => Buffer.from(b.toString('utf8'), 'utf16le'),
  utf32le: (b) => {
    const cps = Array.from(b.toString('utf8'), (c) => c.codePointAt(0) ?? 0);
    const out = Buffer.alloc(4 + cps.length * 4);
    out.writeUInt32LE(0x0000feff, 0);
    cps.forEach((cp, i) => out.writeUInt32LE(cp, 4 + i * 4));
    return out;
  },
  latin1Tail: (b, rng) => {
    const at = int(rng, 0, b.length);
    return Buffer.concat([b.subarray(0, at), Buffer.from('caf\xe9 na\xefve \xa3', 'latin1'), b.subarray(at)]);
  },
  invalidUtf8: (b, rng) => {
    const out = Buffer.from(b);
    for (let k = 0; k < int(rng, 1, 10); k++)
      if (out.length) out[int(rng, 0, out.length - 1)] = pick(rng, [0xc0, 0xff, 0xfe, 0x80]);
    return out;
  },
  binaryGarbage: (_b, rng) => Buffer.from(Array.from({ length: int(rng, 1, 4096) }, () => int(rng, 0, 255))),
  empty: () => Buffer.alloc(0),
};
