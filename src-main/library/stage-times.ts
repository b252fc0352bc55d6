// Where indexing time goes: busy milliseconds per pipeline stage. Stages overlap (several files
// decode while a batch runs through the model), so the busy times add up to more than the wall
// clock; each one against the wall clock says which stage is the bottleneck.

/** The stages of indexing one photo, in pipeline order. */
export const STAGES = ['read', 'hash', 'decode', 'preprocess', 'inference', 'store', 'indexInsert', 'progress', 'duplicates', 'tagging'] as const;
export type Stage = (typeof STAGES)[number];

/** Busy ms per stage (performance.now() differences), plus the run's wall-clock ms. */
export type StageTimes = Record<Stage, number> & { wall: number };

export class StageClock {
  private readonly busy = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
  private readonly started = performance.now();

  /** Runs `fn`, adding its duration to `stage`. */
  time<T>(stage: Stage, fn: () => T): T {
    const t = performance.now();
    try {
      return fn();
    } finally {
      this.busy[stage] += performance.now() - t;
    }
  }

  /** The same for an async step: its time from start to settlement. */
  async timeAsync<T>(stage: Stage, fn: () => Promise<T>): Promise<T> {
    const t = performance.now();
    try {
      return await fn();
    } finally {
      this.busy[stage] += performance.now() - t;
    }
  }

  /** A copy of the totals so far, in ms. */
  snapshot(): StageTimes {
    return { ...this.busy, wall: performance.now() - this.started };
  }
}
