import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempFolder, v1beta1Source, writeTree } from './projects.js';

/**
 * The codemod (built CLI) is killed with SIGKILL at seeded random moments of its run over a generated project of
 * 1,000 files. After every kill each file must hold its original bytes or its fully migrated bytes, never an
 * empty or cut file; and a run after an interrupted one must finish the migration. Set MIGRATE_KILL_SEED to
 * replay a seed; the seed and every kill's outcome are printed.
 */
const FOLDERS = 20;
const FILES_PER_FOLDER = 50;
const KILLS = 20;

/** mulberry32: a small seeded generator, so a failing schedule can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generate(): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (let d = 0; d < FOLDERS; d++) {
    for (let f = 0; f < FILES_PER_FOLDER; f++) {
      const name = `m${String(d).padStart(2, '0')}/f${String(f).padStart(3, '0')}.ts`;
      files.set(`src/${name}`, Buffer.from(v1beta1Source(`client_${d}_${f}`), 'utf8'));
    }
  }
  return files;
}

/** Puts every file back to `state` and removes anything else a killed run left in the source folders. */
function restore(project: string, state: ReadonlyMap<string, Buffer>): number {
  let litter = 0;
  for (let d = 0; d < FOLDERS; d++) {
    const folder = path.join(project, 'src', `m${String(d).padStart(2, '0')}`);
    for (const name of readdirSync(folder)) {
      if (!state.has(`src/m${String(d).padStart(2, '0')}/${name}`)) {
        litter++;
        rmSync(path.join(folder, name), { force: true });
      }
    }
  }
  for (const [file, bytes] of state) writeFileSync(path.join(project, file), bytes);
  return litter;
}

/**
 * Runs the CLI. With `kill`, it is killed `afterMs` after it is started, or, with `fromFirstWrite`, that long
 * after the first file is seen rewritten (the write phase comes after all planning, so a kill at a random
 * moment of the whole run would mostly land before any write). `firstWriteMs` is when a write was first seen.
 */
async function runCli(project: string, watched: string, original: Buffer, kill?: { afterMs: number; fromFirstWrite: boolean }) {
  const started = performance.now();
  const child = spawn(process.execPath, [cli, project], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let firstWriteMs: number | undefined;
  let killTimer: NodeJS.Timeout | undefined;
  const schedule = (ms: number) => (killTimer = setTimeout(() => child.kill('SIGKILL'), ms));
  if (kill !== undefined && !kill.fromFirstWrite) schedule(kill.afterMs);
  const poll = setInterval(() => {
    if (firstWriteMs !== undefined) return;
    let now: Buffer;
    try {
      now = readFileSync(watched);
    } catch {
      return;
    }
    if (now.equals(original)) return;
    firstWriteMs = performance.now() - started;
    if (kill?.fromFirstWrite) schedule(kill.afterMs);
  }, 1);
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  clearInterval(poll);
  clearTimeout(killTimer);
  return { code, signal, stderr, ms: performance.now() - started, firstWriteMs };
}

describe('killed with SIGKILL while it runs', () => {
  it(
    'every file is its original or its fully migrated bytes after each kill, and a rerun finishes the migration',
    async () => {
      const seed = process.env.MIGRATE_KILL_SEED === undefined ? (Date.now() % 2 ** 31) : Number(process.env.MIGRATE_KILL_SEED);
      console.log(`kill test seed: ${seed} (replay with MIGRATE_KILL_SEED=${seed})`);
      const next = random(seed);
      const testStart = performance.now();

      const original = generate();
      const project = tempFolder('astro-api-migrate-kill-');
      writeTree(project, Object.fromEntries(original));

      // One full run, measured: its duration spreads the kills, and its output is the migrated bytes to expect.
      const watched = path.join(project, 'src', 'm00', 'f000.ts'); // the first file the run writes
      const measured = await runCli(project, watched, original.get('src/m00/f000.ts')!);
      expect(measured.stderr).toBe('');
      expect(measured.firstWriteMs).toBeDefined();
      const writeWindow = measured.ms - measured.firstWriteMs!;
      // Without the client installed each file's v1beta1 import is a finding, not a skip: exit 0.
      expect(measured.code).toBe(0);
      const migrated = new Map([...original.keys()].map((file) => [file, readFileSync(path.join(project, file))]));
      for (const [file, bytes] of migrated) expect(bytes.equals(original.get(file)!), `${file} was not migrated`).toBe(false);

      const outcomes: { delay: number; fromFirstWrite: boolean; migrated: number; exited: boolean; litter: number }[] = [];
      let mostMixed: Map<string, Buffer> | undefined;
      let mostMixedScore = -1;
      let litter = restore(project, original);
      for (let kill = 0; kill < KILLS; kill++) {
        // One kill in four at any moment of the run, the others during the writes (which is where a kill can hurt).
        const fromFirstWrite = kill % 4 !== 0;
        const delay = Math.round(next() * (fromFirstWrite ? writeWindow : measured.ms));
        const run = await runCli(project, watched, original.get('src/m00/f000.ts')!, { afterMs: delay, fromFirstWrite });
        const state = new Map<string, Buffer>();
        let migratedCount = 0;
        for (const [file, before] of original) {
          const now = readFileSync(path.join(project, file));
          const after = migrated.get(file)!;
          if (!now.equals(before) && !now.equals(after)) {
            throw new Error(`kill ${kill} at ${delay} ms (seed ${seed}): ${file} is neither original nor migrated (${now.length} bytes)`);
          }
          if (now.equals(after)) migratedCount++;
          state.set(file, now);
        }
        const score = Math.min(migratedCount, original.size - migratedCount);
        if (score > mostMixedScore) {
          mostMixedScore = score;
          mostMixed = state;
        }
        const left = restore(project, original);
        litter += left;
        outcomes.push({ delay, fromFirstWrite, migrated: migratedCount, exited: run.signal !== 'SIGKILL', litter: left });
        process.stderr.write(`kill ${kill}: ${delay} ms${fromFirstWrite ? ' after the first write' : ''}, ${migratedCount} migrated\n`);
      }

      // The most half-done state a kill left, run again: the migration completes.
      restore(project, mostMixed!);
      const rerun = await runCli(project, watched, original.get('src/m00/f000.ts')!);
      expect(rerun.code).toBe(0);
      for (const [file, after] of migrated) expect(readFileSync(path.join(project, file)).equals(after), file).toBe(true);

      const seconds = ((performance.now() - testStart) / 1000).toFixed(1);
      console.log(
        [
          `kill test: ${original.size} files, full run ${Math.round(measured.ms)} ms (writes from ${Math.round(measured.firstWriteMs!)} ms), ${KILLS} kills, ${seconds} s in all`,
          ...outcomes.map(
            (o, i) =>
              `  kill ${String(i).padStart(2)} at ${String(o.delay).padStart(5)} ms ${o.fromFirstWrite ? 'after the first write' : 'after the start       '}: ${o.exited ? 'run had finished; ' : ''}` +
              `${o.migrated} migrated, ${original.size - o.migrated} original, 0 other` +
              (o.litter > 0 ? `, ${o.litter} temp file(s) left` : ''),
          ),
          `  temp files left by kills (removed before the next run): ${litter}`,
          `  rerun after the most mixed state (${mostMixedScore} on the smaller side): all ${original.size} migrated`,
        ].join('\n'),
      );
    },
    600_000,
  );
});
