/**
 * Time is injected so that rules and tests that depend on it never sleep or read the wall
 * clock: `now()` for dates, `schedule()` for timers (coalescing pushes).
 */
export interface Clock {
  now(): Date;
  /** Runs `fn` after `ms`; returns a function that cancels it. */
  schedule(fn: () => void, ms: number): () => void;
}

export const systemClock: Clock = {
  now: () => new Date(),
  schedule(fn, ms) {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};

/** A clock that only moves when told to, firing the timers it passes: for tests. */
export class ManualClock implements Clock {
  private timers: { at: number; fn: () => void }[] = [];

  constructor(private current: Date) {}

  now(): Date {
    return new Date(this.current.getTime());
  }

  schedule(fn: () => void, ms: number): () => void {
    const timer = { at: this.current.getTime() + ms, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  set(instant: Date | string): void {
    this.moveTo(new Date(instant).getTime());
  }

  advance(ms: number): void {
    this.moveTo(this.current.getTime() + ms);
  }

  /** Timers not yet fired. */
  get pendingTimers(): number {
    return this.timers.length;
  }

  private moveTo(time: number): void {
    this.current = new Date(time);
    const due = this.timers.filter((t) => t.at <= time).sort((a, b) => a.at - b.at);
    this.timers = this.timers.filter((t) => t.at > time);
    for (const t of due) t.fn();
  }
}
