import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll } from 'vitest';
import type { CliIo } from '../src/cli/io.js';

export const fixtureRepo = fileURLToPath(new URL('./fixtures/repo', import.meta.url));

const scratch: string[] = [];
// Registered when a test file imports this module: every folder made below goes when the file ends, pass or fail.
afterAll(() => {
  for (const root of scratch.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A fresh temporary folder, removed after the importing test file has run. */
export function tempFolder(prefix: string): string {
  const root = mkdtempSync(path.join(tmpdir(), prefix));
  scratch.push(root);
  return root;
}

/** A throwaway git repository holding a copy of the fixture repo's specs, committed on `main`. */
export function scratchGitRepo(): { root: string; git: (...args: string[]) => string; write: (file: string, text: string) => void; read: (file: string) => string } {
  const root = tempFolder('docs-pipeline-git-');
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
