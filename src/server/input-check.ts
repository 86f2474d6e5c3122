/**
 * Checks every value an operation brings, literal or variable, before it runs (HTTP and
 * WebSocket alike, from limits.ts): text must be acceptable (../domain/text.ts: no control
 * characters but tab/LF/CR, no lone surrogates) and no list may hold more than MAX_LIST entries
 * (a list of 33,000 ids fits in the body limit and would exceed SQLite's bound parameters). The
 * error is BAD_USER_INPUT naming the input field or argument (its name, as elsewhere).
 */
import { GraphQLError, Kind, visit, type ASTNode, type DocumentNode, type OperationDefinitionNode, type ValueNode } from 'graphql';
import { textProblem } from '../domain/text';
import { MAX_LIST } from '../domain/filters';

function refuse(field: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field, http: { status: 400 } } });
}

function checkString(field: string, value: string): void {
  const problem = textProblem(value);
  if (problem) throw refuse(field, `${field} ${problem}`);
}

function checkList(field: string, length: number): void {
  if (length > MAX_LIST) throw refuse(field, `${field} takes at most ${MAX_LIST} values; got ${length}`);
}

/** A variable's value as JSON: object keys name the fields below it. */
function checkJson(field: string, value: unknown, depth = 0): void {
  if (depth > 64) return;
  if (typeof value === 'string') checkString(field, value);
  else if (Array.isArray(value)) {
    checkList(field, value.length);
    for (const item of value) checkJson(field, item, depth + 1);
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      checkString(key, key);
      checkJson(key, item, depth + 1);
    }
  }
}

function checkLiteral(field: string, value: ValueNode): void {
  switch (value.kind) {
    case Kind.STRING:
      return checkString(field, value.value);
    case Kind.LIST:
      checkList(field, value.values.length);
      return value.values.forEach((item) => checkLiteral(field, item));
    case Kind.OBJECT:
      return value.fields.forEach((f) => checkLiteral(f.name.value, f.value));
    default:
      return undefined;
  }
}

/** Where each variable is used: the argument or input field it stands for. */
export function variableUseSites(node: ASTNode): Map<string, string> {
  const sites = new Map<string, string>();
  const names: string[] = [];
  visit(node, {
    Argument: { enter: (n) => void names.push(n.name.value), leave: () => void names.pop() },
    ObjectField: { enter: (n) => void names.push(n.name.value), leave: () => void names.pop() },
    Variable(n) {
      if (names.length && !sites.has(n.name.value)) sites.set(n.name.value, names[names.length - 1]);
    },
    VariableDefinition: () => false,
  });
  return sites;
}

/** Throws BAD_USER_INPUT for the first unacceptable value of the operation. */
export function checkOperationInput(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | null | undefined,
): void {
  visit(document, {
    VariableDefinition(n) {
      if (n.defaultValue) checkLiteral(n.variable.name.value, n.defaultValue);
      return false;
    },
    Argument(n) {
      checkLiteral(n.name.value, n.value);
      return false;
    },
  });
  if (!variables || typeof variables !== 'object') return;
  const sites = variableUseSites(operation);
  for (const [name, value] of Object.entries(variables)) checkJson(sites.get(name) ?? name, value);
}
