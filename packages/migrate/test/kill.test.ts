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
/** Copies killed concurrently, each in its own chain of KILLS / LANES kills. */
const LANES = 4;

/**
 * The generated project is a Node project: its tsconfig.json sets `lib` to ES2022 alone, as Node presets do, so the
 * checker does not load the DOM declarations (a third of each run's planning) that nothing in it uses.
 */
const TSCONFIG = JSON.stringify({
  compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', lib: ['ES2022'], types: [], strict: true, skipLibCheck: true },
});

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

/** Puts every file back to `state` (the chain starts over once a lane is fully migrated). */
function restore(project: string, state: ReadonlyMap<string, Buffer>): void {
  for (const [file, bytes] of state) writeFileSync(path.join(project, file), bytes);
}

/** Hidden temp files a killed write left in the source folders (relative paths). */
function leftovers(project: string): string[] {
  const found: string[] = [];
  for (let d = 0; d < FOLDERS; d++) {
    const folder = `src/m${String(d).padStart(2, '0')}`;
    for (const name of readdirSync(path.join(project, folder))) if (name.endsWith('.tmp')) found.push(`${folder}/${name}`);
  }
  return found;
}

/**
 * Runs the CLI. With `kill`, it is killed `afterMs` after it is started, or, with `fromFirstWrite`, that long
 * after `watched` (the first file this run will write) is seen rewritten: the write phase comes after all
 * planning, so a kill at a random moment of the whole run would mostly land before any write.
 */
async function runCli(project: string, watched: { file: string; original: Buffer } | undefined, kill?: { afterMs: number; fromFirstWrite: boolean }) {
  const started = performance.now();
  const child = spawn(process.execPath, [cli, project, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  let firstWriteMs: number | undefined;
  let killTimer: NodeJS.Timeout | undefined;
  const schedule = (ms: number) => (killTimer = setTimeout(() => child.kill('SIGKILL'), ms));
  if (kill !== undefined && !kill.fromFirstWrite) schedule(kill.afterMs);
  const poll = setInterval(() => {
    if (firstWriteMs !== undefined || watched === undefined) return;
    let now: Buffer;
    try {
      now = readFileSync(watched.file);
    } catch {
      return;
    }
    if (now.equals(watched.original)) return;
    firstWriteMs = performance.now() - started;
    if (kill?.fromFirstWrite) schedule(kill.afterMs);
  }, 1);
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  clearInterval(poll);
  clearTimeout(killTimer);
  return { code, signal, stdout, stderr, ms: performance.now() - started, firstWriteMs };
}

interface Outcome {
  readonly lane: number;
  readonly delay: number;
  readonly fromFirstWrite: boolean;
  readonly pending: number;
  readonly migrated: number;
  readonly exited: boolean;
  readonly removed: number;
  readonly left: number;
}

describe('killed with SIGKILL while it runs', () => {
  it(
    'every file is its original or its fully migrated bytes after each kill, and a rerun finishes the migration',
    async () => {
      const seed = process.env.MIGRATE_KILL_SEED === undefined ? (Date.now() % 2 ** 31) : Number(process.env.MIGRATE_KILL_SEED);
      console.log(`kill test seed: ${seed} (replay with MIGRATE_KILL_SEED=${seed})`);
      const testStart = performance.now();
      const original = generate();
      const files = [...original.keys()].sort(); // the order the codemod writes them in

      // One full run, measured: its duration spreads the kills, and its output is the migrated bytes to expect.
      const reference = tempFolder('astro-api-migrate-kill-');
      writeTree(reference, { ...Object.fromEntries(original), 'tsconfig.json': TSCONFIG });
      const measured = await runCli(reference, { file: path.join(reference, files[0]!), original: original.get(files[0]!)! });
      expect(measured.stderr).toBe('');
      // Without the client installed each file's v1beta1 import is a finding, not a skip: exit 0.
      expect(measured.code).toBe(0);
      expect(measured.firstWriteMs).toBeDefined();
      const writeWindow = measured.ms - measured.firstWriteMs!;
      const migrated = new Map(files.map((file) => [file, readFileSync(path.join(reference, file))]));
      for (const [file, bytes] of migrated) expect(bytes.equals(original.get(file)!), `${file} was not migrated`).toBe(false);
      rmSync(reference, { recursive: true, force: true });

      // LANES copies are killed at once, each KILLS / LANES times in a chain: every run starts from the state the
      // previous kill left (so each is also a rerun of an interrupted run), and a lane that got fully migrated
      // starts over from the original. Each lane has its own seeded schedule.
      const outcomes: Outcome[] = [];
      const lane = async (index: number) => {
        const next = random(seed + index * 0x9e3779b9);
        const project = tempFolder('astro-api-migrate-kill-');
        writeTree(project, { ...Object.fromEntries(original), 'tsconfig.json': TSCONFIG });
        let state = new Map(original);
        for (let k = 0; k < KILLS / LANES; k++) {
          // One kill in four at any moment of the run, the others during the writes (where a kill can hurt).
          const fromFirstWrite = (index * (KILLS / LANES) + k) % 4 !== 0;
          const pendingFiles = files.filter((file) => !state.get(file)!.equals(migrated.get(file)!));
          const window = (writeWindow * pendingFiles.length) / files.length;
          const delay = Math.round(next() * (fromFirstWrite ? window : measured.ms));
          const before = leftovers(project);
          const first = pendingFiles[0]!;
          const run = await runCli(project, { file: path.join(project, first), original: state.get(first)! }, { afterMs: delay, fromFirstWrite });
          const now = new Map<string, Buffer>();
          let migratedCount = 0;
          for (const file of files) {
            const bytes = readFileSync(path.join(project, file));
            const after = migrated.get(file)!;
            if (!bytes.equals(original.get(file)!) && !bytes.equals(after)) {
              throw new Error(`lane ${index} kill ${k} at ${delay} ms (seed ${seed}): ${file} is neither original nor migrated (${bytes.length} bytes)`);
            }
            // A file the chain had migrated is never put back.
            if (state.get(file)!.equals(after)) expect(bytes.equals(after), `${file} went back to v1beta1`).toBe(true);
            if (bytes.equals(after)) migratedCount++;
            now.set(file, bytes);
          }
          const left = leftovers(project);
          const exited = run.signal !== 'SIGKILL';
          if (exited) {
            // The run finished: it removed what earlier kills left and reported each one.
            expect(run.code).toBe(0);
            const report = JSON.parse(run.stdout) as { removedTempFiles: string[] };
            expect(report.removedTempFiles.sort()).toEqual(before);
            expect(left).toEqual([]);
          }
          outcomes.push({ lane: index, delay, fromFirstWrite, pending: pendingFiles.length, migrated: migratedCount, exited, removed: exited ? before.length : 0, left: left.length });
          state = now;
          if (migratedCount === files.length) {
            restore(project, original);
            state = new Map(original);
          }
        }
        // The state the last kill left, run again: the migration completes and no temp file remains.
        const pending = files.filter((file) => !state.get(file)!.equals(migrated.get(file)!)).length;
        const leftBefore = leftovers(project);
        const rerun = await runCli(project, undefined);
        expect(rerun.stderr).toBe('');
        expect(rerun.code).toBe(0);
        for (const [file, after] of migrated) expect(readFileSync(path.join(project, file)).equals(after), file).toBe(true);
        expect((JSON.parse(rerun.stdout) as { removedTempFiles: string[] }).removedTempFiles.sort()).toEqual(leftBefore);
        expect(leftovers(project)).toEqual([]);
        rmSync(project, { recursive: true, force: true }); // now, not all at the end (afterAll removes it on failure)
        return { pending, removed: leftBefore.length };
      };
      const reruns = await Promise.all(Array.from({ length: LANES }, (_, index) => lane(index)));

      expect(outcomes).toHaveLength(KILLS);
      const seconds = ((performance.now() - testStart) / 1000).toFixed(1);
      console.log(
        [
          `kill test: ${original.size} files, full run ${Math.round(measured.ms)} ms (writes from ${Math.round(measured.firstWriteMs!)} ms), ${KILLS} kills in ${LANES} concurrent chains, ${seconds} s in all`,
          ...outcomes.map(
            (o) =>
              `  lane ${o.lane}: kill at ${String(o.delay).padStart(5)} ms ${o.fromFirstWrite ? 'after the first write' : 'after the start       '} with ${String(o.pending).padStart(4)} to migrate: ` +
              `${o.exited ? `run had finished (removed ${o.removed} temp file(s)); ` : ''}${o.migrated} migrated, ${original.size - o.migrated} original, 0 other` +
              (o.left > 0 ? `, ${o.left} temp file(s) left` : ''),
          ),
          ...reruns.map((r, i) => `  lane ${i}: rerun with ${r.pending} to migrate and ${r.removed} temp file(s) left: all ${original.size} migrated, temp files removed`),
        ].join('\n'),
      );
    },
    600_000,
  );
});
