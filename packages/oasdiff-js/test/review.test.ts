/**
 * The review surfaces: formats (github, junit, sarif, html, pr-comment), the ignore file, filters,
 * semver and history (folder and git). Every scratch folder is removed in afterAll.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, describe, expect, it } from 'vitest';
import { runCaptured } from './run-cli.js';
import { history } from '../src/history.js';
import { renderPrComment } from '../src/render/pr-comment.js';
import type { Change, DiffResult } from '../src/result.js';
import { sarifStructureSchema } from './sarif-structure.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function scratch(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'oasdiff-js-review-'));
  made.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const run = (argv: string[], cwd: string, today = '2026-06-01') => runCaptured(argv, { cwd, today });

// Old: pets (tagged pets) with a required nickname property and a limit parameter; an internal admin endpoint; a users endpoint.
const oldSpec = `openapi: 3.0.3
info: {title: Pets, version: 1.4.2}
paths:
  /pets:
    get:
      tags: [pets]
      parameters:
        - name: limit
          in: query
          schema: {type: integer, maximum: 50}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
  /admin/reset:
    post:
      x-internal: true
      tags: [admin]
      responses:
        '204': {description: Done}
  /users:
    get:
      tags: [users]
      responses:
        '200': {description: OK}
components:
  schemas:
    Pet:
      type: object
      required: [nickname]
      properties:
        id: {type: string}
        nickname: {type: string, description: "<b>old</b> name"}
`;

// New: nickname removed (breaking: a required response property; an optional one is info since oasdiff v1.37), limit's maximum raised (info: a request accepts more), admin endpoint removed (internal),
// users gets a required query parameter (breaking), a new endpoint (info).
const newSpec = `openapi: 3.0.3
info: {title: Pets, version: 1.5.0}
paths:
  /pets:
    get:
      tags: [pets]
      parameters:
        - name: limit
          in: query
          schema: {type: integer, maximum: 100}
      responses:
        '200':
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
  /users:
    get:
      tags: [users]
      parameters:
        - {name: team, in: query, required: true, schema: {type: string}}
      responses:
        '200': {description: OK}
  /stores:
    get:
      tags: [stores]
      summary: "List stores <script>alert(1)</script>"
      responses:
        '200': {description: OK}
components:
  schemas:
    Pet:
      type: object
      properties:
        id: {type: string}
`;

const dir = scratch({ 'old.yaml': oldSpec, 'new.yaml': newSpec, 'same.yaml': oldSpec });

function jsonResult(extra: string[] = []): DiffResult {
  const { code, stdout, stderr } = run(['diff', 'old.yaml', 'new.yaml', '--format', 'json', ...extra], dir);
  expect(stderr).not.toMatch(/oasdiff-js: [^n]/);
  expect(code).toBe(0);
  return JSON.parse(stdout) as DiffResult;
}

const all = jsonResult();
const find = (pred: (c: Change) => boolean) => {
  const c = all.changes.find(pred);
  if (!c) throw new Error(`no such change in ${all.changes.map((x) => x.id).join(', ')}`);
  return c;
};
const nicknameRemoved = find((c) => c.location.includes('nickname'));
const teamAdded = find((c) => c.level === 'breaking' && c.location.includes('team'));

describe('the test pair', () => {
  it('has breaking changes at two places and an added endpoint', () => {
    expect(all.changes.some((c) => c.id === 'endpoint-added')).toBe(true);
    expect(nicknameRemoved.id).not.toBe(teamAdded.id);
  });
});

describe('--format github', () => {
  it('writes one workflow command per change with the file and line of the change, escaped', () => {
    const { stdout, code } = run(['breaking', 'old.yaml', 'new.yaml', '--format', 'github', '--fail-on', 'breaking'], dir);
    expect(code).toBe(1);
    const lines = stdout.trim().split('\n');
    const team = lines.find((l) => l.includes('team'))!;
    // The team parameter is on line 20 of new.yaml.
    const teamLine = newSpec.split('\n').findIndex((l) => l.includes('name: team')) + 1;
    expect(team).toMatch(new RegExp(`^::error file=new\\.yaml,line=${teamLine},title=breaking%3A ${teamAdded.id}::`));
    // A removal points at the nearest surviving parent in the new file (Pet's properties).
    const nick = lines.find((l) => l.includes('nickname'))!;
    const propertiesLine = newSpec.split('\n').findIndex((l, i) => i > newSpec.split('\n').findIndex((x) => x.includes('    Pet:')) && l.includes('properties:')) + 1;
    expect(nick).toContain(`file=new.yaml,line=${propertiesLine},`);
    expect(lines.at(-1)).toMatch(/^::notice title=oasdiff-js::3 breaking, (1 warning|\d+ warnings), 0 info$/);
    // Every line is a workflow command: no raw newline inside a message.
    for (const l of lines) expect(l).toMatch(/^::(error|warning|notice) /);
  });
});

describe('--format junit', () => {
  it('is well-formed JUnit: one test case per rule, failures for breaking rules, counts that add up', () => {
    const { stdout } = run(['diff', 'old.yaml', 'new.yaml', '--format', 'junit'], dir);
    expect(XMLValidator.validate(stdout)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testcase' || name === 'testsuite' }).parse(stdout) as {
      testsuites: { tests: string; failures: string; testsuite: Array<{ name: string; tests: string; failures: string; testcase: Array<{ name: string; classname: string; failure?: { type: string; '#text': string } }> }> };
    };
    // Structural check of the JUnit format as CI reporters read it (the XSD check is in official-schemas.test.ts).
    const suite = doc.testsuites.testsuite[0]!;
    const ids = [...new Set(all.changes.map((c) => c.id))].sort();
    expect(suite.testcase.map((t) => t.name)).toEqual(ids);
    expect(Number(suite.tests)).toBe(ids.length);
    const failing = suite.testcase.filter((t) => t.failure);
    expect(failing.map((t) => t.name).sort()).toEqual([...new Set(all.changes.filter((c) => c.level === 'breaking').map((c) => c.id))].sort());
    expect(Number(suite.failures)).toBe(failing.length);
    expect(Number(doc.testsuites.failures)).toBe(failing.length);
    for (const t of suite.testcase) expect(t.classname).toMatch(/^oasdiff-js\./);
    expect(failing.find((t) => t.name === teamAdded.id)!.failure!['#text']).toContain('team');
  });
});

describe('--format sarif', () => {
  it('validates against a SARIF 2.1.0 structure schema and carries fingerprints, levels and regions', () => {
    const { stdout } = run(['diff', 'old.yaml', 'new.yaml', '--format', 'sarif'], dir);
    const log = JSON.parse(stdout) as { version: string; runs: Array<{ tool: { driver: { rules: Array<{ id: string }> } }; results: Array<{ ruleId: string; ruleIndex: number; level: string; partialFingerprints: Record<string, string>; locations?: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }> }> };
    const validate = new Ajv({ strict: false, allErrors: true }).compile(sarifStructureSchema);
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const results = log.runs[0]!.results;
    expect(results).toHaveLength(all.changes.length);
    const rules = log.runs[0]!.tool.driver.rules;
    for (const r of results) expect(rules[r.ruleIndex]!.id).toBe(r.ruleId);
    const team = results.find((r) => r.partialFingerprints['oasdiffJsFingerprint/v1'] === teamAdded.fingerprint)!;
    expect(team.level).toBe('error');
    expect(team.locations![0]!.physicalLocation.artifactLocation.uri).toBe('new.yaml');
    expect(team.locations![0]!.physicalLocation.region.startLine).toBe(newSpec.split('\n').findIndex((l) => l.includes('name: team')) + 1);
  });

  it('the structure schema rejects a log that breaks SARIF rules (the check can fail)', () => {
    const validate = new Ajv({ strict: false }).compile(sarifStructureSchema);
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: {} }, results: [] }] })).toBe(false);
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] })).toBe(false);
  });
});

describe('--format pr-comment', () => {
  it('puts breaking first, collapses the rest and escapes spec text', () => {
    const { stdout } = run(['diff', 'old.yaml', 'new.yaml', '--format', 'pr-comment'], dir);
    expect(stdout).toMatch(/^### API changes: ❌ 3 breaking changes/);
    expect(stdout.indexOf('#### Breaking (3)')).toBeLessThan(stdout.indexOf('<details><summary>'));
    expect(stdout).not.toContain('<script>');
  });

  it('stays under the limit and says how many more are in the full report', () => {
    const many: DiffResult = { ...all, changes: Array.from({ length: 3000 }, (_, i) => ({ ...teamAdded, location: `GET /users query team${i}`, text: `A long sentence about change number ${i} that repeats. `.repeat(3) })) };
    const text = renderPrComment(many, { reportUrl: 'https://example.test/report.html' });
    expect(text.length).toBeLessThanOrEqual(65_536);
    const shown = (text.match(/^- /gm) ?? []).length;
    expect(shown).toBeGreaterThan(100);
    expect(text).toContain(`**${3000 - shown} more in the full report** ([open it](https://example.test/report.html))`);
    const small = renderPrComment(all, { limit: 800 });
    expect(small.length).toBeLessThanOrEqual(800);
    expect(small).toMatch(/\*\*\d+ more in the full report\*\*/);
  });
});

describe('--format html', () => {
  it('is one self-contained page with every change, escaped spec text and links to both specs', () => {
    const { stdout } = run(['diff', 'old.yaml', 'new.yaml', '--format', 'html'], dir);
    expect(stdout).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
    expect(stdout).not.toMatch(/https?:\/\//);
    expect(stdout).not.toContain('<script>alert(1)</script>');
    expect(stdout).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect((stdout.match(/<li class="change"/g) ?? []).length).toBe(all.changes.length);
    expect(stdout).toMatch(/href="old\.yaml#L\d+">old: old\.yaml:\d+/);
    expect(stdout).toMatch(/href="new\.yaml#L\d+">new: new\.yaml:\d+/);
  });
});

describe('ignore file', () => {
  const ignoreDir = scratch({
    'old.yaml': oldSpec,
    'new.yaml': newSpec,
    'ok.yaml': `ignore:\n  - id: ${teamAdded.id}\n    location: ${teamAdded.location}\n    reason: agreed with the users team\n    expires: 2026-12-31\n  - fingerprint: ${nicknameRemoved.fingerprint}\n    reason: nickname was never filled\n`,
    'stale.yaml': `ignore:\n  - fingerprint: '0000000000000000'\n    reason: an old break\n`,
    'expired.yaml': `ignore:\n  - fingerprint: ${nicknameRemoved.fingerprint}\n    reason: temporary\n    expires: 2026-01-01\n`,
    'noreason.yaml': `ignore:\n  - fingerprint: ${nicknameRemoved.fingerprint}\n`,
    'bymessage.yaml': `ignore:\n  - message: "${nicknameRemoved.text}"\n    reason: x\n`,
    'bad.yaml': 'ignore: [unclosed\n',
  });

  it('matches by rule id plus location and by fingerprint, lists the ignored apart and stops --fail-on', () => {
    // The removed admin endpoint is x-internal; the two other breaks are accepted by the file.
    const { code, stdout } = run(['breaking', 'old.yaml', 'new.yaml', '--format', 'json', '--ignore', 'ok.yaml', '--fail-on', 'breaking', '--exclude-extension', 'x-internal'], ignoreDir);
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as DiffResult;
    const validate = new Ajv({ strict: false }).compile(JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../schema/diff-result.schema.json'), 'utf8')) as object);
    expect(validate(result), JSON.stringify(validate.errors)).toBe(true);
    expect(result.changes.some((c) => c.level === 'breaking')).toBe(false);
    expect(result.ignored!.map((c) => c.fingerprint).sort()).toEqual([teamAdded.fingerprint, nicknameRemoved.fingerprint].sort());
    expect(result.ignored!.find((c) => c.fingerprint === teamAdded.fingerprint)!.ignore).toEqual({ reason: 'agreed with the users team', expires: '2026-12-31', entry: '/ignore/0' });
    const text = run(['breaking', 'old.yaml', 'new.yaml', '--ignore', 'ok.yaml'], ignoreDir).stdout;
    expect(text).toMatch(/^ignored\t.*nickname.*accepted: nickname was never filled/m);
  });

  it('warns about an entry that matches nothing (stale)', () => {
    const { code, stderr } = run(['breaking', 'old.yaml', 'new.yaml', '--ignore', 'stale.yaml'], ignoreDir);
    expect(code).toBe(0);
    expect(stderr).toContain('oasdiff-js: warning: stale.yaml#/ignore/0: matches no change (stale)');
  });

  it.each([
    ['an expired entry', 'expired.yaml', /^oasdiff-js: expired\.yaml#\/ignore\/0\/expires: entry expired on 2026-01-01/],
    ['an entry without a reason', 'noreason.yaml', /^oasdiff-js: noreason\.yaml#\/ignore\/0: every entry needs a reason/],
    ['matching by message text', 'bymessage.yaml', /^oasdiff-js: bymessage\.yaml#\/ignore\/0\/message: entries match by rule id plus location, or by fingerprint, never by message text/],
    ['invalid YAML', 'bad.yaml', /^oasdiff-js: bad\.yaml:\d+: invalid YAML/],
    ['a missing ignore file', 'nowhere.yaml', /^oasdiff-js: nowhere\.yaml: no such file/],
  ])('rejects %s with one line and exit 2, writing no report', (_what, file, message) => {
    const { code, stdout, stderr } = run(['breaking', 'old.yaml', 'new.yaml', '--ignore', file], ignoreDir);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('treats an entry as valid through its expiry day', () => {
    expect(run(['breaking', 'old.yaml', 'new.yaml', '--ignore', 'expired.yaml'], ignoreDir, '2026-01-01').code).toBe(0);
  });
});

describe('filters', () => {
  const ids = (r: DiffResult) => r.changes.map((c) => c.location);
  it('--match-path and --exclude-path keep and drop by path, component changes by the operations they affect', () => {
    const users = jsonResult(['--match-path', '^/users']);
    expect(users.changes.length).toBeGreaterThan(0);
    expect(users.changes.every((c) => (c.operation ?? c.affects![0]!).path.startsWith('/users'))).toBe(true);
    const noPets = jsonResult(['--exclude-path', '^/pets']);
    expect(ids(noPets).some((l) => l.includes('nickname'))).toBe(false);
    expect(ids(noPets).some((l) => l.includes('team'))).toBe(true);
  });

  it('--match-tag keeps the changes of operations with the tag', () => {
    const pets = jsonResult(['--match-tag', 'pets']);
    expect(ids(pets).some((l) => l.includes('nickname'))).toBe(true);
    expect(ids(pets).some((l) => l.includes('team') || l.includes('stores'))).toBe(false);
  });

  it('--exclude-extension x-internal leaves out flagged operations', () => {
    expect(ids(all).some((l) => l.includes('/admin/reset'))).toBe(true);
    expect(ids(jsonResult(['--exclude-extension', 'x-internal'])).some((l) => l.includes('/admin/reset'))).toBe(false);
  });

  it('--level keeps that level and higher', () => {
    const breaking = jsonResult(['--level', 'breaking']);
    expect(breaking.changes.length).toBe(all.changes.filter((c) => c.level === 'breaking').length);
    expect(run(['diff', 'old.yaml', 'new.yaml', '--level', 'severe'], dir).code).toBe(2);
    expect(run(['diff', 'old.yaml', 'new.yaml', '--match-path', '(['], dir).stderr).toMatch(/^oasdiff-js: --match-path: Invalid regular expression/);
  });
});

describe('semver', () => {
  it('asks for major on breaking changes and prints the next version', () => {
    const { code, stdout } = run(['semver', 'old.yaml', 'new.yaml', '--current', '1.4.2', '--declared', 'major'], dir);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^bump: major/);
    expect(stdout).toContain('next: 2.0.0');
  });

  it('exits 1 when the declared bump is too small (by default the new info.version)', () => {
    // new.yaml says 1.5.0: a minor bump for breaking changes.
    const { code, stdout } = run(['semver', 'old.yaml', 'new.yaml', '--current', '1.4.2'], dir);
    expect(code).toBe(1);
    expect(stdout).toContain('declared: 1.5.0 (minor) is too small: the changes call for major, 2.0.0');
    expect(run(['semver', 'old.yaml', 'new.yaml', '--current', '1.4.2', '--declared', '2.0.0'], dir).code).toBe(0);
  });

  it('is none for identical specs, minor for additions only, and rejects a bad version', () => {
    expect(run(['semver', 'old.yaml', 'same.yaml', '--current', '1.4.2'], dir).stdout).toMatch(/^bump: none\nnext: 1\.4\.2/);
    const added = JSON.parse(run(['semver', 'old.yaml', 'new.yaml', '--match-path', '^/stores', '--format', 'json'], dir).stdout) as { bump: string };
    expect(added.bump).toBe('minor');
    const bad = run(['semver', 'old.yaml', 'new.yaml', '--current', 'one'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^oasdiff-js: --current must be a semantic version/);
  });
});

describe('history', () => {
  const v2 = newSpec;
  const v3 = newSpec.replace("summary: \"List stores <script>alert(1)</script>\"", 'summary: List stores\n      deprecated: true');
  const folder = scratch({ 'specs/2026-01-05.yaml': oldSpec, 'specs/2026-02-10.yaml': v2, 'specs/2026-03-15.yaml': v3, 'specs/README.md': 'not a spec' });

  it('compares every consecutive pair of a folder of dated files, newest first, each file loaded once', () => {
    const entries = history({ folder: 'specs' }, { cwd: folder });
    expect(entries.map((e) => e.revision.date)).toEqual(['2026-03-15', '2026-02-10', '2026-01-05']);
    expect(entries[0]!.previous!.date).toBe('2026-02-10');
    expect(entries[0]!.result!.changes.some((c) => c.id.includes('deprecated'))).toBe(true);
    expect(entries[1]!.result!.changes.some((c) => c.fingerprint === teamAdded.fingerprint)).toBe(true);
    expect(entries[2]!.result).toBeUndefined();
    const md = run(['history', 'specs'], folder).stdout;
    expect(md.indexOf('## 2026-03-15')).toBeLessThan(md.indexOf('## 2026-02-10'));
    expect(md).toContain('### Summary');
    const json = JSON.parse(run(['history', 'specs', '--format', 'json'], folder).stdout) as { entries: unknown[] };
    expect(json.entries).toHaveLength(3);
  });

  it('reads the git history of one file (in a scratch repository), with --since', () => {
    const repo = scratch({});
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.test', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.test' } });
    git('init', '-q', '-b', 'main');
    mkdirSync(path.join(repo, 'api'));
    const commit = (text: string, message: string) => {
      writeFileSync(path.join(repo, 'api/openapi.yaml'), text);
      git('add', '.');
      git('commit', '-q', '-m', message);
      return git('rev-parse', 'HEAD').trim();
    };
    const first = commit(oldSpec, 'first version');
    commit(v2, 'add stores, team parameter');
    writeFileSync(path.join(repo, 'unrelated.txt'), 'x');
    git('add', '.');
    git('commit', '-q', '-m', 'unrelated');
    commit(v3, 'deprecate stores');
    const entries = history({ git: 'api/openapi.yaml' }, { cwd: repo });
    expect(entries.map((e) => e.revision.subject)).toEqual(['deprecate stores', 'add stores, team parameter', 'first version']);
    expect(entries[1]!.result!.changes.some((c) => c.fingerprint === teamAdded.fingerprint)).toBe(true);
    const since = run(['history', 'api/openapi.yaml', '--git', '--since', first, '--format', 'json'], repo);
    expect(since.code).toBe(0);
    const parsed = JSON.parse(since.stdout) as { entries: Array<{ revision: { subject: string }; result?: unknown }> };
    expect(parsed.entries.map((e) => e.revision.subject)).toEqual(['deprecate stores', 'add stores, team parameter']);
    expect(parsed.entries[1]!.result).toBeDefined();
    expect(readFileSync(path.join(repo, 'api/openapi.yaml'), 'utf8')).toBe(v3);
    // --since is data for git, never an option: a value git would read as `--output=FILE` writes nothing.
    const target = path.join(repo, 'written-by-git');
    for (const hostile of [`--output=${target}`, `--output=${target}..HEAD`]) {
      const refused = run(['history', 'api/openapi.yaml', '--git', `--since=${hostile}`], repo);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/^oasdiff-js: --since: .* is not a git revision \(revisions cannot start with "-"\)/);
      expect(refused.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(() => history({ git: 'api/openapi.yaml', since: hostile }, { cwd: repo })).toThrow(/is not a git revision/);
    }
    expect(existsSync(target)).toBe(false);
  });

  it('rejects a folder without dated specs in one line', () => {
    const { code, stderr } = run(['history', '.'], scratch({ 'x.txt': '' }));
    expect(code).toBe(2);
    expect(stderr).toMatch(/^oasdiff-js: \.: holds no dated spec files/);
  });
});
