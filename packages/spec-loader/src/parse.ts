import yaml from 'js-yaml';
import { quoteForMessage, SpecError } from './errors.js';
import { checkShape, resolveLimits, type Limits } from './limits.js';

/**
 * The YAML schema every spec, ignore file and severity file is read with: YAML 1.2's core schema
 * (null, booleans, numbers, strings, as JSON has them) plus merge keys (`<<`), and nothing else. js-yaml's
 * default schema also turns unquoted timestamps into `Date` objects and `!!binary`, `!!set`, `!!omap`,
 * `!!pairs` into values JSON cannot hold; an OpenAPI document is JSON data (its YAML "MUST be limited to
 * tags allowed by the JSON Schema ruleset"), and a `Date` has no members to compare, so
 * `example: 2024-01-01` and `example: 2025-01-01` read as the same value and the change was lost. With
 * this schema an unquoted date is the string it is written as, and an explicit non-JSON tag is an error
 * with its line. `test/yaml-data-model.test.ts` holds the property: whatever YAML parses, the document
 * holds only JSON values.
 */
// js-yaml exports its type definitions as `types`; @types/js-yaml does not declare them.
const yamlTypes = (yaml as unknown as { types: { merge: yaml.Type } }).types;
const SPEC_YAML_SCHEMA = yaml.CORE_SCHEMA.extend({ implicit: [yamlTypes.merge] });

/**
 * Parses JSON or YAML text. JSON is tried first when the text starts with `{` or `[` because
 * `JSON.parse` is several times faster than any YAML parser on the 4 MB specs we meet. js-yaml was
 * chosen over `yaml` for the same reason (0.8 s against about 4 s on Stripe's spec here).
 */
export function parseText(text: string, shownAs: string, limits?: Partial<Limits>): unknown {
  const bounds = resolveLimits(limits);
  const document = parseWithoutShapeCheck(text, shownAs, bounds);
  checkShape(document, shownAs, bounds);
  return document;
}

/**
 * `parseText` without the shape check: for `loadSpec`, whose walk of each file makes that check
 * (see `recordAndVisitRefs`) before anything recurses into the document.
 */
export function parseWithoutShapeCheck(text: string, shownAs: string, bounds: Limits): unknown {
  return parseDocument(text, shownAs, bounds).document;
}

/** `parseWithoutShapeCheck`, also telling whether the text was read as JSON (by `JSON.parse`) or as YAML. */
export function parseDocument(text: string, shownAs: string, bounds: Limits): { document: unknown; json: boolean } {
  if (text.length > bounds.maxFileBytes) throw new SpecError(shownAs, `is larger than the ${bounds.maxFileBytes}-byte limit`, { limit: 'maxFileBytes' });
  try {
    return parseUnchecked(text, shownAs);
  } catch (error) {
    // Both parsers recurse per nesting level; a deep enough document overflows the stack.
    if (error instanceof RangeError) throw new SpecError(shownAs, `nested too deeply to parse (the limit is ${bounds.maxDepth} levels)`);
    throw error;
  }
}

function parseUnchecked(text: string, shownAs: string): { document: unknown; json: boolean } {
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    try {
      return { document: JSON.parse(text), json: true };
    } catch (error) {
      if (/\.json$/i.test(shownAs)) throw jsonError(error as Error, text, shownAs);
      // YAML flow style is a superset of JSON; fall through and let js-yaml report.
    }
  }
  try {
    // Without js-yaml's `json` option a key written twice in one mapping is an error (YAML requires
    // unique keys). With it the last value silently won: a change to the first one was never seen.
    return { document: yaml.load(text, { filename: shownAs, schema: SPEC_YAML_SCHEMA }), json: false };
  } catch (error) {
    if (error instanceof yaml.YAMLException) {
      const reason = error.reason || 'invalid YAML';
      const line = error.mark ? error.mark.line + 1 : undefined;
      const detail = reason === 'duplicated mapping key' ? duplicateKeyDetail(text, error.mark?.position) : reason;
      throw new SpecError(shownAs, `invalid YAML: ${detail}`, line === undefined ? {} : { line });
    }
    throw error;
  }
}

/** A double-quoted key's text: its JSON escapes read, any other escape (YAML has more) left as written. */
function unescapeDoubleQuoted(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

/** A plain, single-quoted or double-quoted key followed by its colon, at the start of the text. */
const KEY_AT = /^(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\n]|'')*)'|([^\s:#,[\]{}"'][^:#,[\]{}\n]*?))[ \t]*:(?=\s|$)/;

/**
 * js-yaml's "duplicated mapping key", with the key as written where it can be read at the error's
 * position (js-yaml's message does not name it), and what keeping one of the values would cost.
 */
function duplicateKeyDetail(text: string, position: number | undefined): string {
  const match = position === undefined ? null : KEY_AT.exec(text.slice(position, position + 1024));
  const key = match ? (match[1] !== undefined ? unescapeDoubleQuoted(match[1]) : (match[2]?.replace(/''/g, "'") ?? match[3])) : undefined;
  return `duplicated mapping key${key !== undefined ? ` ${quoteForMessage(key)}` : ''} (a key may appear once in a mapping; keeping one of the values would silently drop the other)`;
}

function jsonError(error: Error, text: string, shownAs: string): SpecError {
  // Node 20's JSON.parse does not always say where it failed, so find the offset ourselves.
  const position = /position (\d+)/.exec(error.message);
  const offset = position ? Number(position[1]) : firstJsonErrorOffset(text);
  const line = offset === undefined ? undefined : text.slice(0, offset).split('\n').length;
  const reason = error.message.replace(/ in JSON at position \d+.*$/s, '').replace(/, (\.\.\.)?"[\s\S]*$/, '');
  return new SpecError(shownAs, `invalid JSON: ${reason}`, line === undefined ? {} : { line });
}

/** Scans JSON text (RFC 8259 grammar) and returns the offset of the first error, if any. */
export function firstJsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };
  const fail = (): never => {
    throw i;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail();
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text.charCodeAt(i) < 0x20) fail();
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    }
    if (c === '"') return string();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
    if (!number) fail();
    i += number![0].length;
  };
  try {
    value();
    ws();
    return i < text.length ? i : undefined;
  } catch (offset) {
    return offset as number;
  }
}
