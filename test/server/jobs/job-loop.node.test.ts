import { describe, expect, it } from 'vitest';
import { createJobLoop, type JobLoopOptions } from '../../../server/src/jobs/job-loop';
import { repeatEvery } from '../../../server/src/jobs/job-timers';
import { createManualClock } from '../../register/support/manual-clock';
import { recordingLogger } from '../../support/job-context';

// The job lifecycle on a manual clock: timers fire only when the test advances it, and a pass's promise chain is
// let run to its end with one macrotask turn (nothing here does real I/O).
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function harness(overrides: Partial<JobLoopOptions<number>> = {}) {
  const clock = createManualClock();
  const { logger, records: lines } = recordingLogger();
  const runs: number[] = []; // monotonic time of each pass
  let failNext = 0;
  let next = 1_000;
  const loop = createJobLoop<number>({
    name: 'test job',
    timers: clock,
    logger,
    random: () => 0.5, // jitter lands on the middle: the policy's own delay
    runOnce: async () => {
      runs.push(clock.monotonic());
      if (failNext > 0) {
        failNext -= 1;
        throw new Error('database unreachable');
      }
      return runs.length;
    },
    nextDelay: () => next,
    failureBackoff: { firstMs: 100, maxMs: 400, jitter: 0.2 },
    ...overrides,
  });
  const t0 = clock.monotonic();
  return {
    clock,
    loop,
    lines,
    runs: () => runs.map((at) => at - t0),
    failTimes: (n: number) => (failNext = n),
    nextDelayIs: (ms: number) => (next = ms),
    /** Advances the clock in steps of `step` ms up to `ms`, letting each pass that fires end before the next step. */
    async advance(ms: number, step = 50) {
      for (let done = 0; done < ms; done += step) {
        clock.advance(Math.min(step, ms - done));
        await settle();
      }
    },
  };
}

describe('createJobLoop on a manual clock', () => {
  it('start runs the first pass at once and resolves after it; the next pass comes after nextDelay, then again', async () => {
    const job = harness();
    await job.loop.start();
    expect(job.runs()).toEqual([0]);
    await job.advance(999, 1);
    expect(job.runs()).toEqual([0]);
    await job.advance(1, 1);
    expect(job.runs()).toEqual([0, 1_000]);
    await job.advance(2_000);
    expect(job.runs()).toEqual([0, 1_000, 2_000, 3_000]);
    await job.loop.stop();
  });

  it('firstDelayMs: start arms the first pass instead of running it', async () => {
    const job = harness({ firstDelayMs: 30_000 });
    await job.loop.start();
    expect(job.runs()).toEqual([]);
    await job.advance(30_000, 1_000);
    expect(job.runs()).toEqual([30_000]);
    await job.loop.stop();
  });

  it('wake brings the next pass forward and never puts it off; a wake before start does nothing', async () => {
    const job = harness();
    job.loop.wake(0);
    await settle();
    expect(job.runs()).toEqual([]);
    job.nextDelayIs(5_000);
    await job.loop.start(); // armed at 5,000
    job.loop.wake(300);
    job.loop.wake(4_000); // later than the armed pass: ignored
    await job.advance(300, 10);
    expect(job.runs()).toEqual([0, 300]);
    job.loop.wake(60_000);
    await job.advance(5_000, 100);
    expect(job.runs()).toEqual([0, 300, 5_300]);
    await job.loop.stop();
  });

  it('a wake during a pass gives the next pass right after it, not after nextDelay', async () => {
    let release = () => {};
    const clock = createManualClock();
    const runs: number[] = [];
    const loop = createJobLoop<number>({
      name: 'slow job',
      timers: clock,
      logger: recordingLogger().logger,
      runOnce: () => {
        runs.push(clock.monotonic());
        return runs.length === 1 ? new Promise<number>((resolve) => (release = () => resolve(1))) : Promise.resolve(runs.length);
      },
      nextDelay: () => 10_000,
      failureBackoff: { firstMs: 100, maxMs: 100 },
    });
    const started = loop.start();
    loop.wake(0); // work was queued while the first pass was under way
    release();
    await started;
    clock.advance(0);
    await settle();
    expect(runs.map((at) => at - runs[0]!)).toEqual([0, 0]);
    await loop.stop();
  });

  it('a failing pass is logged at error level and tried again on the failure backoff (growing), a success resets it', async () => {
    const job = harness();
    job.failTimes(3);
    await job.loop.start();
    await job.advance(100 + 200 + 400, 10);
    expect(job.runs()).toEqual([0, 100, 300, 700]);
    expect(job.lines.filter((line) => line.level === 'error')).toEqual([
      { level: 'error', fields: { job: 'test job', failures: 1, err: 'database unreachable' }, message: 'test job: pass failed' },
      { level: 'error', fields: { job: 'test job', failures: 2, err: 'database unreachable' }, message: 'test job: pass failed' },
      { level: 'error', fields: { job: 'test job', failures: 3, err: 'database unreachable' }, message: 'test job: pass failed' },
    ]);
    job.failTimes(1);
    await job.advance(1_000 + 100, 10);
    expect(job.runs()).toEqual([0, 100, 300, 700, 1_700, 1_800]); // the backoff started over at 100
    await job.loop.stop();
  });

  it('the failure backoff carries its jitter from the injected random source', async () => {
    const job = harness({ random: () => 0 });
    job.failTimes(1);
    await job.loop.start();
    await job.advance(79, 1);
    expect(job.runs()).toEqual([0]);
    await job.advance(1, 1);
    expect(job.runs()).toEqual([0, 80]); // 100 ms −20 %
    await job.loop.stop();
  });

  it('a nextDelay that throws counts as a failed pass', async () => {
    const job = harness({
      nextDelay: () => {
        throw new Error('cannot read the next deadline');
      },
    });
    await job.loop.start();
    expect(job.lines.map((line) => [line.level, line.fields.err])).toEqual([['error', 'cannot read the next deadline']]);
    await job.loop.stop();
  });

  it('runNow waits for the pass under way, then runs its own and answers its result or its error', async () => {
    const job = harness();
    expect(await job.loop.runNow()).toBe(1); // before start: runs, arms nothing
    expect(job.clock.pending()).toBe(0);
    await job.loop.start();
    expect(await job.loop.runNow()).toBe(3);
    job.failTimes(1);
    await expect(job.loop.runNow()).rejects.toThrow('database unreachable');
    await job.loop.stop();
  });

  it('stop clears the timer, waits for the pass under way, and no pass runs after it', async () => {
    const job = harness();
    await job.loop.start();
    expect(job.clock.pending()).toBe(1);
    await job.loop.stop();
    expect(job.clock.pending()).toBe(0);
    job.loop.wake(0);
    await job.advance(10_000, 1_000);
    expect(job.runs()).toEqual([0]);
    expect(job.lines).toEqual([]);
  });
});

describe('repeatEvery', () => {
  it('calls back every interval on the given timers until stopped', () => {
    const clock = createManualClock();
    let calls = 0;
    const stop = repeatEvery(clock, 20_000, () => (calls += 1));
    clock.advance(59_999);
    expect(calls).toBe(2);
    clock.advance(1);
    expect(calls).toBe(3);
    stop();
    clock.advance(100_000);
    expect(calls).toBe(3);
    expect(clock.pending()).toBe(0);
  });
});
