/** The translation of a user's search string into an FTS5 query (src/queries/search.ts). */
import { toFtsQuery } from '../src/queries/search';
import { DomainError } from '../src/domain/errors';

function rejection(search: string): DomainError {
  try {
    toFtsQuery(search);
  } catch (err) {
    return err as DomainError;
  }
  throw new Error(`"${search}" was accepted`);
}

describe('toFtsQuery', () => {
  it('requires every word, each as an FTS5 string', () => {
    expect(toFtsQuery('child  protection')).toBe('"child" "protection"');
  });

  it('keeps a quoted phrase together', () => {
    expect(toFtsQuery('"decisive role" ombudspersons')).toBe('"decisive role" "ombudspersons"');
  });

  it('turns a trailing star into a prefix, on a word or a phrase', () => {
    expect(toFtsQuery('exploit*')).toBe('"exploit"*');
    expect(toFtsQuery('exploit**')).toBe('"exploit"*');
    expect(toFtsQuery('"child sex*"')).toBe('"child sex"*');
    expect(toFtsQuery('"child sex"*')).toBe('"child sex"*');
  });

  it('quotes FTS5 syntax so that it is searched for, not obeyed', () => {
    expect(toFtsQuery('title:abuse')).toBe('"title:abuse"');
    expect(toFtsQuery('-children ^abuse +x (CRC) {code} a*b')).toBe('"-children" "^abuse" "+x" "(CRC)" "{code}" "a*b"');
    expect(toFtsQuery("'; drop table recommendation; --")).toBe('"drop" "table" "recommendation;"');
  });

  it('reads lower-case and, or, not and near as words', () => {
    expect(toFtsQuery('near and not or')).toBe('"near" "and" "not" "or"');
  });

  it('drops tokens without letters or digits when others remain', () => {
    expect(toFtsQuery('child - abuse *')).toBe('"child" "abuse"');
  });

  it('treats a missing search as no search, and refuses a blank one', () => {
    expect(toFtsQuery(undefined)).toBeUndefined();
    expect(toFtsQuery(null)).toBeUndefined();
    for (const blank of ['', '   '])
      expect(() => toFtsQuery(blank)).toThrow(expect.objectContaining({ extensions: { code: 'BAD_USER_INPUT', field: 'search' } }));
  });

  it.each([
    ['an unbalanced quote', '"unbalanced'],
    ['a lone star', '*'],
    ['punctuation only', '- ( ) ""'],
    ['AND and OR', 'AND OR'],
    ['NOT', 'abuse NOT children'],
    ['NEAR(', 'NEAR('],
    ['NEAR', 'abuse NEAR children'],
  ])('refuses %s as bad input on the search field', (_, search) => {
    const err = rejection(search);
    expect(err).toBeInstanceOf(DomainError);
    expect(err.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'search' });
  });
});
