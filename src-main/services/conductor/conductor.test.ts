import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { readFile } from 'node:fs/promises';
import type { AppEvent } from '@shared/events';
import { STAGES } from '@shared/stages';
import { WorkerClient } from '../../workers/client';
import { memorySpawner } from '../../workers/memory-spawner';
import { trainerHandlers } from '../../workers/trainer-handlers';
import { ProjectStore } from '../store/project-store';
import { Conductor } from './conductor';
import { parseExplainerFile } from '../../engine/explain/explainer-file';
import { singlesOf } from '../../engine/explain/singles';

let dataDir: string;
let events: AppEvent[];
let conductor: Conductor;

function makeConductor() {
  return new Conductor({
    store: new ProjectStore(dataDir),
    jobs: new WorkerClient(memorySpawner(trainerHandlers)),
    emit: (e) => events.push(e),
    dataDir,
    appVersion: 'test',
  });
}

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'automl-conductor-'));
  events = [];
  conductor = makeConductor();
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

async function waitFor(id: string, stage: (typeof STAGES)[number], status: string) {
  const s = await conductor.whenIdle(id);
  expect(s.stages[stage].status, `${stage}: ${JSON.stringify(s.stages[stage].error ?? null)}`).toBe(status);
  return s;
}

describe('conductor on the housing sample', () => {
  it('runs all eight stages with real data, saving state and stamping events', async () => {
    let s = await conductor.create('Housing', 'predict the price');
    s = await waitFor(s.id, 'PARSE_INTENT', 'waiting_confirmation');
    expect(s.intent?.task).toBe('regression');
    await conductor.confirm(s.id, 'PARSE_INTENT');
    await conductor.attachData(s.id, { kind: 'sample', id: 'boston-housing' });
    s = await waitFor(s.id, 'DATA_SOURCE', 'waiting_confirmation');
    expect(s.dataset?.rows).toBe(506);
    await conductor.confirm(s.id, 'DATA_SOURCE');
    s = await waitFor(s.id, 'PROFILE_DATA', 'waiting_confirmation');
    expect(s.intent?.target).toBe('price');
    expect(s.profile?.columns.find((c) => c.name === 'price')?.kind).toBe('numeric');

    // A reopened conductor (the app restarted) sees the same project where it was.
    conductor = makeConductor();
    s = await conductor.get(s.id);
    expect(s.stages.PROFILE_DATA.status).toBe('waiting_confirmation');

    await conductor.confirm(s.id, 'PROFILE_DATA');
    s = await waitFor(s.id, 'PREPROCESS', 'waiting_confirmation');
    expect(s.plan?.columns.find((c) => c.name === 'price')?.role).toBe('target');
    await conductor.confirm(s.id, 'PREPROCESS', { drop: ['nox'] });
    s = await waitFor(s.id, 'PREPROCESS', 'waiting_confirmation');
    expect(s.plan?.columns.find((c) => c.name === 'nox')?.role).toBe('drop');
    await conductor.confirm(s.id, 'PREPROCESS');
    s = await waitFor(s.id, 'MODEL_SELECT', 'waiting_confirmation');
    await conductor.confirm(s.id, 'MODEL_SELECT', { models: ['ridge', 'gradient_boosting'], budgetSeconds: 10 });
    s = await waitFor(s.id, 'MODEL_SELECT', 'waiting_confirmation');
    expect(
      s.models?.candidates
        .filter((c) => c.selected)
        .map((c) => c.family)
        .sort(),
    ).toEqual(['gradient_boosting', 'ridge']);
    await conductor.confirm(s.id, 'MODEL_SELECT');
    s = await waitFor(s.id, 'REVIEW_EDIT', 'waiting_confirmation');
    const best = s.training!.leaderboard.find((r) => r.modelId === s.training!.bestModelId)!;
    expect(best.testMetrics?.r2 ?? best.metrics.r2).toBeGreaterThan(0.6);

    const zipPath = join(dataDir, 'out', 'bundle.zip');
    const info = await conductor.exportZip(s.id, zipPath);
    expect(existsSync(zipPath)).toBe(true);
    const zip = await JSZip.loadAsync(await readFile(zipPath));
    expect(Object.keys(zip.files)).toEqual(
      expect.arrayContaining(['model.onnx', 'model.json', 'report.html', 'notebook.ipynb']),
    );
    expect(info.version).toBe(1);

    // Export again with fewer parts: a new registry version, and only what was asked for.
    const slim = await conductor.exportZip(s.id, join(dataDir, 'out', 'slim.zip'), {
      notebook: false,
      data: false,
      report: false,
    });
    expect(slim.version).toBe(2);
    // The best model is exported, so its explanation data travels with it.
    expect(slim.files.sort()).toEqual([
      'explainer.json',
      'model.json',
      'model.onnx',
      'predictions.csv',
      'profile.json',
    ]);

    // Another model chosen: its explanation data is made at export, for that model, with a check for the notebook.
    const other = s.training!.leaderboard.find((r) => r.modelId !== s.training!.bestModelId && r.family === 'ridge')!;
    await conductor.whenIdle(await conductor.back(s.id, 'REVIEW_EDIT').then((b) => b.id));
    await conductor.confirm(s.id, 'REVIEW_EDIT', { chosenModelId: other.modelId });
    await conductor.whenIdle(s.id);
    const chosen = await conductor.exportZip(s.id, join(dataDir, 'out', 'chosen.zip'), {
      notebook: false,
      data: false,
      report: false,
    });
    expect(chosen.files).toContain('explainer.json');
    const chosenZip = await JSZip.loadAsync(await readFile(join(dataDir, 'out', 'chosen.zip')));
    const explainer = parseExplainerFile(await chosenZip.file('explainer.json')!.async('string'));
    expect(new Set(singlesOf(explainer.pipeline).map((m) => m.model.family))).toEqual(new Set(['ridge']));
    expect(explainer.check?.rows.length).toBe(5);

    // Events: one run id per conductor, seq strictly increasing, every stage announced.
    const byRun = new Map<string, number[]>();
    for (const e of events) byRun.set(e.runId, [...(byRun.get(e.runId) ?? []), e.seq]);
    for (const seqs of byRun.values()) for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBe(seqs[i - 1] + 1);
    const types = new Set(events.map((e) => e.type));
    for (const t of [
      'STAGE_STATUS',
      'PROMPT_PARSED',
      'DATASET_SAMPLE_READY',
      'PROFILE_SUMMARY',
      'PREPROCESS_PLAN',
      'MODEL_CANDIDATES',
      'TRAIN_PROGRESS',
      'LEADERBOARD_UPDATED',
      'EXPORT_READY',
    ]) {
      expect(types, t).toContain(t);
    }
  });

  it('going back invalidates later stages but keeps the data', async () => {
    let s = await conductor.create('Housing', 'predict the price');
    await conductor.attachData(s.id, { kind: 'sample', id: 'boston-housing' });
    s = await waitFor(s.id, 'DATA_SOURCE', 'waiting_confirmation');
    await conductor.confirm(s.id, 'DATA_SOURCE');
    s = await waitFor(s.id, 'PROFILE_DATA', 'waiting_confirmation');
    s = await conductor.back(s.id, 'PARSE_INTENT');
    s = await conductor.whenIdle(s.id);
    expect(s.stages.PARSE_INTENT.status).toBe('waiting_confirmation');
    expect(s.stages.PROFILE_DATA.status).toBe('pending');
    expect(s.dataset?.rows).toBe(506);
  });

  it('a wrong target chosen at the gate is refused with the column list', async () => {
    let s = await conductor.create('Housing', 'predict the price');
    await conductor.attachData(s.id, { kind: 'sample', id: 'boston-housing' });
    s = await waitFor(s.id, 'DATA_SOURCE', 'waiting_confirmation');
    await conductor.confirm(s.id, 'DATA_SOURCE');
    await waitFor(s.id, 'PROFILE_DATA', 'waiting_confirmation');
    await expect(conductor.confirm(s.id, 'PROFILE_DATA', { target: 'Price' })).rejects.toThrow(
      /Column 'Price' \(target\) not found. Did you mean 'price'\? Columns are: crime_rate/,
    );
    // Nothing changed: the gate still waits.
    expect((await conductor.get(s.id)).stages.PROFILE_DATA.status).toBe('waiting_confirmation');
  });

  it('a malformed CSV fails DATA_SOURCE with line numbers and keeps the project', async () => {
    const { writeFileSync } = await import('node:fs');
    const bad = join(dataDir, 'bad.csv');
    writeFileSync(bad, 'a,b,c\n1,2,3\n4,5\n6,7,8,9,10\n11,12,13\n');
    let s = await conductor.create('Bad', 'predict c');
    await conductor.attachData(s.id, { kind: 'path', path: bad });
    s = await waitFor(s.id, 'DATA_SOURCE', 'failed');
    expect(s.stages.DATA_SOURCE.error?.code).toBe('dataset-invalid');
    expect(s.stages.DATA_SOURCE.error?.message).toMatch(/line/i);
    expect((await conductor.get(s.id)).goal).toBe('predict c');
    // Retry with "skip bad rows" goes through.
    await conductor.confirm(s.id, 'DATA_SOURCE', { skipBadRows: true });
    s = await waitFor(s.id, 'DATA_SOURCE', 'waiting_confirmation');
    expect(s.dataset?.rows).toBe(2);
  });
});
