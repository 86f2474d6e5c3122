/**
 * `extensions.field` for the bad-input errors graphql-js itself raises (a value of the wrong
 * type, a bad enum, a missing required input field, a variable that cannot be coerced), in the
 * form the project's own errors use: the name of the argument or input field at fault
 * ("dueBefore", "statuses", "title"). Found from the message's path, or from where the error
 * points in the document.
 */
import { GraphQLError, parse, visit, type ASTNode } from 'graphql';
import { variableUseSites } from './input-check';

const REQUIRED_FIELD = /Field "(\w+)" of required type "[^"]+" was not provided/;
const UNKNOWN_FIELD = /Field "(\w+)" is not defined by type/;
const VALUE_PATH = /got invalid value .* at "([^"]+)"/;
const VARIABLE = /^Variable "\$(\w+)"/;
const ARGUMENT = /^(?:Field "\w+" argument|Unknown argument|Argument) "(\w+)"/;

/** The innermost argument or input field around `position` (a character offset) in `body`. */
function nameAround(body: string, position: number): string | undefined {
  let document;
  try {
    document = parse(body, { noLocation: false });
  } catch {
    return undefined;
  }
  let name: string | undefined;
  const contains = (n: ASTNode) => n.loc !== undefined && n.loc.start <= position && position < n.loc.end;
  visit(document, {
    Argument(n) {
      if (!contains(n)) return false;
      name = n.name.value;
      return undefined;
    },
    ObjectField(n) {
      if (!contains(n)) return false;
      name = n.name.value;
      return undefined;
    },
  });
  return name;
}

function lastSegment(path: string): string {
  const segments = path.replace(/\[\d+\]/g, '').split('.');
  return segments[segments.length - 1];
}

/** The field a graphql-js bad-input error is about, or undefined when it names none. */
export function fieldOfGraphQLError(error: unknown): string | undefined {
  if (!(error instanceof GraphQLError)) return undefined;
  const message = error.message;
  const named = REQUIRED_FIELD.exec(message) ?? UNKNOWN_FIELD.exec(message) ?? ARGUMENT.exec(message);
  if (named) return named[1];
  const path = VALUE_PATH.exec(message);
  if (path) return lastSegment(path[1]);
  const body = error.source?.body;
  const variable = VARIABLE.exec(message);
  if (variable) {
    if (!body) return variable[1];
    try {
      return variableUseSites(parse(body)).get(variable[1]) ?? variable[1];
    } catch {
      return variable[1];
    }
  }
  const position = error.positions?.[0];
  return body !== undefined && position !== undefined ? nameAround(body, position) : undefined;
}
