import type { AppEvent, EngineEvent } from '@shared/events';

/** Stamps engine events with project id, run id, an increasing seq and a timestamp. One stamper per project run. */
export class EventStamper {
  private seq = 0;
  readonly runId: string;

  constructor(
    readonly projectId: string,
    private readonly sink: (event: AppEvent) => void,
  ) {
    this.runId = `${projectId}.${Date.now().toString(36)}`;
  }

  emit = (event: EngineEvent): void => {
    this.seq += 1;
    this.sink({ ...event, projectId: this.projectId, runId: this.runId, seq: this.seq, ts: Date.now() } as AppEvent);
  };
}
