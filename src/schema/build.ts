import 'reflect-metadata';
import './enums';
import { buildSchema } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { resolvers } from '../resolvers';
import { authChecker } from '../auth/auth-checker';
import { createEvents } from '../pubsub/events';
import { validateArgument } from './validate-args';

/**
 * Builds the executable schema. Every subscription brings its own `subscribe` (replay, filters,
 * per-event permissions) and reads the bus from its context; type-graphql still insists on a
 * pubSub, so it gets an idle one.
 */
export function buildTrackerSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    authChecker,
    authMode: 'error',
    validate: false,
    // Filters are checked (list sizes, text, country and other codes) before any resolver runs.
    validateFn: validateArgument,
    pubSub: createEvents(),
    emitSchemaFile: false,
  });
}
