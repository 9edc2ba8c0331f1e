import type { DiffResult } from '../result.js';

/** Thrown by `renderJson` given a bound when the text grows past it, before the rest is built. */
export class OutputPastBound extends Error {
  override readonly name = 'OutputPastBound';
  readonly bound: number;
  constructor(bound: number) {
    super(`the output grew past ${bound} characters`);
    this.bound = bound;
  }
}

/**
 * The JSON form of a result. Its shape is `schema/diff-result.schema.json` (in this package),
 * versioned by `schemaVersion`. The text is `JSON.stringify(result, null, 2)` and a line feed.
 *
 * With `bound`, the changes are written one at a time and the text is refused (`OutputPastBound`) as
 * soon as the changes alone make it longer than `bound` characters (so more than `bound` UTF-8 bytes),
 * instead of first being built whole: a result whose
 * changes each list thousands of affected operations (Microsoft Graph's v1.0 against its beta: 39,000
 * changes, 2.3 GB of JSON) would take half a minute and gigabytes to build, and then be more than a
 * JavaScript string holds. The text is the same either way.
 */
export function renderJson(result: DiffResult, bound?: number): string {
  if (bound === undefined) return JSON.stringify(result, null, 2) + '\n';
  let text = '{';
  let first = true;
  for (const key of Object.keys(result)) {
    const value = (result as unknown as Record<string, unknown>)[key];
    let member: string | undefined;
    if (key === 'changes' && Array.isArray(value) && value.length > 0) {
      member = '[';
      for (let i = 0; i < value.length; i++) {
        // An item is written as JSON.stringify writes it one level down: each of its lines indented
        // two more spaces (a JSON text holds no line break inside a string: those are escaped).
        member += `${i === 0 ? '' : ','}\n    ${(JSON.stringify(value[i], null, 2) ?? 'null').replace(/\n/g, '\n    ')}`;
        if (text.length + member.length > bound) throw new OutputPastBound(bound);
      }
      member += '\n  ]';
    } else {
      const written = JSON.stringify(value, null, 2);
      member = written === undefined ? undefined : written.replace(/\n/g, '\n  ');
    }
    if (member === undefined) continue;
    text += `${first ? '' : ','}\n  ${JSON.stringify(key)}: ${member}`;
    first = false;
  }
  // A text that was built whole is measured by the caller, in bytes.
  return text + (first ? '}\n' : '\n}\n');
}
