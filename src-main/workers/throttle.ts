import type { EngineEvent } from '@shared/events';

/**
 * The one throttle of the event stream (engine code reports every step through engine/util/progress.ts and does not
 * throttle): keeps chatty event streams near one message per `intervalMs`:
 * TRAIN_PROGRESS of a new step (message or model) is sent at once, repeated reports of one step keep only the
 * latest (progress never runs backwards: a lower fraction is raised), and so does
 * JOB_PROGRESS per job (its reporter already keeps the fraction from running backwards; a new job flushes the last),
 * METRIC_SCALAR points are buffered and flushed together; every other event flushes the buffer first
 * and passes straight through, so boundaries always arrive in order.
 * LEADERBOARD_UPDATED (the whole sorted leaderboard) is sent at once when none went out in the last `leaderboardMs`,
 * else the latest is kept and sent when that second ends, and at the job's end (`flush`): each finished model also sends its own row (TRAIN_RUN_FINISHED, which the
 * renderer adds), and a search of ~1,000 quick models on a small table sent ~1,000 copies of a growing board
 * (Insurance, 64 rows, 15 s: a 240 MB event log and 4 s of the main process's CPU).
 */
export function createEventThrottle<E extends EngineEvent>(
  send: (event: E) => void,
  intervalMs = 100,
  leaderboardMs = 1000,
) {
  let pendingProgress: E | null = null;
  let pendingJob: E | null = null;
  let pendingBoard: E | null = null;
  let scalars: E[] = [];
  let lastFraction = 0;
  let lastMessage: string | undefined;
  let lastModelId: string | undefined;
  let timer: NodeJS.Timeout | null = null;
  let boardTimer: NodeJS.Timeout | null = null;

  const sendBoard = () => {
    if (boardTimer) clearTimeout(boardTimer);
    boardTimer = null;
    if (pendingBoard) send(pendingBoard);
    pendingBoard = null;
  };
  /** The end of a board's quiet second: the latest board held back goes out and starts another quiet second. */
  const boardQuietEnds = () => {
    boardTimer = null;
    if (!pendingBoard) return;
    flushStream();
    sendBoard();
    boardTimer = setTimeout(boardQuietEnds, leaderboardMs);
  };
  const flushStream = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    for (const s of scalars) send(s);
    scalars = [];
    if (pendingProgress) send(pendingProgress);
    pendingProgress = null;
    if (pendingJob) send(pendingJob);
    pendingJob = null;
  };
  const schedule = () => {
    if (!timer) timer = setTimeout(flushStream, intervalMs);
  };
  /** Everything held back, the leaderboard last (the job's end). */
  const flush = () => {
    flushStream();
    sendBoard();
  };

  return {
    push(event: E) {
      if (event.type === 'TRAIN_PROGRESS') {
        const fraction = Math.min(1, Math.max(lastFraction, event.payload.fraction));
        lastFraction = fraction;
        const progress = { ...event, payload: { ...event.payload, fraction } };
        // A new step (another model, or blending after the search) goes out at once: held back, it waited for a
        // timer that the next model's synchronous fit kept from firing, and the training screen said "Training
        // Linear regression · Now: Linear regression" while Linear and Ridge were done and boosting was running.
        // Repeated reports of the same step (its fraction moving) are still kept to the latest.
        if (event.payload.message !== lastMessage || event.payload.modelId !== lastModelId) {
          lastMessage = event.payload.message;
          lastModelId = event.payload.modelId;
          flushStream();
          send(progress);
          return;
        }
        pendingProgress = progress;
        schedule();
      } else if (event.type === 'JOB_PROGRESS') {
        if (pendingJob?.type === 'JOB_PROGRESS' && pendingJob.payload.job !== event.payload.job) flushStream();
        pendingJob = event;
        schedule();
      } else if (event.type === 'METRIC_SCALAR') {
        scalars.push(event);
        // Bound memory if the engine floods faster than we flush.
        if (scalars.length > 2000) scalars = scalars.filter((_, i) => i % 2 === 0);
        schedule();
      } else if (event.type === 'LEADERBOARD_UPDATED') {
        // The first board of a quiet second goes out at once (the screen learns the ranking metric with the first
        // finished model, not a second later: its scores read "–" until then); later ones keep the latest.
        pendingBoard = event;
        if (!boardTimer) {
          flushStream();
          sendBoard();
          boardTimer = setTimeout(boardQuietEnds, leaderboardMs);
        }
      } else {
        flushStream();
        send(event);
      }
    },
    flush,
  };
}
