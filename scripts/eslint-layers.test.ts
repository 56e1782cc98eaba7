import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..');

/** Lints `code` as if it were the file at `path` (nothing is written), with the project's config. */
async function problems(path: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  return result.messages.filter((m) => m.ruleId === 'layers/allowed-imports').map((m) => m.message);
}

describe('layering by allowed imports', () => {
  it('refuses imports a layer is not allowed, wherever the path is written', async () => {
    const engine = await problems(
      'src-main/engine/pipeline/probe.ts',
      [
        "import { ModelRegistry } from '../../services/registry/model-registry';",
        "import type { WorkerClient } from '../../workers/client';",
        "import { buildReport } from '../../export/report/build-report';",
        "import { app } from 'electron';",
        'export const x = [ModelRegistry, buildReport, app] as const;',
        'export type Y = WorkerClient;',
      ].join('\n'),
    );
    expect(engine).toHaveLength(4);
    expect(engine[0]).toMatch(/src-main\/engine may not import src-main\/services/);

    const shared = await problems(
      'src-shared/probe.ts',
      "import { join } from 'node:path';\nimport { slugId } from '../src-main/engine/pipeline/model-json';\nexport const z = [join, slugId];",
    );
    expect(shared).toHaveLength(2);

    const renderer = await problems(
      'src-renderer/features/probe.ts',
      "import { readFile } from 'fs';\nimport type { Channel } from '../../src-main/services/ipc/schemas';\nexport const r: Channel | typeof readFile | null = null;",
    );
    expect(renderer).toHaveLength(2);
  });

  it('allows what the table allows', async () => {
    expect(
      await problems(
        'src-main/export/probe.ts',
        "import { CodedError } from '@shared/errors';\nimport { readArtifact } from '../engine/artifacts/store';\nexport const a = [CodedError, readArtifact];",
      ),
    ).toEqual([]);
    expect(
      await problems(
        'src-main/workers/jobs/probe.ts',
        "import { ModelRegistry } from '../../services/registry/model-registry';\nexport const b = ModelRegistry;",
      ),
    ).toEqual([]);
    expect(
      await problems('src-main/hosts/electron/probe.ts', "import { app } from 'electron';\nexport const c = app;"),
    ).toEqual([]);
    // Only the Electron host may import electron.
    expect(
      await problems('src-main/hosts/node/probe.ts', "import { app } from 'electron';\nexport const d = app;"),
    ).toHaveLength(1);
  });
});
