/** "an Actor", "a Commitment", "a User": messages name types with the article English reads them with. */
export function withArticle(noun: string): string {
  // A vowel letter sounding "you" (User, Unit, Euro) takes "a".
  const an = /^[aeiou]/i.test(noun) && !/^(us|uni|eu)/i.test(noun);
  return `${an ? 'an' : 'a'} ${noun}`;
}
