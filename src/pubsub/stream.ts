/**
 * One subscriber's stream: missed events replayed from the database, then live ones, with no
 * gap and no duplicate across the switch. Live events are buffered from before the replay
 * query runs, and everything at or below the last sequence already sent is dropped.
 */
import { Repeater } from '@graphql-yoga/subscription';
import type { TrackerEvent } from './events';

export interface StreamOptions {
  live: AsyncIterable<TrackerEvent>;
  /** Pages of the events after `after`, oldest first; started once the live buffer is listening. */
  replay?: () => AsyncIterable<TrackerEvent[]>;
  /** Which events this subscriber wants (filters and per-event permission checks). */
  accept: (event: TrackerEvent) => Promise<boolean> | boolean;
}

export function eventStream({ live, replay, accept }: StreamOptions): AsyncIterableIterator<TrackerEvent> {
  return new Repeater<TrackerEvent>(async (push, stop) => {
    const iterator = live[Symbol.asyncIterator]();
    let lastSent = 0;
    const send = async (event: TrackerEvent) => {
      if (event.sequence !== null) {
        if (event.sequence <= lastSent) return;
        lastSent = event.sequence;
      }
      if (await accept(event)) await push(event);
    };
    // Start listening (the pub/sub buffers from here), then read what was missed.
    const pending: Promise<IteratorResult<TrackerEvent>> = iterator.next();
    let done = false;
    stop.then(() => {
      done = true;
      void iterator.return?.();
    });
    try {
      if (replay) for await (const page of replay()) for (const event of page) await send(event);
      let next = pending;
      while (!done) {
        const result = await Promise.race([next, stop.then(() => ({ done: true, value: undefined }) as IteratorResult<TrackerEvent>)]);
        if (result.done) break;
        await send(result.value);
        next = iterator.next();
      }
    } catch (err) {
      stop(err);
      return;
    }
    stop();
  });
}
