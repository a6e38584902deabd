/**
 * Turns what a user typed into the search box into something SQLite cannot misread. User input is
 * never FTS5 syntax: it is split into words (runs of letters, digits and private-use characters,
 * which is what FTS5's default unicode61 tokenizer keeps), and each word becomes a quoted string
 * with a prefix match. Quotes, parentheses, `*`, `:`, `^`, `NEAR`, `AND`, `OR`, `NOT` therefore
 * cannot form an expression, and no input makes MATCH throw.
 */

/** At most this many words take part (a pasted page should not become a 10,000-term query). */
const MAX_WORDS = 16

/** The words of a search, lower-cased, de-duplicated, in order of appearance; [] = no search. */
export function searchWords(input: string | undefined | null): string[] {
  if (!input) return []
  const words = input.toLowerCase().match(/[\p{L}\p{N}\p{Co}]+/gu) ?? []
  return [...new Set(words)].slice(0, MAX_WORDS)
}

/**
 * The FTS5 MATCH expression for `words`: every word must start a token in type or data.
 * `["disk", "full"]` → `"disk"* AND "full"*`.
 */
export function ftsExpression(words: readonly string[]): string {
  // Words hold only letters and digits, so they contain no `"`; doubling stays as a guard.
  return words.map((word) => `"${word.replaceAll('"', '""')}"*`).join(' AND ')
}

/**
 * LIKE patterns for the fallback without FTS5 (escape character `\`): every word must occur
 * somewhere in type or data. A substring match, so it finds a superset of what FTS5 finds
 * ("ull" matches "full" here, not there); LIKE folds case for ASCII letters only.
 */
export function likePatterns(words: readonly string[]): string[] {
  return words.map((word) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`)
}
