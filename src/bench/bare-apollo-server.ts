/**
 * The read bench's peer for the small query: Apollo Server 5 on its standalone node:http server,
 * a hand-written schema and resolver over the `sqlite3` package, nothing else. Run as its own
 * process (`node bare-apollo-server.js <database> <port>`) so its CPU can be read apart.
 */
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import sqlite3 from 'sqlite3';

const [databasePath, portArg] = process.argv.slice(2);
const db = new sqlite3.Database(databasePath, sqlite3.OPEN_READONLY);

const typeDefs = `#graphql
  type Source { code: String! name: String! }
  type SourceEdge { node: Source! }
  type SourceConnection { edges: [SourceEdge!]! }
  type Query { sources(first: Int): SourceConnection! }
`;

const resolvers = {
  Query: {
    sources: (_: unknown, args: { first?: number }) =>
      new Promise((resolve, reject) =>
        db.all(
          `select code, name from source where archived_at is null order by coalesce(start_date, '9999') || ' ' || code limit ?`,
          [args.first ?? 20],
          (err, rows) => (err ? reject(err) : resolve({ edges: rows.map((node) => ({ node })) })),
        ),
      ),
  },
};

async function main(): Promise<void> {
  const server = new ApolloServer({ typeDefs, resolvers });
  await startStandaloneServer(server, { listen: { port: Number(portArg), host: '127.0.0.1' } });
  process.send?.('ready');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
