/**
 * Every request example of the migration guide, read back out of the rendered guide text, is sent to
 * this repository's mock server of its version and must get a 2xx: each `curl` command (its method,
 * URL, headers and here-document body, shell variables filled in), each JSON request body (which must
 * be the body of the `curl` under it), and each TypeScript snippet (transpiled and run through the real
 * `@astro-api/client` factories, pointed at the mocks). Every line of every shell block must be
 * understood, so no example escapes the check.
 *
 * The mock is not a dependency of this package (package.json is not ours to change in this task), so it
 * is imported from the workspace by relative path; it must be built (`pnpm --filter
 * @astro-api/mock-server build`).
 */
import path from 'node:path';
import { findRepoRoot, listApis, loadSpec, currentRevision } from '@astro-api/spec-loader';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as v1Client from '@astro-api/client/v1';
import * as v1beta1Client from '@astro-api/client/v1beta1';
import { startMockServer, type MockServer } from '@astro-api/mock-server';
import { generateMigrationFiles, MIGRATION_GUIDE } from '../src/migration/generate.js';
import { readConditionalProperties } from '../src/migration/request-example.js';

const repoRoot = findRepoRoot(path.dirname(new URL(import.meta.url).pathname));
const guide = generateMigrationFiles(repoRoot).get(MIGRATION_GUIDE)!;
const ORGANIZATION = 'clguideorganization0000001';
const TOKEN = 'astro_guide_example_token_0001';

/** API id → base URL as the guide writes it (the spec's first server). */
const servers = new Map(
  listApis(repoRoot).map((api) => {
    const spec = loadSpec(currentRevision(api.id, repoRoot).file);
    return [api.id, (spec.document.servers?.[0]?.url as string | undefined) ?? api.server] as const;
  }),
);

const mocks = new Map<string, MockServer>();
beforeAll(async () => {
  for (const api of servers.keys()) mocks.set(api, await startMockServer({ api, port: 0, selfCheck: true, organizationId: ORGANIZATION, bootstrapToken: TOKEN }));
});
afterAll(async () => {
  await Promise.all([...mocks.values()].map((mock) => mock.close()));
});

// ---------------------------------------------------------------------------------------------
// Reading the guide.

interface Block {
  readonly language: string;
  readonly text: string;
  /** The nearest non-empty line above the block. */
  readonly label: string;
}

function blocks(markdown: string): Block[] {
  const out: Block[] = [];
  for (const match of markdown.matchAll(/```(\w*)\n([\s\S]*?)\n```/g)) {
    const before = markdown.slice(0, match.index).split('\n').map((l) => l.trim()).filter(Boolean);
    out.push({ language: match[1]!, text: match[2]!, label: before[before.length - 1] ?? '' });
  }
  return out;
}

/** Shell words of one command line: double quotes keep `$VARS` for later, single quotes keep everything. */
function words(line: string): Array<{ text: string; quote: '"' | "'" | '' }> {
  const out: Array<{ text: string; quote: '"' | "'" | '' }> = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const m of line.matchAll(pattern)) out.push(m[1] !== undefined ? { text: m[1], quote: '"' } : m[2] !== undefined ? { text: m[2], quote: "'" } : { text: m[3]!, quote: '' });
  return out;
}

interface Curl {
  readonly method: string;
  readonly url: string;
  readonly headers: Array<[string, string]>;
  /** The here-document, as written (variables not yet filled in). */
  readonly body?: string;
  readonly source: string;
}

const expand = (text: string, vars: Record<string, string>) =>
  text.replace(/\$([A-Z_][A-Z0-9_]*)/g, (_m, name: string) => {
    if (vars[name] === undefined) throw new Error(`no value for $${name}`);
    return vars[name]!;
  });

/**
 * The commands of a shell block: variable assignments (plain or in a one-line if/else), comments,
 * greps and curls. Anything else fails, so an example the test does not understand cannot slip by.
 */
function shellBlock(text: string): { curls: Curl[]; assignments: Map<string, string[]> } {
  const lines = text.split('\n');
  const curls: Curl[] = [];
  const assignments = new Map<string, string[]>();
  const assign = (name: string, value: string) => assignments.set(name, [...(assignments.get(name) ?? []), value]);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    while (line.endsWith('\\')) line = `${line.slice(0, -1)} ${lines[++i]!.trim()}`;
    if (line.trim() === '' || line.startsWith('#') || /^grep /.test(line)) continue;
    const plain = /^([A-Z_][A-Z0-9_]*)=(\S+)$/.exec(line);
    if (plain) {
      assign(plain[1]!, plain[2]!);
      continue;
    }
    const branch = /^if \[ "\$[A-Z0-9_]+" = \S+ \]; then ([A-Z_]+)=(\S+); else ([A-Z_]+)=(\S+); fi$/.exec(line);
    if (branch) {
      assign(branch[1]!, branch[2]!);
      assign(branch[3]!, branch[4]!);
      continue;
    }
    if (!line.startsWith('curl ')) throw new Error(`a shell line the examples test does not understand: ${line}`);
    const [command, pipe] = line.split(' | ');
    if (pipe !== undefined && !/^jq '[^']*'$/.test(pipe)) throw new Error(`unknown pipe: ${pipe}`);
    const parts = words(command!).slice(1);
    let method = 'GET';
    let url: string | undefined;
    const headers: Array<[string, string]> = [];
    let body: string | undefined;
    for (let k = 0; k < parts.length; k++) {
      const word = parts[k]!;
      if (word.quote === '' && word.text === '-sS') continue;
      if (word.quote === '' && word.text === '-X') method = parts[++k]!.text;
      else if (word.quote === '' && word.text === '-H') {
        const header = parts[++k]!.text;
        const colon = header.indexOf(':');
        headers.push([header.slice(0, colon), header.slice(colon + 1).trim()]);
      } else if (word.quote === '' && word.text === '-d' && parts[k + 1]?.text === '@-' && parts[k + 2]?.text === '<<JSON') {
        k += 2;
        const end = lines.indexOf('JSON', i + 1);
        if (end === -1) throw new Error(`unterminated here-document in: ${line}`);
        body = lines.slice(i + 1, end).join('\n');
        i = end;
      } else if (word.quote === '"' && url === undefined) url = word.text;
      else throw new Error(`unknown curl argument ${word.text} in: ${line}`);
    }
    if (!url) throw new Error(`curl without a URL: ${line}`);
    curls.push({ method, url, headers, ...(body !== undefined ? { body } : {}), source: line });
  }
  return { curls, assignments };
}

// ---------------------------------------------------------------------------------------------
// Sending.

/** The API whose base URL starts `url`. */
function apiOf(url: string): string {
  const hit = [...servers].filter(([, server]) => url === server || url.startsWith(`${server}/`) || url.startsWith(`${server}?`)).sort((a, b) => b[1].length - a[1].length)[0];
  if (!hit) throw new Error(`no API serves ${url}`);
  return hit[0];
}

const idCache = new Map<string, string>();

/**
 * A value for `$X_ID`: the ID of an existing resource of that kind, found by listing
 * `/organizations/{organizationId}/<kind>s` in the mock called, else in another mock of the same
 * version (the v1beta1 IAM API has no Workspaces; its tokens name the Platform API's).
 */
async function idFor(variable: string, api: string): Promise<string> {
  if (variable === 'ORGANIZATION_ID') return ORGANIZATION;
  const key = `${api} ${variable}`;
  if (idCache.has(key)) return idCache.get(key)!;
  const kind = `${variable.replace(/_ID$/, '').toLowerCase().replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase())}s`;
  const version = api.replace(/-.*$/, '');
  const candidates = [api, ...[...mocks.keys()].filter((other) => other !== api && other.replace(/-.*$/, '') === version)];
  for (const candidate of candidates) {
    const mock = mocks.get(candidate)!;
    const response = await fetch(`${mock.url}/organizations/${ORGANIZATION}/${kind}`, { headers: { Authorization: `Bearer ${TOKEN}` } });
    if (!response.ok) continue;
    const page = (await response.json()) as Record<string, unknown>;
    const items = Object.values(page).find(Array.isArray) as Array<{ id?: string }> | undefined;
    if (items?.[0]?.id) {
      idCache.set(key, items[0].id);
      return items[0].id;
    }
  }
  throw new Error(`no ${kind} to stand for $${variable} in ${api}`);
}

async function variablesFor(text: string, api: string): Promise<Record<string, string>> {
  const vars: Record<string, string> = { ASTRO_API_TOKEN: TOKEN };
  for (const [, name] of text.matchAll(/\$([A-Z_][A-Z0-9_]*_ID)\b/g)) vars[name!] = await idFor(name!, api);
  return vars;
}

async function send(curl: Curl, url: string): Promise<{ status: number; text: string }> {
  const api = apiOf(url);
  const vars = await variablesFor(`${url} ${curl.body ?? ''}`, api);
  const target = expand(url, vars).replace(servers.get(api)!, mocks.get(api)!.url);
  const headers = Object.fromEntries(curl.headers.map(([name, value]) => [name, expand(value, vars)]));
  const response = await fetch(target, { method: curl.method, headers, ...(curl.body !== undefined ? { body: expand(curl.body, vars) } : {}) });
  return { status: response.status, text: await response.text() };
}

// ---------------------------------------------------------------------------------------------

const all = blocks(guide);
const shell = all.filter((b) => b.language === 'sh').map((b) => ({ block: b, ...shellBlock(b.text) }));
const curls = shell.flatMap(({ curls: list, assignments }) =>
  list.flatMap((curl) => {
    // A URL that starts with a variable is sent once per value the block gives it (`$BASE` → old and new).
    const head = /^\$([A-Z_]+)(.*)$/.exec(curl.url);
    if (!head) return [{ curl, url: curl.url }];
    const resolve = (name: string): string[] => (assignments.get(name) ?? []).flatMap((value) => (value.startsWith('$') ? resolve(value.slice(1)) : [value]));
    const bases = resolve(head[1]!);
    if (bases.length === 0) throw new Error(`$${head[1]} is never assigned in its block`);
    return bases.map((base) => ({ curl, url: `${base}${head[2]}` }));
  }),
);

describe('every request example of the migration guide gets a 2xx from the mock of its version', () => {
  it('finds the examples (curl in every version, with bodies, and TypeScript)', () => {
    const apis = new Set(curls.map(({ url }) => apiOf(url)));
    expect([...apis].sort()).toEqual([...servers.keys()].sort());
    expect(curls.some(({ curl }) => curl.body !== undefined)).toBe(true);
    expect(all.filter((b) => b.language === 'ts').length).toBeGreaterThanOrEqual(2);
    // Only the languages this test reads may appear, so a new kind of example cannot go unchecked.
    expect([...new Set(all.map((b) => b.language))].sort()).toEqual(['json', 'sh', 'ts']);
  });

  it('each curl command', async () => {
    const failures: string[] = [];
    for (const { curl, url } of curls) {
      const { status, text } = await send(curl, url);
      if (status < 200 || status > 299) failures.push(`${status} ${curl.method} ${url}: ${text.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
    for (const mock of mocks.values()) expect(mock.selfCheckFailures).toEqual([]);
  });

  it('each JSON request body is the body of the curl command under it, and every body is shown as JSON', () => {
    let bodies = 0;
    all.forEach((block, i) => {
      const next = all[i + 1];
      if (block.language === 'sh') {
        const withBody = shellBlock(block.text).curls.filter((c) => c.body !== undefined);
        if (withBody.length > 0) {
          expect(all[i - 1]?.language, block.text).toBe('json');
          expect(all[i - 1]?.label, block.text).toMatch(/request body/);
        }
        return;
      }
      if (block.language !== 'json' || !/request body/.test(block.label)) return;
      expect(next?.language).toBe('sh');
      const [curl] = shellBlock(next!.text).curls;
      expect(curl?.body, block.label).toBeDefined();
      expect(JSON.parse(curl!.body!)).toEqual(JSON.parse(block.text));
      bodies++;
    });
    expect(bodies).toBeGreaterThan(0);
  });

  it('each TypeScript snippet, run through @astro-api/client against the mocks', async () => {
    const snippets = all.filter((b) => b.language === 'ts');
    const failures: string[] = [];
    let calls = 0;
    for (const snippet of snippets) {
      const answers: Array<{ url: string; status: number }> = [];
      const record = async (request: Request) => {
        const response = await fetch(request);
        answers.push({ url: request.url, status: response.status });
        return response;
      };
      const env: Record<string, string> = { ASTRO_API_TOKEN: TOKEN };
      const factories = {
        createAstroClient: (options: object) => v1Client.createAstroClient({ ...options, baseUrl: mocks.get('v1')!.url, fetch: record }),
        createIamClient: (options: object) => v1beta1Client.createIamClient({ ...options, baseUrl: mocks.get('v1beta1-iam')!.url, fetch: record }),
        createPlatformClient: (options: object) => v1beta1Client.createPlatformClient({ ...options, baseUrl: mocks.get('v1beta1-platform')!.url, fetch: record }),
      };
      const api = /createAstroClient/.test(snippet.text) ? 'v1' : 'v1beta1-platform';
      for (const [, name] of snippet.text.matchAll(/process\.env\.([A-Z_][A-Z0-9_]*_ID)\b/g)) env[name!] = await idFor(name!, api);
      const imports = [...snippet.text.matchAll(/^import \{ ([^}]+) \} from '@astro-api\/client\/(v1|v1beta1)';$/gm)];
      expect(imports.length, snippet.text).toBeGreaterThan(0);
      const js = ts.transpileModule(snippet.text.replace(/^import .*$/gm, ''), { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
      const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<void>;
      const run = new AsyncFunction('process', ...Object.keys(factories), js);
      await run({ env }, ...Object.values(factories));
      const expected = [...snippet.text.matchAll(/await \w+\.(GET|POST|DELETE)\(/g)].length;
      expect(answers, snippet.text).toHaveLength(expected);
      calls += answers.length;
      for (const answer of answers) if (answer.status < 200 || answer.status > 299) failures.push(`${answer.status} ${answer.url}`);
    }
    expect(calls).toBeGreaterThanOrEqual(4);
    expect(failures).toEqual([]);
  });
});

describe('the declared conditional properties (migration/request-facts.json) say what the specs say', () => {
  it('each property exists and its description names the deciding property and each value, in every spec with the schema', () => {
    const conditional = readConditionalProperties(repoRoot);
    expect(conditional.length).toBeGreaterThan(0);
    for (const entry of conditional) {
      let seen = 0;
      for (const api of servers.keys()) {
        const spec = loadSpec(currentRevision(api, repoRoot).file);
        for (const schema of entry.schemas) {
          const node = spec.document.components?.schemas?.[schema] as { properties?: Record<string, { description?: string }> } | undefined;
          if (!node) continue;
          seen++;
          const description = node.properties?.[entry.property]?.description ?? '';
          const decider = entry.when.find((name) => node.properties?.[name] !== undefined);
          expect(decider, `${api} ${schema}`).toBeDefined();
          expect(description, `${api} ${schema}.${entry.property}`).toContain(decider!);
          for (const value of entry.values) expect(description, `${api} ${schema}.${entry.property}`).toContain(value);
        }
      }
      expect(seen).toBeGreaterThanOrEqual(2);
    }
  });
});
