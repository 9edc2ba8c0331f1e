import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../src/cli/io.js';
import { afterAll } from 'vitest';

// Every temp folder made here is removed when this test file ends, pass or fail.
const madeFolders: string[] = [];
afterAll(() => {
  for (const dir of madeFolders) rmSync(dir, { recursive: true, force: true });
});
function removedAfterAll(dir: string): string {
  madeFolders.push(dir);
  return dir;
}

export const fixtureRepo = fileURLToPath(new URL('./fixtures/repo', import.meta.url));

/** A throwaway git repository holding a copy of the fixture repo's specs, committed on `main`. */
export function scratchGitRepo(): { root: string; git: (...args: string[]) => string; write: (file: string, text: string) => void; read: (file: string) => string } {
  const root = removedAfterAll(mkdtempSync(path.join(tmpdir(), 'docs-pipeline-git-')));
  cpSync(path.join(fixtureRepo, 'specs'), path.join(root, 'specs'), { recursive: true });
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, GIT_AUTHOR_NAME: 'test', GIT_AUTHOR_EMAIL: 't@example.test', GIT_COMMITTER_NAME: 'test', GIT_COMMITTER_EMAIL: 't@example.test' },
    });
  git('init', '--quiet', '--initial-branch=main');
  git('add', '.');
  git('commit', '--quiet', '-m', 'specs');
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  const read = (file: string) => readFileSync(path.join(root, file), 'utf8');
  return { root, git, write, read };
}

/** A CliIo that records what a command prints. */
export function recordingIo(cwd: string): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    cwd,
    stdout: (text) => void (out += text),
    stderr: (text) => void (err += text),
    out: () => out,
    err: () => err,
  };
}

/** A breaking edit of the fixture v1 spec: CreateApiTokenRequest gains a required property `role`. */
export function requireRole(text: string): string {
  const edited = text
    .replace('required: [name, scope]', 'required: [name, scope, role]')
    .replace('        name: { type: string, example: My token }\n        scope:', '        name: { type: string, example: My token }\n        role: { type: string }\n        scope:');
  if (edited === text || !edited.includes('role: { type: string }')) throw new Error('the fixture changed: requireRole no longer applies');
  return edited;
}
