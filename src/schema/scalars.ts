import { GraphQLScalarType, Kind } from 'graphql';
import { isFullDate, isPartialDate } from '../domain/dates';

function stringScalar(name: string, description: string, valid: (v: string) => boolean) {
  const check = (value: unknown): string => {
    if (typeof value !== 'string' || !valid(value)) {
      throw new TypeError(`${name} must be ${description}; got ${JSON.stringify(value)}`);
    }
    return value;
  };
  return new GraphQLScalarType({
    name,
    description: `${name}: ${description}.`,
    serialize: check,
    parseValue: check,
    parseLiteral(ast) {
      if (ast.kind !== Kind.STRING) throw new TypeError(`${name} must be a string`);
      return check(ast.value);
    },
  });
}

/** A date with the precision the source gives: "2000", "2000-06" or "2000-06-30". */
export const PartialDateScalar = stringScalar(
  'PartialDate',
  'an ISO 8601 date with the precision the source gives: YYYY, YYYY-MM or YYYY-MM-DD',
  isPartialDate,
);

/** A calendar day, "2000-06-30". */
export const DateScalar = stringScalar('Date', 'an ISO 8601 calendar date, YYYY-MM-DD', isFullDate);
