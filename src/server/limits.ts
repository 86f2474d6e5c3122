/**
 * Query limits, the same over HTTP and WebSocket. Depth, aliases and tokens are checked while
 * parsing and validating (before any resolver or SQL runs); the node count once the variables
 * are known (Apollo's `didResolveOperation`, graphql-ws's `onSubscribe`), so that a page size
 * passed as a variable counts like a literal one. Relay connections add two levels per list
 * (edges, node), so the depth limit admits source → recommendations → commitments → progress
 * updates with room to spare.
 */
import {
  GraphQLError,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import type { AppServices, Context } from './context';
import { createRateLimiter, operationCost } from './rate-limit';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { estimateNodes, type NodeEstimate } from './node-count';
import { checkOperationInput } from './input-check';

export const LIMITS = {
  maxDepth: 16,
  maxAliases: 20,
  maxTokens: 3_000,
} as const;

export const QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX';

/** graphql-armor reports a rejection to these handlers; we turn it into a validation error with our code. */
const reject = {
  propagateOnRejection: false,
  onReject: [
    (context: ValidationContext | null, error: GraphQLError) =>
      context?.reportError(new GraphQLError(error.message.replace(/^Syntax Error: /, ''), { extensions: { code: QUERY_TOO_COMPLEX } })),
  ],
};

/**
 * With INTROSPECTION=false, `__schema` and `__type` are refused (our message names the setting,
 * where Apollo's own rule would tell the client to "pass introspection: true"). `__typename`
 * stays: it reveals nothing the client did not ask for.
 */
const noIntrospection: ValidationRule = (context) => ({
  Field(node) {
    if (node.name.value === '__schema' || node.name.value === '__type') {
      context.reportError(
        new GraphQLError(`Introspection is turned off on this server (INTROSPECTION=false): ${node.name.value} is not available.`, {
          nodes: node,
        }),
      );
    }
  },
});

/** The one list of extra validation rules, shared by the HTTP and WebSocket paths. */
export function validationRulesFor({ introspection }: { introspection: boolean }): ValidationRule[] {
  return [
    maxDepthRule({ n: LIMITS.maxDepth, exposeLimits: true, ignoreIntrospection: true, ...reject }) as ValidationRule,
    maxAliasesRule({ n: LIMITS.maxAliases, exposeLimits: true, ...reject }) as ValidationRule,
    ...(introspection ? [] : [noIntrospection]),
  ];
}

/** Parse options that bound the work of parsing itself. */
export const parseOptions = { maxTokens: LIMITS.maxTokens };

export function isTokenLimitError(error: { message: string }): boolean {
  // graphql-js 16 spells it "more that".
  return /Document contains more tha[nt] \d+ tokens/.test(error.message);
}

const formatCount = (n: number) => n.toLocaleString('en-US');

/**
 * Estimates the nodes an operation may return and refuses it, before it runs, when that is over
 * `maxNodes`: QUERY_TOO_COMPLEX naming the estimate, the limit and the field that multiplies most.
 */
export function checkNodeLimit(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | null | undefined,
  maxNodes: number,
): NodeEstimate | null {
  const estimate = estimateNodes(schema, document, operation, variables);
  if (!estimate || estimate.nodes <= maxNodes) return estimate;
  const heaviest = estimate.heaviest!;
  throw new GraphQLError(
    `The query may return ${formatCount(estimate.nodes)} nodes, over the limit of ${formatCount(maxNodes)} (MAX_NODES). ` +
      `The field that multiplies most is ${heaviest.field} (${heaviest.factors.join(' × ')} = ${formatCount(heaviest.nodes)} nodes): ` +
      `ask for smaller pages with first.`,
    {
      extensions: {
        code: QUERY_TOO_COMPLEX,
        nodes: estimate.nodes,
        limit: maxNodes,
        field: heaviest.field,
        http: { status: 400 },
      },
    },
  );
}

export interface OperationToAdmit {
  schema: GraphQLSchema;
  document: DocumentNode;
  operation: OperationDefinitionNode;
  variables: Record<string, unknown> | null | undefined;
  /** The rate limit's key (see clientKey). */
  client: string;
}

/**
 * The checks that need the variables, for HTTP (an Apollo plugin) and WebSocket (ws.ts calls
 * `admit`) alike: the input values (input-check.ts), the node count, then the rate limit,
 * charged with the operation's cost.
 */
export function createOperationLimits(services: AppServices) {
  const { config, clock, logger } = services;
  const rateLimiter = createRateLimiter({ limit: config.rateLimit, redisUrl: config.redisUrl, clock, logger });

  async function admit({ schema, document, operation, variables, client }: OperationToAdmit): Promise<void> {
    checkOperationInput(document, operation, variables);
    const estimate = checkNodeLimit(schema, document, operation, variables, config.maxNodes);
    await rateLimiter.charge(client, operationCost(operation.operation, estimate?.nodes ?? 0));
  }

  const plugin: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request, contextValue }) {
          if (operation)
            await admit({ schema, document, operation, variables: request.variables, client: contextValue.client ?? 'unknown' });
        },
      };
    },
  };

  return { admit, plugin, close: () => rateLimiter.close() };
}

export type OperationLimits = ReturnType<typeof createOperationLimits>;
