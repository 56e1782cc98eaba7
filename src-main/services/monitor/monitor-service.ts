/**
 * Models in use (issue 15), for the app's channels and the CLI: the monitoring state of a registered model,
 * outcomes, settings, and version changes (promote / roll back) recorded with their reason. The log itself is
 * engine/monitor; retraining runs in the trainer worker (jobs/retrain.ts).
 */
import type {
  ChallengeResult,
  FeedbackReport,
  MonitorAlert,
  MonitorState,
  MonitorUpdate,
  RetrainMode,
  VersionChange,
} from '@shared/monitor';
import type { TrainerJobs } from '../../workers/trainer-methods';
import type { TrainingEvent } from '@shared/events';
import { CodedError } from '@shared/errors';
import { ModelRegistry } from '../registry/model-registry';
import { monitorDir, withLog } from '../../engine/monitor/log-db';
import { activeModel, addEvent, checkMetric, readState, type ActiveModel } from '../../engine/monitor/state';
import { applyUpdate, readSettings, writeSettings } from '../../engine/monitor/settings';
import { addOutcomes } from '../../engine/monitor/feedback';
import { evaluations, matchedRows } from '../../engine/monitor/evaluate';
import { closeForVersionChange, openAlertsOf } from '../../engine/monitor/alerts';
import { existsSync } from 'node:fs';

export class MonitorService {
  readonly registry: ModelRegistry;

  constructor(private readonly dataDir: string) {
    this.registry = new ModelRegistry(dataDir);
  }

  private async active(modelId: string): Promise<ActiveModel> {
    return activeModel(
      this.dataDir,
      modelId,
      await this.registry.resolve(modelId),
      await this.registry.versionNumbers(modelId),
    );
  }

  private monitored(model: ActiveModel): void {
    const t = model.modelJson.task;
    if (t !== 'classification' && t !== 'regression')
      throw new CodedError(
        'task-unsupported',
        `'${model.modelId}' is a ${t} model; monitoring covers table models (classification and regression).`,
      );
  }

  async state(modelId: string): Promise<MonitorState> {
    const model = await this.active(modelId);
    return withLog(this.dataDir, modelId, (conn) => readState(conn, model));
  }

  /** Open alerts of every model that has a log (for the Models screen). */
  async openAlerts(): Promise<MonitorAlert[]> {
    const out: MonitorAlert[] = [];
    for (const m of await this.registry.list()) {
      if (!existsSync(monitorDir(this.dataDir, m.modelId))) continue;
      out.push(...(await withLog(this.dataDir, m.modelId, (conn) => openAlertsOf(conn))));
    }
    return out;
  }

  async feedback(
    modelId: string,
    path: string,
    outcomeColumn?: string,
  ): Promise<{ report: FeedbackReport; state: MonitorState }> {
    const model = await this.active(modelId);
    this.monitored(model);
    return withLog(this.dataDir, modelId, async (conn) => {
      const report = await addOutcomes(conn, {
        dataDir: this.dataDir,
        modelId,
        modelJson: model.modelJson,
        path,
        outcomeColumn,
      });
      const task = model.modelJson.task === 'regression' ? 'regression' : 'classification';
      await checkMetric(
        conn,
        model,
        evaluations(task, await matchedRows(conn, this.dataDir, modelId)),
        await readSettings(conn),
      );
      return { report, state: await readState(conn, model) };
    });
  }

  async update(modelId: string, update: MonitorUpdate): Promise<MonitorState> {
    const model = await this.active(modelId);
    const shadow = update.shadowVersion;
    if (typeof shadow === 'number') {
      if (!model.versions.includes(shadow))
        throw new CodedError(
          'invalid-input',
          `Model '${modelId}' has no version ${shadow}. Versions: ${model.versions.join(', ')}. Nothing was changed.`,
        );
      if (shadow === model.activeVersion)
        throw new CodedError(
          'invalid-input',
          `Version ${shadow} is the active one: a shadow is another version scored beside it. Nothing was changed.`,
        );
    }
    return withLog(this.dataDir, modelId, async (conn) => {
      await writeSettings(conn, applyUpdate(await readSettings(conn), update));
      return readState(conn, model);
    });
  }

  /** Makes `version` the one predict uses, and records who changed it and why. */
  async activate(modelId: string, version: number, kind: VersionChange['kind'], reason: string): Promise<MonitorState> {
    const before = await this.active(modelId);
    await this.registry.activate(modelId, version);
    const at = Date.now();
    const model = await this.active(modelId);
    return withLog(this.dataDir, modelId, async (conn) => {
      await addEvent(conn, 'version', at, { at, version, from: before.activeVersion, kind, reason });
      await closeForVersionChange(conn, version, at);
      // The shadow that became active has nothing to shadow: shadow mode ends.
      const settings = await readSettings(conn);
      if (settings.shadowVersion === version) await writeSettings(conn, { ...settings, shadowVersion: null });
      return readState(conn, model);
    });
  }

  /**
   * Trains a challenger in the trainer worker; it becomes active only when it beats the champion by the margin.
   * `signal` stops it (the person's Cancel): nothing is registered and the active version stays. `onEvent` hears
   * the challenger's training as it goes.
   */
  async retrain(
    jobs: TrainerJobs,
    modelId: string,
    dataPath: string,
    mode: RetrainMode,
    appVersion: string,
    budgetSeconds?: number,
    signal?: AbortSignal,
    onEvent?: (event: TrainingEvent) => void,
  ): Promise<{ result: ChallengeResult; state: MonitorState }> {
    this.monitored(await this.active(modelId));
    const input = { dataDir: this.dataDir, modelId, dataPath, mode, appVersion, budgetSeconds };
    const result = await jobs.request('retrain', input, { signal, onEvent });
    return { result, state: await this.state(modelId) };
  }

  /** Back to the version that was active before the newest change (or the one given). */
  async rollback(modelId: string, version?: number, reason?: string): Promise<MonitorState> {
    const state = await this.state(modelId);
    const target =
      version ??
      [...state.history].reverse().find((h) => h.version === state.activeVersion && h.from !== null)?.from ??
      null;
    if (target === null || target === state.activeVersion)
      throw new CodedError(
        'invalid-input',
        `Nothing to roll back to: version ${state.activeVersion} of '${modelId}' was not promoted over another. Name the version to make active.`,
      );
    return this.activate(modelId, target, 'rollback', reason ?? `Rolled back from version ${state.activeVersion}.`);
  }
}
