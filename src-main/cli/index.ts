import { describeModels } from './describe-models';
import { localeFromPosix, setLocale } from '@shared/locale';
import { CodedError } from '@shared/errors';
import { plainError } from '@shared/plain-error';
import type { AppEvent } from '@shared/events';
import { parseCommandArgs, USAGE } from './args';
import { createCliContext } from './cli-context';
import {
  describePlan,
  describeRun,
  modelsCommand,
  notes,
  planCommand,
  predictCommand,
  profileCommand,
  runCommand,
} from './commands';
import {
  ALERT_EXIT,
  describeFeedback,
  describeMonitor,
  feedbackCommand,
  monitorCommand,
  retrainCommand,
  rollbackCommand,
  describeChallenge,
} from './monitor-commands';

/** `automl`: the conductor headless, stages auto-confirmed. Exit 0 on success; on bad input one clear line and 1. */
async function main(argv: string[]): Promise<number> {
  // The report's numbers follow the terminal's locale (LC_ALL, LC_NUMERIC, LANG); English for C/POSIX.
  setLocale(localeFromPosix(process.env.LC_ALL || process.env.LC_NUMERIC || process.env.LANG));
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const { positionals, flags, help } = parseCommandArgs(rest);
  if (help) {
    console.log(USAGE);
    return 0;
  }
  let lastProgress = 0;
  const onEvent = (event: AppEvent) => {
    if (flags.json && command === 'run') {
      process.stdout.write(JSON.stringify(event) + '\n');
      return;
    }
    if (
      (event.type === 'TRAIN_PROGRESS' || event.type === 'JOB_PROGRESS') &&
      Date.now() - lastProgress > 1000 &&
      process.stderr.isTTY
    ) {
      lastProgress = Date.now();
      const { fraction, message } = event.payload;
      const pct = fraction === null ? '' : `${Math.round(fraction * 100)}% `;
      process.stderr.write(`\r${pct}${message}`.padEnd(80).slice(0, 80));
    }
  };
  /** Ends the progress line (on stderr) before a command prints its result. */
  const endProgressLine = () => {
    if (lastProgress > 0 && process.stderr.isTTY) process.stderr.write('\n');
    lastProgress = 0;
  };
  const ctx = createCliContext(onEvent, interrupt.signal);
  const need = (i: number, what: string) => {
    const v = positionals[i];
    if (!v) throw new CodedError('invalid-input', `Missing ${what}. Run 'automl --help' for usage.`);
    return v;
  };

  switch (command) {
    case 'run': {
      const { state, zipPath } = await runCommand(ctx, need(0, 'the data to train on'), flags, (line) =>
        process.stderr.write(`${line}\n`),
      );
      if (process.stderr.isTTY) process.stderr.write('\n');
      if (!flags.json) console.log(describeRun(state, zipPath));
      return 0;
    }
    case 'plan': {
      const plan = await planCommand(ctx, need(0, 'the data to plan for'), flags);
      console.log(flags.json ? JSON.stringify(plan) : describePlan(plan));
      return 0;
    }
    case 'profile': {
      const profile = await profileCommand(ctx, need(0, 'the data to profile'));
      endProgressLine();
      if (flags.json) console.log(JSON.stringify(profile));
      else {
        console.log(`${profile.rows} rows, ${profile.columns.length} columns`);
        for (const c of profile.columns)
          console.log(`  ${c.name.padEnd(30)} ${c.kind.padEnd(12)} missing ${(c.missingPct * 100).toFixed(1)}%`);
        // The warnings the Profile screen shows (a date written twice, leakage, numbers read as text...).
        for (const line of notes(profile.warnings)) console.log(line);
      }
      return 0;
    }
    case 'predict': {
      const result = await predictCommand(
        ctx,
        need(0, 'a bundle.zip or model id'),
        need(1, 'the data to score'),
        flags.out,
        flags.horizon,
        flags.explain,
        flags.keep,
      );
      endProgressLine();
      console.log(`Wrote ${result.rows} rows to ${result.outputPath}`);
      if (result.effects) console.log(result.effects);
      if (result.note) console.error(`Note: ${result.note}`);
      for (const a of result.monitor?.opened ?? []) console.error(`Alert: ${a.message}`);
      return 0;
    }
    case 'models': {
      const out = await modelsCommand(ctx, positionals[0], positionals[1]);
      const listed = (positionals[0] ?? 'list') === 'list' && Array.isArray(out) && !flags.json;
      console.log(listed ? describeModels(out) : JSON.stringify(out, null, 2));
      return 0;
    }
    case 'monitor': {
      const state = await monitorCommand(ctx, need(0, 'a model id'), flags);
      console.log(flags.json ? JSON.stringify(state) : describeMonitor(state));
      return state.alerts.length ? ALERT_EXIT : 0;
    }
    case 'feedback': {
      const out = await feedbackCommand(ctx, need(0, 'a model id'), need(1, 'the outcomes file'), flags);
      console.log(flags.json ? JSON.stringify(out) : `${describeFeedback(out.report)}\n${describeMonitor(out.state)}`);
      return 0;
    }
    case 'retrain': {
      const out = await retrainCommand(ctx, need(0, 'a model id'), need(1, 'the new labelled data'), flags);
      if (process.stderr.isTTY) process.stderr.write('\n');
      console.log(flags.json ? JSON.stringify(out) : describeChallenge(out.result));
      return 0;
    }
    case 'rollback': {
      const state = await rollbackCommand(ctx, need(0, 'a model id'), positionals[1], flags);
      console.log(
        flags.json ? JSON.stringify(state) : `Version ${state.activeVersion} of ${state.modelId} is active again.`,
      );
      return 0;
    }
    default:
      throw new CodedError(
        'invalid-input',
        `Unknown command '${command}'. Commands: run, plan, predict, profile, models, monitor, feedback, retrain, rollback.`,
      );
  }
}

/**
 * Exits once everything written to stdout and stderr has reached the OS. Writes to a pipe are asynchronous in
 * Node, so a bare process.exit() after a large write cuts it (`plan --json | jq` stopped at 64-128 KiB).
 * Stream callbacks run in write order: when an empty write's callback fires, every earlier write is out.
 */
function exitWhenWritten(code: number): void {
  process.exitCode = code;
  let open = 2;
  const done = (): void => {
    open -= 1;
    if (open === 0) process.exit(code);
  };
  for (const stream of [process.stdout, process.stderr]) {
    if (stream.destroyed || !stream.writable) done();
    else stream.write('', done);
  }
}

/**
 * Ctrl-C: the first press cancels the running job (workers stop at their next check and remove what they half-wrote;
 * the project is saved as cancelled, so the app can resume it); a second press quits at once.
 */
const interrupt = new AbortController();
process.on('SIGINT', () => {
  if (interrupt.signal.aborted) return exitWhenWritten(130);
  interrupt.abort();
  process.stderr.write('\nStopping… (press Ctrl-C again to quit at once)\n');
});
// A reader that goes away early (`automl plan --json | head -c 100`) is not an error of ours.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
});
main(process.argv.slice(2)).then(exitWhenWritten, (err) => {
  const e = plainError(err, {
    code: 'internal',
    message:
      'Something went wrong inside automl. Run it again with AUTOML_DEBUG=1 to see the details, and report them.',
  });
  process.stderr.write(`automl: ${e.message}\n`);
  if (process.env.AUTOML_DEBUG && e.stack) process.stderr.write(`${e.stack}\n`);
  exitWhenWritten(e.code === 'invalid-input' ? 2 : e.code === 'cancelled' || interrupt.signal.aborted ? 130 : 1);
});
