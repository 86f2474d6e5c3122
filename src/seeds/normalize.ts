/**
 * The one normalisation allowed when matching a verbatim passage against its document: the PDF
 * leftovers (markdown `**`, lines holding only a page or footnote number, a hyphen between two
 * letters with or without a line break after it, runs of white space). Used by the seed check
 * and by the loader alike; everything else must match character for character.
 */
const LETTER = 'A-Za-z\\u00C0-\\u024F';
const PAGE_NUMBER_LINE = /^[ \t]*\d{1,3}[ \t]*$/gm;
const HYPHEN_BETWEEN_LETTERS = new RegExp(`(?<=[${LETTER}])-\\s*(?=[${LETTER}])`, 'g');

export function passageKey(text: string): string {
  return text
    .replace(/\*\*/g, '')
    .replace(PAGE_NUMBER_LINE, ' ')
    .replace(HYPHEN_BETWEEN_LETTERS, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** White space collapsed, as stored in `text` and `evidence` fields. */
export function collapseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
