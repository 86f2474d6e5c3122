/**
 * How many nodes an operation may return at most, estimated as GitHub's API does: every
 * connection multiplies what it contains by the page size it asks for (`first ?? last ?? 20`,
 * from a literal or a variable), every plain list of objects by a fixed factor (its known
 * maximum, or 10), and the total is the sum over all lists. Fragments and inline fragments are
 * followed; `@skip`/`@include` are honoured; introspection fields are left out (their size
 * does not depend on the client). It runs once the variables are known, so that a page size
 * passed as a variable counts like a literal one.
 */
import {
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getNullableType,
  getVariableValues,
  isCompositeType,
  isInterfaceType,
  isListType,
  isObjectType,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../schema/connection';

/** Factor of a plain list whose length has no known bound. */
export const UNBOUNDED_LIST_FACTOR = 10;

/** Plain lists whose length is bounded by the API itself. */
const LIST_MAXIMA: Record<string, number> = {
  'Query.statusTimeline': 120, // at most 120 months
  'StatsBucket.keys': 2, // groupBy takes one or two dimensions
  'TimelineMonth.counts': 6, // one per commitment status
};

export interface NodeEstimate {
  /** Sum over all connections and lists of the nodes each may return. */
  nodes: number;
  /** The list field that returns the most nodes: its response path and the factors along it. */
  heaviest?: { field: string; factors: number[]; nodes: number };
}

interface Walk {
  schema: GraphQLSchema;
  fragments: Record<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  estimate: NodeEstimate;
}

function isConnection(type: GraphQLNamedType): boolean {
  return isObjectType(type) && 'edges' in type.getFields() && 'pageInfo' in type.getFields();
}

function included(walk: Walk, node: FieldNode | { directives?: FieldNode['directives'] }): boolean {
  const skip = getDirectiveValues(GraphQLSkipDirective, node as FieldNode, walk.variables);
  if (skip?.if === true) return false;
  const include = getDirectiveValues(GraphQLIncludeDirective, node as FieldNode, walk.variables);
  return include?.if !== false;
}

/** `first ?? last ?? 20`, capped at the largest page the API serves (more is refused anyway). */
function pageSizeOf(walk: Walk, parent: GraphQLCompositeType, field: FieldNode): number {
  if (!isObjectType(parent) && !isInterfaceType(parent)) return DEFAULT_PAGE_SIZE;
  const definition = parent.getFields()[field.name.value];
  let args: Record<string, unknown> = {};
  try {
    args = getArgumentValues(definition, field, walk.variables);
  } catch {
    // An invalid argument fails at execution with BAD_USER_INPUT; count the default meanwhile.
  }
  const asked = (args.first ?? args.last) as number | null | undefined;
  if (typeof asked !== 'number' || !Number.isInteger(asked) || asked < 0) return DEFAULT_PAGE_SIZE;
  return Math.min(asked, MAX_PAGE_SIZE);
}

function walkSelections(
  walk: Walk,
  selectionSet: SelectionSetNode,
  parent: GraphQLCompositeType,
  path: string[],
  factors: number[],
  fragmentsOnPath: Set<string>,
): void {
  for (const selection of selectionSet.selections) {
    if (!included(walk, selection)) continue;
    if (selection.kind === 'InlineFragment') {
      const type = selection.typeCondition ? walk.schema.getType(selection.typeCondition.name.value) : parent;
      if (type && isCompositeType(type)) walkSelections(walk, selection.selectionSet, type, path, factors, fragmentsOnPath);
      continue;
    }
    if (selection.kind === 'FragmentSpread') {
      const name = selection.name.value;
      const fragment = walk.fragments[name];
      const type = fragment && walk.schema.getType(fragment.typeCondition.name.value);
      if (!fragment || fragmentsOnPath.has(name) || !type || !isCompositeType(type)) continue;
      walkSelections(walk, fragment.selectionSet, type, path, factors, new Set([...fragmentsOnPath, name]));
      continue;
    }
    const name = selection.name.value;
    if (name.startsWith('__') || !selection.selectionSet) continue;
    if (!isObjectType(parent) && !isInterfaceType(parent)) continue;
    const definition = parent.getFields()[name];
    if (!definition) continue;
    const type = getNamedType(definition.type);
    if (!isCompositeType(type)) continue;

    let factor = 1;
    let counted = false;
    if (isConnection(type)) {
      factor = pageSizeOf(walk, parent, selection);
      counted = true;
    } else if (isListType(getNullableType(definition.type)) && !isConnection(parent)) {
      // A connection's own `edges` list is already counted by the connection.
      factor = LIST_MAXIMA[`${parent.name}.${name}`] ?? UNBOUNDED_LIST_FACTOR;
      counted = true;
    }
    const fieldPath = [...path, selection.alias?.value ?? name];
    const fieldFactors = counted ? [...factors, factor] : factors;
    if (counted) {
      const nodes = fieldFactors.reduce((a, b) => a * b, 1);
      walk.estimate.nodes += nodes;
      if (!walk.estimate.heaviest || nodes > walk.estimate.heaviest.nodes) {
        walk.estimate.heaviest = { field: fieldPath.join('.'), factors: fieldFactors, nodes };
      }
    }
    walkSelections(walk, selection.selectionSet, type, fieldPath, fieldFactors, fragmentsOnPath);
  }
}

/**
 * The estimate for one operation of a validated document. Returns null when the variables do
 * not fit their definitions (execution then refuses them with BAD_USER_INPUT).
 */
export function estimateNodes(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  rawVariables: Record<string, unknown> | null | undefined,
): NodeEstimate | null {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables ?? {});
  if (coerced.errors) return null;
  const root = schema.getRootType(operation.operation);
  if (!root) return null;
  const fragments: Record<string, FragmentDefinitionNode> = {};
  for (const definition of document.definitions) {
    if (definition.kind === 'FragmentDefinition') fragments[definition.name.value] = definition;
  }
  const walk: Walk = { schema, fragments, variables: coerced.coerced, estimate: { nodes: 0 } };
  walkSelections(walk, operation.selectionSet, root, [], [], new Set());
  return walk.estimate;
}
