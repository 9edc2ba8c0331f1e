/**
 * The GitHub Action's script, run here with the variables a runner sets (GITHUB_WORKSPACE,
 * GITHUB_STEP_SUMMARY, GITHUB_OUTPUT, RUNNER_TEMP, GITHUB_SERVER_URL/REPOSITORY/RUN_ID/SHA, INPUT_*):
 * annotations on stdout, the step summary, outputs and exit codes. Posting the PR comment (gh) needs
 * GitHub and is not run here.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseText } from '@astro-api/spec-loader';
import { afterAll, describe, expect, it } from 'vitest';
import { runAction } from '../src/cli/action.js';

const workspace = mkdtempSync(path.join(tmpdir(), 'oasdiff-js-action-'));
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

const spec = (extra: string) => `openapi: 3.0.3
info: {title: Pets, version: "1"}
paths:
  /pets:
    get:
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
${extra}      responses:
        '200': {description: OK}
`;
writeFileSync(path.join(workspace, 'old.yaml'), spec(''));
writeFileSync(path.join(workspace, 'new.yaml'), spec('        - {name: owner, in: query, required: true, schema: {type: string}}\n'));

function runner(inputs: Record<string, string>, name: string) {
  const temp = path.join(workspace, `temp-${name}`);
  const env: NodeJS.ProcessEnv = {
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_STEP_SUMMARY: path.join(workspace, `summary-${name}.md`),
    GITHUB_OUTPUT: path.join(workspace, `output-${name}.txt`),
    RUNNER_TEMP: temp,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_REPOSITORY: 'astronomer/astro-api',
    GITHUB_RUN_ID: '42',
    GITHUB_SHA: 'abc123',
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
  };
  let stdout = '';
  let stderr = '';
  const code = runAction(env, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) });
  const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '');
  const outputs = Object.fromEntries(read(env.GITHUB_OUTPUT!).trim().split('\n').filter(Boolean).map((l) => l.split(/=(.*)/s).slice(0, 2)));
  return { code, stdout, stderr, summary: read(env.GITHUB_STEP_SUMMARY!), outputs: outputs as Record<string, string> };
}

describe('action script', () => {
  it('annotates the breaking change at its line, writes the step summary, the report and outputs, and fails', () => {
    const { code, stdout, summary, outputs } = runner({ base: 'old.yaml', revision: 'new.yaml', 'fail-on': 'breaking', sarif: 'true' }, 'break');
    expect(code).toBe(1);
    expect(stdout).toMatch(/^::error file=new\.yaml,line=8,title=breaking%3A new-required-request-parameter::Added the required query parameter owner to GET \/pets\./m);
    expect(summary).toMatch(/^### API changes: ❌ 1 breaking change/);
    expect(summary).toContain('https://github.com/astronomer/astro-api/actions/runs/42');
    expect(outputs.breaking).toBe('1');
    expect(readFileSync(outputs['comment-file']!, 'utf8')).toMatch(/^<!-- oasdiff-js -->\n### API changes/);
    expect(readFileSync(outputs['report-file']!, 'utf8')).toContain('href="https://github.com/astronomer/astro-api/blob/abc123/new.yaml#L8"');
    expect(JSON.parse(readFileSync(outputs['sarif-file']!, 'utf8')).version).toBe('2.1.0');
  });

  it('passes when the ignore file accepts the break, and lists it as ignored', () => {
    writeFileSync(path.join(workspace, '.oasdiff-ignore.yaml'), 'ignore:\n  - id: new-required-request-parameter\n    location: GET /pets query owner\n    reason: the only client sends owner already\n');
    const { code, stdout, summary, outputs } = runner({ base: 'old.yaml', revision: 'new.yaml', 'ignore-file': '.oasdiff-ignore.yaml' }, 'ignored');
    expect(code).toBe(0);
    expect(stdout).not.toMatch(/^::error/m);
    expect(stdout).toMatch(/^::notice file=new\.yaml,line=8,title=ignored breaking%3A new-required-request-parameter::.*accepted: the only client sends owner already$/m);
    expect(summary).toContain('1 ignored');
    expect(outputs).toMatchObject({ breaking: '0', ignored: '1' });
  });

  it('stops with exit 2 and one line on bad input, writing no summary', () => {
    const { code, stderr, summary } = runner({ base: 'old.yaml', revision: 'missing.yaml' }, 'bad');
    expect(code).toBe(2);
    expect(stderr).toMatch(/^oasdiff-js: missing\.yaml: no such file\n$/);
    expect(summary).toBe('');
  });

  it('action.yml passes every input the script reads and runs the built script', () => {
    const action = parseText(readFileSync(path.resolve(import.meta.dirname, '../action.yml'), 'utf8'), 'action.yml') as { inputs: Record<string, unknown>; runs: { using: string; steps: Array<{ id?: string; run?: string; env?: Record<string, string> }> } };
    expect(action.runs.using).toBe('composite');
    const step = action.runs.steps.find((s) => s.id === 'diff')!;
    expect(step.run).toContain('dist/cli/action.js');
    const script = readFileSync(path.resolve(import.meta.dirname, '../src/cli/action.ts'), 'utf8');
    const read = [...script.matchAll(/input\(env, '([a-z-]+)'\)/g)].map((m) => m[1]!);
    read.push(...[...script.matchAll(/\['([a-z-]+)', '--/g)].map((m) => m[1]!));
    for (const name of read) {
      expect(Object.keys(action.inputs)).toContain(name);
      expect(step.env![`INPUT_${name.toUpperCase()}`]).toBe(`\${{ inputs.${name} }}`);
    }
  });
});
