/** A real graphql-ws client over a real socket, and helpers to await its events. */
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';

export function wsClient(url: string, connectionParams: Record<string, unknown> = {}): Client {
  return createClient({ url, webSocketImpl: WebSocket, connectionParams, lazy: false, retryAttempts: 0 });
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
export function wsRequest<T = any>(client: Client, query: string, variables?: Record<string, unknown>): Promise<{ data?: T; errors?: any[] }> {
  return new Promise((resolve, reject) => {
    let result: any;
    client.subscribe({ query, variables }, {
      next: (value) => (result = value),
      error: (err) => (Array.isArray(err) ? resolve({ errors: err }) : reject(err)),
      complete: () => resolve(result),
    });
  });
}
