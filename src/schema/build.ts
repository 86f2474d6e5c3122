import 'reflect-metadata';
import './enums';
import { buildSchema } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { resolvers } from '../resolvers';
import { authChecker } from '../auth/auth-checker';
import type { Events } from '../pubsub/events';

/** Builds the executable schema. `events` is the pub/sub engine subscriptions listen on. */
export function buildTrackerSchema(events?: Events): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    authChecker,
    authMode: 'error',
    validate: false,
    pubSub: events,
    emitSchemaFile: false,
  });
}
