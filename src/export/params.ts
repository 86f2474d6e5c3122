/**
 * Query parameters → a GraphQL filter input (RecommendationFilter, CommitmentFilter). The fields
 * and their types are read from the input type's type-graphql metadata, so a field added to a
 * filter is accepted here too, with the same values GraphQL accepts: lists comma-separated or
 * repeated, booleans true/false, enums by value, scalars (Date) by their own parser.
 */
import { GraphQLScalarType } from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { badInput } from '../domain/errors';
import { withArticle } from '../domain/articles';

type Coerce = (field: string, value: string) => unknown;

const coerceBoolean: Coerce = (field, value) => {
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw badInput(field, `${field} must be true or false`);
};

function coerceEnum(values: Record<string, string>): Coerce {
  const name = getMetadataStorage().enums.find((e) => e.enumObj === values)?.name ?? 'value';
  const allowed = Object.values(values);
  return (field, value) => {
    if (!allowed.includes(value)) throw badInput(field, `"${value}" is not ${withArticle(name)} (${allowed.join(', ')})`);
    return value;
  };
}

function coerceScalar(scalar: GraphQLScalarType): Coerce {
  return (field, value) => {
    try {
      return scalar.parseValue(value);
    } catch (err) {
      throw badInput(field, `${field}: ${(err as Error).message}`);
    }
  };
}

function coercerFor(type: unknown): Coerce {
  if (type === Boolean) return coerceBoolean;
  if (type instanceof GraphQLScalarType) return coerceScalar(type);
  if (type && typeof type === 'object') return coerceEnum(type as Record<string, string>);
  return (_field, value) => value;
}

/** Builds an instance of `inputType` from URL search parameters; unknown or malformed ones are BAD_USER_INPUT naming the parameter. */
export function filterFromParams<T extends object>(inputType: new () => T, params: URLSearchParams): T {
  const fields = new Map(
    getMetadataStorage()
      .fields.filter((f) => f.target === inputType)
      .map((f) => [f.name, f]),
  );
  const filter: Record<string, unknown> = {};
  for (const name of new Set(params.keys())) {
    const field = fields.get(name);
    if (!field) throw badInput(name, `Unknown parameter "${name}"; known: ${[...fields.keys()].join(', ')}`);
    const coerce = coercerFor(field.getType());
    const raw = params.getAll(name);
    if (field.typeOptions.array) {
      filter[name] = raw
        .flatMap((v) => v.split(','))
        .map((v) => v.trim())
        .filter(Boolean)
        .map((v) => coerce(name, v));
    } else {
      if (raw.length > 1) throw badInput(name, `${name} takes one value`);
      filter[name] = coerce(name, raw[0].trim());
    }
  }
  return Object.assign(new inputType(), filter);
}
