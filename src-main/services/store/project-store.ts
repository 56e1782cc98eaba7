import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { CodedError } from '@shared/errors';
import { isProjectId, PROJECT_ID_RULE } from '@shared/ids';
import type { AppEvent } from '@shared/events';
import type { ProjectState, ProjectSummary } from '@shared/project';
import { projectSummary } from './project-summary';
import { STAGES, type StageId, type StageState } from '@shared/stages';
import { writeFileAtomic } from './atomic-write';

/** Project ids come from the UI and the CLI: only this shape may become a folder name. */
export function assertProjectId(id: string): void {
  if (!isProjectId(id)) {
    throw new CodedError('invalid-id', `'${String(id).slice(0, 80)}' is not a project id. ${PROJECT_ID_RULE}`);
  }
}

export function freshStages(): Record<StageId, StageState> {
  return Object.fromEntries(STAGES.map((s) => [s, { status: 'pending' }])) as Record<StageId, StageState>;
}

/** Projects on disk: `<dataDir>/projects/<id>/project.json` (atomic writes), `data/`, `artifacts/`, `events.jsonl`. */
export class ProjectStore {
  constructor(readonly dataDir: string) {}

  get root(): string {
    return join(this.dataDir, 'projects');
  }

  dir(id: string): string {
    assertProjectId(id);
    return join(this.root, id);
  }

  async create(name: string, goal: string): Promise<ProjectState> {
    const now = Date.now();
    const id = `p-${now.toString(36)}-${randomUUID().slice(0, 8)}`;
    const state: ProjectState = { id, name, goal, createdAt: now, updatedAt: now, stages: freshStages() };
    await mkdir(join(this.dir(id), 'data'), { recursive: true });
    await this.save(state);
    return state;
  }

  async save(state: ProjectState): Promise<void> {
    state.updatedAt = Date.now();
    await writeFileAtomic(join(this.dir(state.id), 'project.json'), JSON.stringify(state, null, 1));
  }

  async load(id: string): Promise<ProjectState> {
    const file = join(this.dir(id), 'project.json');
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      throw new CodedError(
        'project-not-found',
        `Project '${id}' was not found. It may have been deleted; open another from the project list.`,
      );
    }
    return JSON.parse(text) as ProjectState;
  }

  async list(): Promise<ProjectSummary[]> {
    let ids: string[] = [];
    try {
      ids = (await readdir(this.root)).filter(isProjectId);
    } catch {
      return [];
    }
    const out: ProjectSummary[] = [];
    for (const id of ids) {
      try {
        out.push(projectSummary(await this.load(id)));
      } catch {
        // A half-written or foreign folder is not a project; skip it.
      }
    }
    return out.sort((a, b) => b.updatedAt - a.updatedAt);
  }

  async delete(id: string): Promise<void> {
    await this.load(id);
    await rm(this.dir(id), { recursive: true, force: true });
  }

  /** Appends to the project's event log (one JSON line per event). */
  async logEvent(event: AppEvent): Promise<void> {
    // Chatty; the summary keeps what matters.
    if (event.type === 'METRIC_SCALAR' || event.type === 'TRAIN_PROGRESS' || event.type === 'JOB_PROGRESS') return;
    await appendFile(join(this.dir(event.projectId), 'events.jsonl'), JSON.stringify(event) + '\n');
  }
}
