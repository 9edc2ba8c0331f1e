/**
 * Sentence words for composition changes: union branches named by their identity (the schema a
 * reference names, the discriminating value, the title, the type, and only then the position),
 * nullability in the words of the direction, properties moved under or out of an object property.
 * Spread into `kindWords` of sentence.ts; built from the change's fields only.
 */
import type { ClassifiedChange } from '../classify/index.js';
import { showValue } from './format-values.js';

/** An added or removed member as the diff stage describes it (see `branchValue` in diff/composition.ts). */
type BranchValue = string | { branch: string; form: 'tag' | 'title' | 'type' | 'position'; property?: string; types?: string[] };

const articles: Record<string, string> = { string: 'a string', integer: 'an integer', number: 'a number', boolean: 'a boolean', object: 'an object', array: 'an array', null: 'null' };

/** `the ApiToken branch`, `the branch with type "response.error"`, `the ResponseWsError object branch`, `the string branch`, `branch #3`. */
function which(value: BranchValue): string {
  if (typeof value === 'string') return `the ${value} branch`;
  switch (value.form) {
    case 'tag':
      return `the branch with ${value.property ?? 'tag'} ${JSON.stringify(value.branch)}`;
    case 'title':
      return `the ${value.branch} ${value.types?.length === 1 ? `${value.types[0]} ` : ''}branch`;
    case 'type':
      return `the ${value.branch} branch`;
    default:
      return `branch ${value.branch}`;
  }
}

/** What a type branch lets through, in words (`a string`, `an integer or a number`), else undefined. */
function typeThing(value: BranchValue): string | undefined {
  if (typeof value === 'string' || value.form !== 'type' || !value.types) return undefined;
  return value.types.map((t) => articles[t] ?? `a ${t}`).join(' or ');
}

function unionWords(keyword: 'anyOf' | 'oneOf', added: boolean) {
  return (c: ClassifiedChange): string => {
    const value = (added ? c.new : c.old) as BranchValue;
    const thing = typeThing(value);
    const request = c.direction === 'request';
    if (thing !== undefined) {
      const verb = added ? (request ? 'now also accepts' : 'can now also be') : request ? 'no longer accepts' : 'can no longer be';
      return `${verb} ${thing} (${which(value)} ${added ? 'joined' : 'left'} its ${keyword})`;
    }
    const effect = added ? (request ? 'now also accepted' : 'may now also be received') : request ? 'no longer accepted' : 'no longer received';
    return `${which(value)} ${added ? 'joined' : 'left'} its ${keyword} (${effect})`;
  };
}

function list(names: unknown): string {
  const all = (Array.isArray(names) ? names : []).map(showValue);
  return all.length <= 1 ? (all[0] ?? '') : `${all.slice(0, -1).join(', ')} and ${all[all.length - 1]}`;
}

function inBranch(moved: unknown): string {
  const branch = (moved as { branch?: unknown } | undefined)?.branch;
  return typeof branch === 'string' ? ` (in the ${branch} branch)` : '';
}

export const compositionKindWords: Record<string, (c: ClassifiedChange) => string> = {
  'became-nullable': (c) => (c.direction === 'request' ? 'now accepts null' : c.direction === 'response' ? 'may now be null' : 'became nullable'),
  'became-not-nullable': (c) => (c.direction === 'request' ? 'no longer accepts null' : c.direction === 'response' ? 'is never null any more' : 'is no longer nullable'),
  'any-of-added': unionWords('anyOf', true),
  'any-of-removed': unionWords('anyOf', false),
  'one-of-added': unionWords('oneOf', true),
  'one-of-removed': unionWords('oneOf', false),
  'all-of-added': (c) => `must now also match ${which(c.new as BranchValue).replace(/ branch$/, ' member').replace(/^branch /, 'member ')} (it joined its allOf)`,
  'all-of-removed': (c) => `no longer has to match ${which(c.old as BranchValue).replace(/ branch$/, ' member').replace(/^branch /, 'member ')} (it left its allOf)`,
  'composition-respelled': (c) => `names the same schema as before, spelled with ${showValue(c.new)} instead of ${showValue(c.old)} (nothing a client sends or receives changed)`,
  'properties-wrapped': (c) => {
    const moved = c.old as { properties?: unknown };
    return `is new and holds ${list(moved?.properties)}, moved under it from beside it${inBranch(moved)}`;
  },
  'properties-unwrapped': (c) => {
    const moved = c.new as { properties?: unknown };
    return `is gone; its ${list(moved?.properties)} moved up beside it${inBranch(moved)}`;
  },
};
