/** A real graphql-ws client over a real socket, and helpers to await its events. */
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';

export function wsClient(url: string, connectionParams: Record<string, unknown> = {}): Client {
  return createClient({ url, webSocketImpl: WebSocket, connectionParams, lazy: false, retryAttempts: 0, onNonLazyError: () => {} });
}

/** Resolves when the server acknowledges the connection, rejects with the close event otherwise. */
export function connected(client: Client): Promise<void> {
  return new Promise((resolve, reject) => {
    const offConnected = client.on('connected', () => {
      offConnected();
      offClosed();
      resolve();
    });
    const offClosed = client.on('closed', (event) => {
      offConnected();
      offClosed();
      reject(event);
    });
  });
}

/** Runs one query or mutation over the socket. */
export function wsRequest<T = any>(
  client: Client,
  query: string,
  variables?: Record<string, unknown>,
): Promise<{ data?: T; errors?: any[] }> {
  return new Promise((resolve, reject) => {
    let result: any;
    client.subscribe(
      { query, variables },
      {
        next: (value) => (result = value),
        error: (err) => (Array.isArray(err) ? resolve({ errors: err }) : reject(err)),
        complete: () => resolve(result),
      },
    );
  });
}

export interface Collector<T = any> {
  events: T[];
  errors: unknown[];
  /** Resolves once `count` events have arrived in all (rejects on a subscription error). */
  until(count: number): Promise<T[]>;
  done: Promise<void>;
  stop(): void;
}

/** Subscribes and collects every event the server pushes. */
export function collect<T = any>(client: Client, query: string, variables?: Record<string, unknown>): Collector<T> {
  const events: T[] = [];
  const errors: unknown[] = [];
  const waiters: { count: number; resolve: (v: T[]) => void; reject: (e: unknown) => void }[] = [];
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const check = () => {
    for (const w of [...waiters])
      if (events.length >= w.count) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(events.slice(0, w.count));
      }
  };
  const stop = client.subscribe<T>(
    { query, variables },
    {
      next: (value) => {
        if (value.errors) errors.push(...value.errors);
        if (value.data) events.push(Object.values(value.data as object)[0] as T);
        check();
      },
      error: (err) => {
        errors.push(err);
        for (const w of waiters.splice(0)) w.reject(err);
        finish();
      },
      complete: () => finish(),
    },
  );
  return {
    events,
    errors,
    done,
    stop,
    until(count) {
      if (events.length >= count) return Promise.resolve(events.slice(0, count));
      if (errors.length) return Promise.reject(errors[0]);
      return new Promise((resolve, reject) => waiters.push({ count, resolve, reject }));
    },
  };
}

/** Resolves with the close event (its `code` and `reason`) when the socket closes. */
export function closeOf(client: Client): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    const off = client.on('closed', (event) => {
      off();
      resolve(event as { code: number; reason: string });
    });
  });
}
