// @ts-check
/**
 * Layering by allowed imports (after VS Code's `code-layering` rule): every source folder says which of our
 * folders it may import and which packages. An import that resolves into a folder not on its layer's list is an
 * error. Relative paths are resolved, so `../../services/x` is caught wherever it is written; `@shared/*` is
 * src-shared. Type-only imports count too: a type from a higher layer ties the lower one to it.
 *
 * Written here rather than taken from eslint-plugin-boundaries: that plugin needs an import resolver plugin to
 * see through the `@shared` alias, and the whole policy below is one table (docs/ARCHITECTURE.md explains it).
 */
import { builtinModules } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';

const MAIN_ONLY_NEVER = ['electron', 'react', 'react-dom', 'zustand'];

/**
 * The layers, most specific first. `may`: our folders this layer may import besides itself.
 * `packages`: 'any' (except `never`), or the only packages (and node: built-ins if listed as 'node') allowed.
 * @type {Array<{ folder: string; may: string[]; packages: 'any' | string[]; never?: string[]; why: string }>}
 */
export const LAYERS = [
  {
    folder: 'src-shared',
    may: [],
    packages: ['vitest'],
    why: 'src-shared is the contract: plain TypeScript that imports nothing else of ours and no platform module.',
  },
  {
    folder: 'src-renderer',
    may: ['src-shared'],
    packages: ['react', 'react-dom', 'zustand', 'vitest'],
    why: 'The renderer talks to main only through window.api; no Node, no Electron.',
  },
  {
    folder: 'src-preload',
    may: ['src-shared'],
    packages: ['electron'],
    why: 'The preload is the bridge: the IPC contract and electron, nothing of main.',
  },
  {
    folder: 'src-main/engine',
    may: ['src-shared'],
    packages: 'any',
    never: MAIN_ONLY_NEVER,
    why: 'The engine is plain Node (tests, CLI, workers): it never imports export, services, workers, hosts or electron.',
  },
  {
    folder: 'src-main/export',
    may: ['src-shared', 'src-main/engine'],
    packages: 'any',
    never: MAIN_ONLY_NEVER,
    why: 'Export builds the bundle, report and notebook from engine artifacts; it runs inside the worker.',
  },
  {
    folder: 'src-main/workers',
    may: ['src-shared', 'src-main/engine', 'src-main/export', 'src-main/services/registry', 'src-main/services/store'],
    packages: 'any',
    never: MAIN_ONLY_NEVER,
    why: 'Workers run jobs on the engine and export; of the services only the registry and the stores (plain files).',
  },
  {
    folder: 'src-main/services',
    may: ['src-shared', 'src-main/engine', 'src-main/workers'],
    packages: 'any',
    never: MAIN_ONLY_NEVER,
    why: 'Services start jobs through a worker client; they never import export code or a host.',
  },
  {
    folder: 'src-main/hosts/electron',
    may: ['src-shared', 'src-main/services', 'src-main/workers', 'src-main/hosts/node'],
    packages: 'any',
    never: ['react', 'react-dom', 'zustand'],
    why: 'The Electron host binds services to windows and IPC.',
  },
  {
    folder: 'src-main/hosts',
    may: ['src-shared', 'src-main/services', 'src-main/workers'],
    packages: 'any',
    never: MAIN_ONLY_NEVER,
    why: 'Hosts bind services to a transport; only src-main/hosts/electron may import electron.',
  },
  {
    folder: 'src-main/cli',
    may: ['src-shared', 'src-main/engine', 'src-main/services', 'src-main/workers'],
    packages: 'any',
    never: MAIN_ONLY_NEVER,
    why: 'The CLI drives the same services as the app.',
  },
  {
    folder: 'src-main/fuzz',
    may: ['src-shared', 'src-main/engine', 'src-main/services', 'src-main/workers', 'src-main/hosts/node'],
    packages: 'any',
    never: MAIN_ONLY_NEVER,
    why: 'The fuzz suite throws hostile input at every entry point.',
  },
];

/** Tests may reach one layer further for what they check end to end; these are the exceptions, named. */
export const TEST_EXCEPTIONS = [
  // The forecast test checks that the report states what the engine measured.
  { from: 'src-main/engine/forecast/forecast.test.ts', to: 'src-main/export/report/sections/forecast.ts' },
  // The business-day calendar test checks that the report says which days of the week the calendar leaves out.
  { from: 'src-main/engine/forecast/calendar.test.ts', to: 'src-main/export/report/sections/forecast.ts' },
];

const BUILTINS = new Set(builtinModules);

/** @param {string} path a path relative to the repository root, with '/' separators */
function layerOf(path) {
  return LAYERS.find((l) => path === l.folder || path.startsWith(`${l.folder}/`));
}

/** @param {string} spec */
function packageName(spec) {
  if (spec.startsWith('node:') || BUILTINS.has(spec.split('/')[0])) return 'node';
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** @type {import('eslint').Rule.RuleModule} */
const allowedImports = {
  meta: {
    type: 'problem',
    docs: { description: 'Each source folder imports only the folders and packages its layer allows.' },
    schema: [],
  },
  create(context) {
    const root = context.cwd;
    const file = relative(root, context.filename).split(sep).join('/');
    const layer = layerOf(file);
    if (!layer) return {};

    /** @param {import('estree').Node} node @param {unknown} source */
    function check(node, source) {
      if (typeof source !== 'string') return;
      let target;
      if (source.startsWith('@shared/') || source === '@shared') target = `src-shared/${source.slice(8)}`;
      else if (source.startsWith('.'))
        target = relative(root, resolve(dirname(context.filename), source))
          .split(sep)
          .join('/');
      if (target === undefined) {
        const pkg = packageName(source);
        const allowed = layer.packages === 'any' ? !(layer.never ?? []).includes(pkg) : layer.packages.includes(pkg);
        if (!allowed) context.report({ node, message: `${layer.folder} may not import '${source}'. ${layer.why}` });
        return;
      }
      const to = layerOf(target);
      if (!to || to === layer) return;
      const ok = layer.may.some((m) => target === m || target.startsWith(`${m}/`) || to.folder.startsWith(`${m}/`));
      if (ok) return;
      const excepted = TEST_EXCEPTIONS.some(
        (e) => e.from === file && (target === e.to || `${target}.ts` === e.to || `${target}.tsx` === e.to),
      );
      if (!excepted)
        context.report({
          node,
          message: `${layer.folder} may not import ${to.folder} ('${source}'). ${layer.why} Allowed: ${
            layer.may.join(', ') || 'nothing else of ours'
          }.`,
        });
    }

    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      CallExpression: (node) => {
        if (
          node.callee.type === 'Identifier' &&
          node.callee.name === 'require' &&
          node.arguments[0]?.type === 'Literal'
        )
          check(node, node.arguments[0].value);
      },
    };
  },
};

export default { rules: { 'allowed-imports': allowedImports } };
