import { parseArgs } from 'node:util';
import { writeFileSafely } from '@astro-api/safe-write';
import { isSpecError, listApis } from '@astro-api/spec-loader';
import { formatPlan, formatSummary, toJUnit } from './report.js';
import { ConnectionError, plan, runConformance } from './runner.js';
import { ResponseValidator } from './validator.js';

export const USAGE =
  'usage: astro-api-contract --base-url URL --organization ID [--token-env NAME] [--api v1|v1beta1-iam|v1beta1-platform] [--allow-writes] [--dry-run] [--json FILE] [--junit FILE] [--max-requests N] [--id NAME=ID]... [--run-id ID] [--quiet]';

export interface MainIo {
  env: Record<string, string | undefined>;
  out: (text: string) => void;
  err: (text: string) => void;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

class UsageError extends Error {}

/** The manifest API whose server path the base URL ends with (`…/iam/v1beta1` → `v1beta1-iam`), else `v1`. */
export function apiFromBaseUrl(baseUrl: string): string {
  const path = new URL(baseUrl).pathname.replace(/\/+$/, '');
  const match = listApis()
    .map((api) => ({ id: api.id, path: new URL(api.server).pathname.replace(/\/+$/, '') }))
    .sort((a, b) => b.path.length - a.path.length)
    .find((api) => path.endsWith(api.path));
  return match?.id ?? 'v1';
}

/**
 * The CLI without the process: returns the exit code (0 conformant, 1 violations or leftovers, 2 usage or
 * connection error). The token is read from the environment variable named by --token-env (never from
 * the command line, where `ps` would show it) and is written nowhere.
 */
export async function main(argv: readonly string[], io: MainIo): Promise<number> {
  let token: string | undefined;
  const fail = (message: string) => {
    const line = token ? message.split(token).join('[redacted]') : message;
    io.err(`astro-api-contract: ${line.split('\n')[0]}`);
    return 2;
  };
  try {
    const { values } = parseArgs({
      args: [...argv],
      options: {
        'base-url': { type: 'string' },
        'token-env': { type: 'string', default: 'ASTRO_API_TOKEN' },
        organization: { type: 'string' },
        api: { type: 'string' },
        'allow-writes': { type: 'boolean', default: false },
        'dry-run': { type: 'boolean', default: false },
        json: { type: 'string' },
        junit: { type: 'string' },
        'max-requests': { type: 'string' },
        id: { type: 'string', multiple: true, default: [] },
        'run-id': { type: 'string' },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    });
    if (values.help) {
      io.out(USAGE);
      return 0;
    }
    const known = listApis().map((a) => a.id);
    let baseUrl: string | undefined;
    if (values['base-url'] !== undefined) {
      try {
        const url = new URL(values['base-url']);
        if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error();
        baseUrl = url.href.replace(/\/+$/, '');
      } catch {
        throw new UsageError(`--base-url must be an http(s) URL, not "${values['base-url']}"`);
      }
    }
    const api = values.api ?? (baseUrl ? apiFromBaseUrl(baseUrl) : 'v1');
    if (!known.includes(api)) throw new UsageError(`--api must be one of ${known.join(', ')}, not "${api}"`);
    let maxRequests: number | undefined;
    if (values['max-requests'] !== undefined) {
      maxRequests = Number(values['max-requests']);
      if (!Number.isInteger(maxRequests) || maxRequests < 1) throw new UsageError(`--max-requests must be a positive integer, not "${values['max-requests']}"`);
    }
    const ids: Record<string, string> = {};
    for (const pair of values.id ?? []) {
      const m = /^([A-Za-z][A-Za-z0-9]*)=(.+)$/.exec(pair);
      if (!m) throw new UsageError(`--id takes NAME=ID (e.g. deploymentId=clx…), not "${pair}"`);
      ids[m[1]!] = m[2]!;
    }
    if (values['run-id'] !== undefined && !/^[a-z0-9]{1,12}$/.test(values['run-id'])) throw new UsageError('--run-id must be 1 to 12 lowercase letters or digits');

    if (values['dry-run']) {
      io.out(formatPlan(api, plan(new ResponseValidator(api), values['allow-writes'])));
      return 0;
    }
    if (!baseUrl) throw new UsageError('--base-url is required (e.g. https://api.astronomer.io/v1)');
    if (!values.organization) throw new UsageError('--organization is required (the Organization ID the token belongs to)');
    token = io.env[values['token-env']];
    if (!token) throw new UsageError(`the environment variable ${values['token-env']} (--token-env) holds no token`);

    const report = await runConformance({
      baseUrl,
      token,
      organizationId: values.organization,
      api,
      allowWrites: values['allow-writes'],
      maxRequests,
      ids,
      runId: values['run-id'],
      fetch: io.fetch,
      sleep: io.sleep,
      log: values.quiet ? undefined : (line) => io.err(line),
    });
    io.out(formatSummary(report));
    try {
      if (values.json) writeFileSafely(values.json, JSON.stringify(report, null, 2) + '\n');
      if (values.junit) writeFileSafely(values.junit, toJUnit(report));
    } catch (error) {
      return fail(`cannot write the report: ${(error as Error).message}`);
    }
    return report.summary.violations > 0 || report.leftovers.length > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConnectionError || isSpecError(error)) return fail(error.message);
    if ((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) return fail(`${(error as Error).message} (${USAGE.slice(7, 60)}…; see --help)`);
    throw error;
  }
}
