/**
 * Live updates over the API's own WebSocket (graphql-ws protocol, same URL as /graphql), with
 * graphql-ws's browser client served from node_modules. The client reconnects by itself after a
 * dropped connection and sends every subscription again; the status-change subscription then
 * resumes from the last sequence seen (`after`), so no change is missed and none repeats.
 */
import { createClient } from '/vendor/graphql-ws/dist/client.js';
import { GRAPHQL_PATH } from './api.js';
import { currentToken } from './session.js';

/**
 * One connection for the page. `onState` hears 'connecting', 'live' and 'reconnecting', for the
 * indicator; `onReconnected` runs after a connection that replaced a dropped one.
 */
export function connectLive({ onState = () => {}, onReconnected = () => {} } = {}) {
  const url = new URL(GRAPHQL_PATH, window.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  let dropped = false;
  const client = createClient({
    url: url.href,
    lazy: false,
    // Read when each connection opens: the token travels in the connection's first message.
    connectionParams: () => {
      const token = currentToken();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    keepAlive: 10_000,
    retryAttempts: Infinity,
    // Any close is worth another try (a restarting server closes with 1001 or 1012).
    shouldRetry: () => true,
    // 0.5 s, 1 s, 2 s … at most 10 s between attempts.
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 500 * 2 ** retries))),
    onNonLazyError: () => {},
    on: {
      connecting: () => onState(dropped ? 'reconnecting' : 'connecting'),
      connected: () => {
        onState('live');
        if (dropped) onReconnected();
        dropped = false;
      },
      closed: () => {
        dropped = true;
        onState('reconnecting');
      },
    },
  });
  return client;
}

const STATS_SUBSCRIPTION = `subscription DashboardStats($filter: CommitmentFilter, $groupBy: [StatsDimension!]!) {
  commitmentStatsChanged(filter: $filter, groupBy: $groupBy) {
    total bucketSum
    buckets { count keys { dimension value label } }
    subtotals { count bucketSum key { dimension value label } }
  }
}`;

/** commitmentStats grouped by `groupBy`: now, and again whenever it changes. */
export function subscribeStats(client, filter, groupBy, onStats) {
  return client.subscribe(
    { query: STATS_SUBSCRIPTION, variables: { filter, groupBy } },
    { next: (result) => result.data && onStats(result.data.commitmentStatsChanged), error: () => {}, complete: () => {} },
  );
}

/**
 * Every status change matching the filter after sequence `after`. The payload object is kept and
 * its `after` moved forward on each event: graphql-ws sends the same payload object again when
 * it resubscribes after a reconnect, so the server replays exactly what was missed.
 */
export function subscribeStatusChanges(client, filter, after, fields, onEvent) {
  const payload = {
    query: `subscription LiveStatusChanges($filter: EventFilter, $after: Int) {
      commitmentStatusChanged(filter: $filter, after: $after) { sequence statusChange { ${fields} } }
    }`,
    variables: { filter, after },
  };
  return client.subscribe(payload, {
    next: (result) => {
      const event = result.data?.commitmentStatusChanged;
      if (!event) return;
      if (typeof event.sequence === 'number' && event.sequence > (payload.variables.after ?? 0)) payload.variables.after = event.sequence;
      onEvent(event);
    },
    error: () => {},
    complete: () => {},
  });
}
