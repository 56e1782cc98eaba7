/**
 * Fuzz cases: mutations of real files (the bundled samples, a Parquet and a JSON made from them, a picture
 * zip, an exported bundle) over ingest, profile, image ingest and predict. A case is a pure function of
 * (seed, index, scale) and the bases, so any failure is reproduced by its id.
 */
import { createHash } from 'node:crypto';
import JSZip from 'jszip';
import { seededRandom } from '../engine/util/rng';
import { BYTE_MUTATIONS, int, pick, TEXT_MUTATIONS, type Rng, type Scale } from './mutate';

/** The real files every case starts from (built once per run by bases.ts). */
export interface Bases {
  csv: Record<string, string>;
  json: string;
  parquet: Buffer;
  images: Array<{ name: string; bytes: Buffer }>;
  bundle: { onnx: Buffer; modelJson: string };
  /** A CSV the bundle's model scores. */
  predictInput: string;
}

export type Target = 'ingest' | 'predict';

export interface FuzzCase {
  id: string;
  /** What was done to the base file, for the report. */
  recipe: string[];
  /** File name (its extension decides the reader). */
  name: string;
  bytes: Buffer;
  target: Target;
  /** For predict cases: the bundle zip and the table to score (one of them is mutated). */
  predictInput?: Buffer;
}

const KINDS = ['csv', 'csv', 'csv', 'tsv', 'json', 'jsonl', 'parquet', 'image-zip', 'bundle', 'predict-input'] as const;

export async function makeCase(seed: number, index: number, scale: Scale, bases: Bases): Promise<FuzzCase> {
  const rng = seededRandom((seed * 1_000_003 + index) >>> 0);
  const kind = pick(rng, KINDS);
  const id = `${seed}:${index}`;
  switch (kind) {
    case 'csv':
    case 'tsv': {
      const base = pick(rng, Object.keys(bases.csv));
      let text = bases.csv[base];
      const recipe = [base];
      if (kind === 'tsv') text = TEXT_MUTATIONS.tabsForCommas(text, rng, scale);
      for (let k = 0; k < int(rng, 1, 2); k++) {
        const m = pick(rng, Object.keys(TEXT_MUTATIONS));
        text = TEXT_MUTATIONS[m](text, rng, scale);
        recipe.push(m);
      }
      let bytes: Buffer = Buffer.from(text, 'utf8');
      if (rng() < 0.4) {
        const m = pick(rng, Object.keys(BYTE_MUTATIONS));
        bytes = BYTE_MUTATIONS[m](bytes, rng, scale);
        recipe.push(m);
      }
      return {
        id,
        recipe,
        name: `data.${kind === 'tsv' ? pick(rng, ['tsv', 'txt']) : 'csv'}`,
        bytes,
        target: 'ingest',
      };
    }
    case 'json':
    case 'jsonl': {
      const { text, recipe } = jsonCase(bases.json, kind, rng, scale);
      let bytes: Buffer = Buffer.from(text, 'utf8');
      if (rng() < 0.3) {
        const m = pick(rng, ['truncate', 'flipBytes', 'utf16le', 'invalidUtf8', 'utf8Bom']);
        bytes = BYTE_MUTATIONS[m](bytes, rng, scale);
        recipe.push(m);
      }
      return { id, recipe, name: `data.${kind}`, bytes, target: 'ingest' };
    }
    case 'parquet': {
      const m = pick(rng, ['truncate', 'flipBytes', 'empty', 'binaryGarbage', 'keep']);
      const bytes = m === 'keep' ? bases.parquet : BYTE_MUTATIONS[m](bases.parquet, rng, scale);
      return { id, recipe: ['parquet', m], name: 'data.parquet', bytes, target: 'ingest' };
    }
    case 'image-zip': {
      const { bytes, recipe } = await zipCase(
        bases.images.map((f) => ({ name: `photos/${f.name}`, bytes: f.bytes })),
        rng,
        scale,
      );
      return { id, recipe: ['images', ...recipe], name: 'pictures.zip', bytes, target: 'ingest' };
    }
    case 'bundle': {
      const { files, recipe } = bundleFiles(bases, rng);
      const zipped = await zipCase(files, rng, scale, 0.3);
      return {
        id,
        recipe: ['bundle', ...recipe, ...zipped.recipe],
        name: 'model.zip',
        bytes: zipped.bytes,
        target: 'predict',
        predictInput: Buffer.from(bases.predictInput),
      };
    }
    case 'predict-input': {
      let text = bases.predictInput;
      const recipe = ['predict-input'];
      const m = pick(rng, Object.keys(TEXT_MUTATIONS));
      text = TEXT_MUTATIONS[m](text, rng, scale);
      recipe.push(m);
      const good = await zipOf([
        { name: 'model.onnx', bytes: bases.bundle.onnx },
        { name: 'model.json', bytes: Buffer.from(bases.bundle.modelJson) },
      ]);
      return { id, recipe, name: 'model.zip', bytes: good, target: 'predict', predictInput: Buffer.from(text) };
    }
  }
}

function jsonCase(base: string, kind: 'json' | 'jsonl', rng: Rng, scale: Scale): { text: string; recipe: string[] } {
  const records = JSON.parse(base) as Array<Record<string, unknown>>;
  const m = pick(rng, [
    'plain',
    'deepArray',
    'deepField',
    'mixedShapes',
    'scalarTop',
    'hugeString',
    'brokenLine',
    'duplicateKeys',
  ]);
  const depth = pick(rng, [50, 1000, 100_000]);
  let text: string;
  switch (m) {
    case 'deepArray':
      text = '['.repeat(depth) + ']'.repeat(depth);
      break;
    case 'deepField':
      text = JSON.stringify([{ a: 1 }]).replace('1', '{"b":'.repeat(depth) + '1' + '}'.repeat(depth));
      break;
    case 'mixedShapes':
      text = JSON.stringify(records.map((r, i) => (i % 3 === 0 ? [r] : i % 3 === 1 ? { other: i } : r)));
      break;
    case 'scalarTop':
      text = pick(rng, ['42', '"text"', 'null', 'true', '{}', '[]']);
      break;
    case 'hugeString':
      text = JSON.stringify([
        { ...records[0], big: 'x'.repeat(Math.min(scale.hugeLineBytes, 8 * 1024 ** 2)) },
        ...records,
      ]);
      break;
    case 'duplicateKeys':
      text = JSON.stringify(records).replace(/\{"/g, '{"dup":1,"dup":"two","');
      break;
    default:
      text = JSON.stringify(records);
  }
  if (kind === 'jsonl') {
    const parsed =
      m === 'plain' || m === 'mixedShapes' || m === 'duplicateKeys' ? (JSON.parse(text) as unknown[]) : null;
    text = parsed ? parsed.map((r) => JSON.stringify(r)).join('\n') : text;
    if (m === 'brokenLine' || rng() < 0.2) text = text.replace(/\n/, '\n{"broken": \n');
  }
  return { text, recipe: [kind, m, ...(m.startsWith('deep') ? [`depth ${depth}`] : [])] };
}

function bundleFiles(bases: Bases, rng: Rng): { files: Array<{ name: string; bytes: Buffer }>; recipe: string[] } {
  const mj = JSON.parse(bases.bundle.modelJson) as Record<string, unknown>;
  const m = pick(rng, [
    'good',
    'noOnnx',
    'emptyOnnx',
    'truncatedOnnx',
    'garbageJson',
    'lieForecast',
    'lieSegment',
    'lieImage',
    'lieAnomaly',
    'noFeatures',
    'classesNotArray',
    'futureFormat',
    'nested',
  ]);
  let json: string = bases.bundle.modelJson;
  let onnx: Buffer | null = bases.bundle.onnx;
  if (m === 'noOnnx') onnx = null;
  if (m === 'emptyOnnx') onnx = Buffer.alloc(0);
  if (m === 'truncatedOnnx') onnx = bases.bundle.onnx.subarray(0, int(rng, 1, bases.bundle.onnx.length - 1));
  if (m === 'garbageJson') json = json.slice(0, int(rng, 0, json.length - 1));
  if (m === 'lieForecast') json = JSON.stringify({ ...mj, task: 'forecast' });
  if (m === 'lieSegment') json = JSON.stringify({ ...mj, task: 'segment' });
  if (m === 'lieImage') json = JSON.stringify({ ...mj, task: 'image' });
  if (m === 'lieAnomaly') json = JSON.stringify({ ...mj, task: 'anomaly' });
  if (m === 'noFeatures') json = JSON.stringify({ ...mj, features: [] });
  if (m === 'classesNotArray') json = JSON.stringify({ ...mj, classes: 'yes,no' });
  if (m === 'futureFormat') json = JSON.stringify({ ...mj, formatVersion: 99 });
  const prefix = m === 'nested' ? 'bundle/' : '';
  const files: Array<{ name: string; bytes: Buffer }> = [{ name: `${prefix}model.json`, bytes: Buffer.from(json) }];
  if (onnx) files.push({ name: `${prefix}model.onnx`, bytes: onnx });
  return { files, recipe: [m] };
}

async function zipOf(files: Array<{ name: string; bytes: Buffer }>, opts: Record<string, JSZip.JSZipFileOptions> = {}) {
  const zip = new JSZip();
  for (const f of files) zip.file(f.name, f.bytes, opts[f.name]);
  return Buffer.from(await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', platform: 'UNIX' }));
}

/**
 * Zips that take seconds to build (11,000 entries, a bomb) are the same for the same files: built once per host.
 * Keyed by the trick and a digest of the files.
 */
const slowZips = new Map<string, Buffer>();

async function zipOnce(
  trick: string,
  files: Array<{ name: string; bytes: Buffer }>,
  build: () => Promise<Buffer>,
): Promise<Buffer> {
  const h = createHash('sha1').update(trick);
  for (const f of files) h.update(f.name).update('\0').update(f.bytes).update('\0');
  const key = h.digest('hex');
  const hit = slowZips.get(key);
  if (hit) return hit;
  const bytes = await build();
  slowZips.set(key, bytes);
  return bytes;
}

/** Archive tricks over a list of files; `p` is the chance of any trick at all. */
async function zipCase(
  files: Array<{ name: string; bytes: Buffer }>,
  rng: Rng,
  scale: Scale,
  p = 1,
): Promise<{ bytes: Buffer; recipe: string[] }> {
  if (rng() > p) return { bytes: await zipOf(files), recipe: [] };
  const t = pick(rng, [
    'plain',
    'traversal',
    'absolute',
    'symlink',
    'manyEntries',
    'bomb',
    'truncated',
    'flipped',
    'notZip',
    'nestedZip',
    'nonImages',
    'emptyZip',
    'backslashes',
  ]);
  let list = files;
  const opts: Record<string, JSZip.JSZipFileOptions> = {};
  if (t === 'traversal') list = [...files, { name: '../../escape.txt', bytes: Buffer.from('x') }];
  if (t === 'absolute') list = [...files, { name: '/tmp/abs.txt', bytes: Buffer.from('x') }];
  if (t === 'backslashes') list = files.map((f) => ({ ...f, name: f.name.replace(/\//g, '\\') }));
  if (t === 'symlink') {
    list = [...files, { name: 'photos/link.png', bytes: Buffer.from('/etc/passwd') }];
    opts['photos/link.png'] = { unixPermissions: 0o120777 };
  }
  // Pictures, so that an image zip gets as far as extraction (and its 10,000-file limit).
  if (t === 'manyEntries')
    list = Array.from({ length: 11_000 }, (_, i) => ({ name: `photos/c${i % 3}/${i}.png`, bytes: Buffer.from('') }));
  if (t === 'bomb') list = [...files, { name: 'photos/zeros.png', bytes: Buffer.alloc(scale.bombBytes) }];
  if (t === 'nestedZip') list = [{ name: 'inner.zip', bytes: await zipOf(files) }];
  if (t === 'nonImages') list = files.map((f) => ({ name: f.name.replace(/\.\w+$/, '.txt'), bytes: f.bytes }));
  if (t === 'emptyZip') list = [];
  let bytes: Buffer =
    t === 'manyEntries' || t === 'bomb'
      ? await zipOnce(`${t}:${scale.bombBytes}`, files, () => zipOf(list, opts))
      : await zipOf(list, opts);
  if (t === 'truncated') bytes = bytes.subarray(0, int(rng, 0, bytes.length - 1));
  if (t === 'flipped') bytes = BYTE_MUTATIONS.flipBytes(bytes, rng, scale);
  if (t === 'notZip') bytes = Buffer.from('PK this is not really a zip');
  return { bytes, recipe: [t] };
}
