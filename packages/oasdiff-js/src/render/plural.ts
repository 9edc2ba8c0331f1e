/**
 * The one pluralisation helper of every renderer (sentences, summaries, annotations, badges,
 * changelog entries): `plural(2, 'warning')` is `2 warnings`, `plural(1, 'property')` `1 property`,
 * `plural(3, 'property')` `3 properties`; give `many` for anything irregular.
 */
export function plural(n: number, word: string, many = pluralOf(word)): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** The plural of a noun (or of the last word of a phrase): `-y` after a consonant becomes `-ies`, otherwise `-s`. */
export function pluralOf(word: string): string {
  return /[^aeiou]y$/.test(word) ? `${word.slice(0, -1)}ies` : `${word}s`;
}

/** A count of changes at a level as a phrase: `2 breaking`, `1 warning`, `34 warnings`, `5 info`. */
export function levelCount(n: number, level: string): string {
  return level === 'warning' ? plural(n, 'warning') : `${n} ${level}`;
}
