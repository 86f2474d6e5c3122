/**
 * The error codes of the contract: one list (src/domain/errors.ts) that the error formatter
 * passes through and the README documents, so a new code cannot silently leave as
 * INTERNAL_SERVER_ERROR or go undocumented.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { GraphQLError } from 'graphql';
import { ERROR_CODES, DomainError } from '../src/domain/errors';
import { formatError } from '../src/server/errors';
import { REPO } from './support/paths';

const format = formatError(false, pino({ level: 'silent' }));

it.each(ERROR_CODES.filter((c) => c !== 'INTERNAL_SERVER_ERROR'))('passes %s through to the client as it is', (code) => {
  const error = new DomainError(code, `a ${code} error`, { field: 'input.x' });
  expect(format(error.toJSON(), error)).toMatchObject({ message: `a ${code} error`, extensions: { code, field: 'input.x' } });
});

it('turns any other code into INTERNAL_SERVER_ERROR without its message', () => {
  const error = new GraphQLError('secret detail', { extensions: { code: 'SOMETHING_ELSE' } });
  const formatted = format(error.toJSON(), error);
  expect(formatted.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
  expect(formatted.message).not.toContain('secret detail');
});

it('documents every code in the README', () => {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  expect(ERROR_CODES.filter((code) => !readme.includes(`\`${code}\``))).toEqual([]);
});
