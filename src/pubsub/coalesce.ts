/**
 * Turns a stream of triggers into at most one recomputed value per interval: the first
 * trigger after a quiet interval pushes at once, a burst inside the interval pushes once at its
 * end, and a value equal to the last one pushed is not pushed again.
 */
import { Repeater } from '@graphql-yoga/subscription';
import type { Clock } from '../domain/clock';

export interface CoalesceOptions<T> {
  triggers: AsyncIterable<unknown>;
  compute: () => Promise<T>;
  clock: Clock;
  intervalMs: number;
  /** Push the current value once at the start. */
  initial?: boolean;
}

export function coalesced<T>({ triggers, compute, clock, intervalMs, initial = true }: CoalesceOptions<T>): AsyncIterableIterator<T> {
  return new Repeater<T>(async (push, stop) => {
    let lastPushAt = -Infinity;
    let lastValue: string | undefined;
    let cancelTimer: (() => void) | null = null;
    let running = Promise.resolve();

    const emit = () => {
      cancelTimer = null;
      running = running
        .then(async () => {
          lastPushAt = clock.now().getTime();
          const value = await compute();
          const json = JSON.stringify(value);
          if (json !== lastValue) {
            lastValue = json;
            await push(value);
          }
        })
        .catch((err) => stop(err));
    };

    const trigger = () => {
      if (cancelTimer) return; // a push is already scheduled for the end of this interval
      const wait = lastPushAt + intervalMs - clock.now().getTime();
      if (wait <= 0) emit();
      else cancelTimer = clock.schedule(emit, wait);
    };

    if (initial) emit();
    const iterator = triggers[Symbol.asyncIterator]();
    stop.then(() => {
      cancelTimer?.();
      void iterator.return?.();
    });
    try {
      for (;;) {
        const result = await Promise.race([iterator.next(), stop.then(() => ({ done: true }) as IteratorResult<unknown>)]);
        if (result.done) break;
        trigger();
      }
    } catch (err) {
      stop(err);
      return;
    }
    stop();
  });
}
