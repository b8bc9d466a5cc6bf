// Words too common to say what a question is about: dropped from a full-text query (unless
// nothing else is left), since each one would match most chunks and slow the ranking down.
const stopwords = new Set(
  `a about above after again all also am an and any are as at be because been before being below between both but by can could
  did do does doing done down during each few for from further had has have having he her here hers him his how i if in into is
  it its itself just last let me more most my no nor not now of off on once only or other our ours out over own same say said
  she should so some such than that the their theirs them then there these they this those through to too under until up very
  was we were what when where which while who whom why will with would you your yours`.split(/\s+/),
);

/** The words of a query as the full-text index sees them: lower case, letters and digits, no stopwords. */
export function queryTerms(query: string): string[] {
  const words = [...new Set(query.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])];
  const meaningful = words.filter((word) => !stopwords.has(word));
  return (meaningful.length ? meaningful : words).slice(0, 32);
}

const phrase = (text: string) => `"${text.replaceAll('"', '""')}"`;

/** An FTS5 MATCH expression for any of the terms; user text never reaches FTS5's own syntax. */
export const anyOf = (terms: string[]) => `(${terms.map(phrase).join(' OR ')})`;

/**
 * An FTS5 MATCH expression: any of the terms (bm25 ranks chunks holding more, and rarer, of
 * them first), within the given spaces.
 */
export function ftsQuery(terms: string[], spaces: string[] | null): string {
  return spaces ? `space_id : ${anyOf(spaces)} AND ${anyOf(terms)}` : anyOf(terms);
}
