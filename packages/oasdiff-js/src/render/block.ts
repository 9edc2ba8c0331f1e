/**
 * A subsection of a changelog: subjects (an endpoint, a schema, a path) in first-seen order, each with
 * its lines. A line whose `onceKey` is a string is listed once per subject; a line whose key is
 * undefined is always listed (a marked line stands for one change). Linear in the number of lines: a
 * set per subject remembers the keys it holds.
 */
export class Block<T> {
  readonly subjects = new Map<string, T[]>();
  readonly #seen = new Map<string, Set<string>>();
  readonly #onceKey: (line: T) => string | undefined;

  constructor(onceKey: (line: T) => string | undefined) {
    this.#onceKey = onceKey;
  }

  add(subject: string, ...lines: T[]): void {
    let existing = this.subjects.get(subject);
    let seen = this.#seen.get(subject);
    if (!existing || !seen) {
      existing = [];
      seen = new Set();
      this.subjects.set(subject, existing);
      this.#seen.set(subject, seen);
    }
    for (const line of lines) {
      const key = this.#onceKey(line);
      if (key !== undefined) {
        if (seen.has(key)) continue;
        seen.add(key);
      }
      existing.push(line);
    }
  }
}
