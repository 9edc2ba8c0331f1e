import { describe, expect, it } from 'vitest';
import { runChangelog } from '../src/cli/changelog.js';
import { recordingIo, requireRole, scratchGitRepo } from './scratch-repo.js';

const V1 = 'specs/v1/2026-01-01.yaml';

describe('pnpm changelog --base <ref>', () => {
  it('prints nothing and exits 0 when no spec changed', () => {
    const repo = scratchGitRepo();
    const io = recordingIo(repo.root);
    expect(runChangelog(['--base', 'main'], io)).toBe(0);
    expect(io.out()).toBe('');
    expect(io.err()).toMatch(/no spec changes since main/);
  });

  it('fails on an unacknowledged breaking change and passes once a major changeset exists', () => {
    const repo = scratchGitRepo();
    // Breaking: a required request property and a removed operation.
    repo.write(V1, requireRole(repo.read(V1)).replace(/  \/users\/self:\n[\s\S]*?(?=components:\n)/, ''));
    expect(repo.read(V1)).not.toContain('/users/self');

    const first = recordingIo(repo.root);
    expect(runChangelog(['--base', 'main'], first)).toBe(1);
    expect(first.out()).toContain('/users/self');
    expect(first.out()).toMatch(/v1/);
    expect(first.err()).toMatch(/breaking changes in v1 are not acknowledged/);

    repo.write('.changeset/tokens.md', '---\n"@astro-api/client": major\n"@astro-api/mock-server": major\n---\n\nDrop GetSelfUser.\n');
    const second = recordingIo(repo.root);
    expect(runChangelog(['--base', 'main'], second)).toBe(0);
    expect(second.out()).toBe(first.out());
  });

  it('accepts an acknowledge-breaking line instead of a major bump', () => {
    const repo = scratchGitRepo();
    repo.write(V1, requireRole(repo.read(V1)));
    repo.write('.changeset/ack.md', '---\n"@astro-api/client": minor\n---\n\nStill 0.x.\nacknowledge-breaking: v1\n');
    expect(runChangelog(['--base', 'main'], recordingIo(repo.root))).toBe(0);
  });

  it('reviews a new dated revision against the ref\'s current revision', () => {
    const repo = scratchGitRepo();
    const iam = repo.read('specs/v1beta1/iam/2025-06-01.yaml');
    repo.write('specs/v1beta1/iam/2025-09-01.yaml', iam.replace('summary: Get an API token', 'summary: Get one API token'));
    const io = recordingIo(repo.root);
    expect(runChangelog(['--base', 'main'], io)).toBe(0);
    expect(io.out()).toContain('September 1, 2025');
    expect(io.out()).toContain('v1beta1-iam');
    expect(io.out()).not.toContain('v1beta1-platform');
  });

  it('says so when files changed but the API did not (a YAML comment)', () => {
    const repo = scratchGitRepo();
    repo.write(V1, `# a comment only\n${repo.read(V1)}`);
    const io = recordingIo(repo.root);
    expect(runChangelog(['--base', 'main'], io)).toBe(0);
    expect(io.out()).toBe('v1: spec files changed since main, but the engine reports no change to the API.\n\n');
  });

  it('prints the engine JSON with --format json', () => {
    const repo = scratchGitRepo();
    repo.write(V1, requireRole(repo.read(V1)));
    const io = recordingIo(repo.root);
    expect(runChangelog(['--base', 'main', '--format', 'json'], io)).toBe(1);
    const parsed = JSON.parse(io.out()) as { changes: Array<{ level: string; location: string }> };
    expect(parsed.changes.some((change) => change.level === 'breaking' && change.location === 'CreateApiTokenRequest.role')).toBe(true);
  });

  it('names a bad ref on one line with exit code 2', () => {
    const repo = scratchGitRepo();
    const io = recordingIo(repo.root);
    expect(runChangelog(['--base', 'no-such-branch'], io)).toBe(2);
    expect(io.err()).toBe('changelog: --base no-such-branch: is not a commit in this git repository\n');
  });

  it('rejects unknown options on one line with exit code 2', () => {
    const repo = scratchGitRepo();
    const io = recordingIo(repo.root);
    expect(runChangelog(['--bsae', 'main'], io)).toBe(2);
    expect(io.err().split('\n')[0]).toMatch(/^changelog: Unknown option '--bsae'/);
  });
});
