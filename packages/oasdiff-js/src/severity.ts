/**
 * Severity levels (oasdiff's `--severity-levels` file): one `rule-id level` per line; `#` starts a
 * comment, blank lines are skipped. Levels are oasdiff's (`ERR`, `WARN`, `INFO`, `NONE`, any case) or
 * ours (`breaking`, `warning`, `info`); `NONE` drops the rule's changes. Applied once, after
 * classification, by `applySeverityLevels`.
 */
import { readSource, parseSourceArgument, displayName, SpecError } from '@astro-api/spec-loader';
import { rules } from './classify/catalogue.js';
import { sortChanges } from './classify/index.js';
import { versioningChange, versioningIds } from './classify/rules/versioning.js';
import { describeChange } from './render/sentence.js';
import type { Level } from './classify/types.js';
import type { DiffResult } from './result.js';

/** A rule's level as the file sets it; `none` removes its changes from the result. */
export type SeverityLevel = Level | 'none';

const names: Record<string, SeverityLevel> = { err: 'breaking', warn: 'warning', info: 'info', none: 'none', breaking: 'breaking', warning: 'warning' };

/** Parses a severity-levels file. Throws a `SpecError` naming the file and line on an unknown id, an unknown level or a malformed line. */
export function parseSeverityLevels(text: string, file: string): Map<string, SeverityLevel> {
  const known = new Set(rules.map((r) => r.id));
  const out = new Map<string, SeverityLevel>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const content = raw.replace(/#.*$/, '').trim();
    if (content === '') return;
    const fields = content.split(/\s+/);
    if (fields.length !== 2) throw new SpecError(file, `expected "rule-id level" (got ${JSON.stringify(content)})`, { line });
    const [id, levelText] = fields as [string, string];
    if (!known.has(id)) throw new SpecError(file, `unknown rule id "${id}"`, { line });
    const level = names[levelText.toLowerCase()];
    if (level === undefined) throw new SpecError(file, `unknown level "${levelText}" (expected ERR, WARN, INFO, NONE, breaking, warning or info)`, { line });
    out.set(id, level);
  });
  return out;
}

/** Reads a severity-levels file (a path or `REV:path`) relative to `cwd`. */
export function readSeverityLevels(name: string, cwd = process.cwd()): Map<string, SeverityLevel> {
  const source = parseSourceArgument(name, cwd);
  const shown = displayName(source, cwd);
  return parseSeverityLevels(readSource(source, shown), shown);
}

/**
 * The result with each listed rule's changes at the file's level (or gone, for `none`); ignored changes
 * follow too. The versioning finding (rules/versioning.ts) is then found again from the new levels: an
 * override can add the breaking change it depends on, or take it away.
 */
export function applySeverityLevels(result: DiffResult, levels: ReadonlyMap<string, SeverityLevel>): DiffResult {
  if (levels.size === 0) return result;
  const relevel = <C extends { id: string; level: Level; disclaimers?: string[] }>(changes: readonly C[]): C[] =>
    changes.flatMap((c) => {
      const level = levels.get(c.id);
      if (level === undefined) return [c];
      if (level === 'none') return [];
      // The file's level replaces a capped one, so the cap's disclaimer goes with it.
      const { disclaimers: _capped, ...rest } = c;
      return [{ ...rest, level } as C];
    });
  const changes = relevel(result.changes).filter((c) => !versioningIds.has(c.id));
  const found = versioningChange(changes, result.base, result.revision);
  if (found) {
    const level = levels.get(found.id);
    if (level !== 'none') {
      const change = level === undefined ? found : { ...found, level };
      changes.push({ ...change, text: describeChange(change) });
      sortChanges(changes);
    }
  }
  return { ...result, changes, ...(result.ignored ? { ignored: relevel(result.ignored) } : {}) };
}
