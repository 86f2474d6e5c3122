/**
 * Query limits, applied during validation (before any resolver or SQL runs), over HTTP and
 * WebSocket alike. Relay connections add two levels per list (edges, node), so the depth limit
 * admits source → recommendations → commitments → progress updates with room to spare.
 */
import { GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { costLimitRule } from '@escape.tech/graphql-armor-cost-limit';

export const LIMITS = {
  maxDepth: 16,
  maxAliases: 20,
  /** graphql-armor's cost: objects 2, scalars 1, each level multiplying its children by depthCostFactor. */
  maxCost: 50_000,
  depthCostFactor: 1.2,
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

/** The one list of extra validation rules, shared by the HTTP and WebSocket paths. */
export const validationRules: ValidationRule[] = [
  maxDepthRule({ n: LIMITS.maxDepth, exposeLimits: true, ignoreIntrospection: true, ...reject }) as ValidationRule,
  maxAliasesRule({ n: LIMITS.maxAliases, exposeLimits: true, ...reject }) as ValidationRule,
  costLimitRule({
    maxCost: LIMITS.maxCost,
    depthCostFactor: LIMITS.depthCostFactor,
    exposeLimits: true,
    ignoreIntrospection: true,
    ...reject,
  }) as ValidationRule,
];

/** Parse options that bound the work of parsing itself. */
export const parseOptions = { maxTokens: LIMITS.maxTokens };

export function isTokenLimitError(error: { message: string }): boolean {
  // graphql-js 16 spells it "more that".
  return /Document contains more tha[nt] \d+ tokens/.test(error.message);
}
