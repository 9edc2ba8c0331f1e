import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listApis } from '@astro-api/spec-loader';
import { formatFinding, requestFindings, responseFindings, revisionOf, type Finding } from './findings.js';
import { HttpError } from './http-error.js';
import { bearerParts, loggableTarget, parseTarget, readRawBody } from './io.js';
import { DEFAULT_LIMITS } from './limits.js';
import { redact, type TokenLookup } from './redact.js';
import { validateRequest } from './request.js';
import { Router } from './router.js';
import { loadMockSpec, type OperationInfo } from './spec.js';
import { SpecValidator } from './validation.js';

export interface ProxyOptions {
  /** Base URL of the server to hold to the spec, e.g. `https://api.astronomer.io/v1` or a mock's URL. */
  upstream: string;
  /** Manifest key of the API the upstream serves (its current revision is the contract). */
  api?: string;
  /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** One line per request and per finding, token values redacted. */
  log?: (line: string) => void;
  /** Where `close()` writes the JSON report (findings and counts); none when absent. */
  report?: string;
  /** For tests: the fetch used to reach the upstream. */
  fetch?: typeof fetch;
}

export interface ProxyReport {
  api: string;
  revision: string;
  upstream: string;
  requests: number;
  /** operationId → statuses seen. */
  exercised: Record<string, number[]>;
  findings: Finding[];
}

export interface ValidatingProxy {
  /** Base URL to point a client at: the proxy's origin plus the upstream's base path. */
  readonly url: string;
  readonly port: number;
  /** The API and revision requests and answers are held to. */
  readonly api: string;
  readonly revision: string;
  readonly findings: readonly Finding[];
  /** Stops listening, writes the report (when `report` was given) and returns it. */
  close(): Promise<ProxyReport>;
}

/** Secrets the proxy has seen (bearers presented, `token` fields answered), kept as hashes for the mock's redaction. */
class SeenSecrets implements TokenLookup {
  private readonly hashes = new Set<string>();
  private readonly lengths = new Set<number>();
  add(value: string): void {
    if (value.length < 8) return;
    this.hashes.add(createHash('sha256').update(value).digest('hex'));
    this.lengths.add(value.length);
  }
  isTokenValue(value: string): boolean {
    return this.hashes.has(createHash('sha256').update(value).digest('hex'));
  }
  valueLengths(): Iterable<number> {
    return this.lengths;
  }
}

/** The manifest API whose server path the upstream's path ends with (`…/iam/v1beta1` → `v1beta1-iam`), else `v1`. */
function apiOfPath(pathname: string): string {
  const trimmed = pathname.replace(/\/+$/, '');
  const match = listApis()
    .map((a) => ({ id: a.id, path: new URL(a.server).pathname.replace(/\/+$/, '') }))
    .sort((a, b) => b.path.length - a.path.length)
    .find((a) => trimmed.endsWith(a.path));
  return match?.id ?? 'v1';
}

const HOP_BY_HOP = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'accept-encoding', 'upgrade', 'proxy-connection', 'te', 'trailer']);

/** `token` string fields anywhere in a JSON body (CreateApiToken, RotateApiToken, CreateAgentToken answers). */
function tokenFields(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) tokenFields(v, out);
  else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'token' && typeof v === 'string') out.push(v);
      else tokenFields(v, out);
    }
  }
  return out;
}

/**
 * A validating proxy: forwards every request to the upstream unchanged and holds each request and
 * answer to the spec revision of its API with the mock's own validation, logging every finding in the
 * runner's format (operation, spec pointer, revision, message). Every line goes through the mock's one
 * redaction (`redact.ts`) with the bearer the request presented and every token value seen in answers.
 */
export async function startValidatingProxy(options: ProxyOptions): Promise<ValidatingProxy> {
  let upstream: URL;
  try {
    upstream = new URL(options.upstream);
  } catch {
    throw new Error(`--upstream is not a URL: ${options.upstream}`);
  }
  if (upstream.protocol !== 'http:' && upstream.protocol !== 'https:') throw new Error(`--upstream must be http or https, not ${upstream.protocol}`);
  const api = options.api ?? apiOfPath(upstream.pathname);
  const spec = loadMockSpec({ api });
  const validator = new SpecValidator(spec);
  const router = new Router(spec.operations);
  const basePath = upstream.pathname.replace(/\/+$/, '');
  const doFetch = options.fetch ?? fetch;
  const secrets = new SeenSecrets();
  const findings: Finding[] = [];
  const exercised: Record<string, number[]> = {};
  let requests = 0;
  const log = (line: string, presented: readonly string[]) => options.log?.(redact(line, secrets, presented));

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    requests++;
    const presented = bearerParts(req.headers.authorization);
    for (const value of presented) secrets.add(value);
    let target = { pathname: '/', search: new URLSearchParams() };
    let operation: OperationInfo | undefined;
    const raw = await readRawBody(req, DEFAULT_LIMITS.maxBodyBytes);
    const found: Finding[] = [];
    try {
      target = parseTarget(req.url ?? '/');
      const relative = target.pathname === basePath ? '/' : target.pathname.startsWith(basePath + '/') ? target.pathname.slice(basePath.length) : undefined;
      const match = relative !== undefined ? router.match((req.method ?? 'GET').toLowerCase(), relative) : undefined;
      if (match && 'operation' in match) {
        operation = match.operation;
        let body: unknown;
        if (raw.length > 0) {
          try {
            body = JSON.parse(raw.toString('utf8'));
          } catch {
            body = raw.toString('utf8');
          }
        }
        try {
          validateRequest(validator, operation, match.pathParams, target.search, req, body, undefined, new Date());
        } catch (error) {
          if (!(error instanceof HttpError)) throw error;
          found.push(...requestFindings(spec, operation, error.fieldErrors ?? [], error.message));
        }
      } else {
        found.push({ kind: 'violation', api, revision: revisionOf(spec), operationId: '(none)', method: req.method ?? 'GET', path: target.pathname, direction: 'request', pointer: '/paths', message: `no operation of the spec at ${req.method} ${relative ?? target.pathname}` });
      }
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      found.push({ kind: 'violation', api, revision: revisionOf(spec), operationId: '(none)', method: req.method ?? 'GET', path: '(unparsable)', direction: 'request', pointer: '/paths', message: error.message });
    }

    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || HOP_BY_HOP.has(name)) continue;
      for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
    }
    const forwardTo = `${upstream.origin}${req.url ?? '/'}`;
    let answer: Response;
    try {
      answer = await doFetch(forwardTo, { method: req.method, headers, body: raw.length > 0 ? raw : undefined, redirect: 'manual' });
    } catch (error) {
      log(`${req.method} ${loggableTarget(target.pathname, target.search, operation)} → upstream unreachable: ${(error as Error).message}`, presented);
      res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'the validating proxy could not reach the upstream', statusCode: 502 }));
      return;
    }
    const bytes = Buffer.from(await answer.arrayBuffer());
    const text = bytes.toString('utf8');
    if (/json/.test(answer.headers.get('content-type') ?? '') || text.startsWith('{')) {
      try {
        for (const value of tokenFields(JSON.parse(text))) secrets.add(value);
      } catch {
        /* not JSON: nothing to learn */
      }
    }
    if (operation) {
      (exercised[operation.operationId] ??= []).push(answer.status);
      found.push(...responseFindings(spec, validator, operation, answer.status, answer.headers, text));
    }
    findings.push(...found);
    log(`${req.method} ${loggableTarget(target.pathname, target.search, operation)} → ${answer.status}${operation ? ` ${operation.operationId}` : ''}${found.length > 0 ? ` (${found.length} finding${found.length === 1 ? '' : 's'})` : ''}`, presented);
    for (const finding of found) log(`  ${formatFinding(finding)}`, presented);
    const out: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      if (!HOP_BY_HOP.has(name) && name !== 'content-encoding') out[name] = value;
    });
    res.writeHead(answer.status, out).end(bytes);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      options.log?.(redact(`astro-api-mock proxy: could not relay: ${(error as Error).message}`, secrets, bearerParts(req.headers.authorization)));
      if (!res.headersSent) res.writeHead(502).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  let closed: Promise<ProxyReport> | undefined;
  return {
    url: `http://127.0.0.1:${port}${basePath}`,
    port,
    api,
    revision: revisionOf(spec),
    findings,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }).then(() => {
        const report: ProxyReport = { api, revision: revisionOf(spec), upstream: upstream.origin + basePath, requests, exercised, findings };
        if (options.report) writeFileSync(options.report, redact(JSON.stringify(report, null, 2), secrets) + '\n');
        return report;
      });
      return closed;
    },
  };
}

const PROXY_USAGE = 'usage: astro-api-mock proxy --upstream URL [--api v1|v1beta1-iam|v1beta1-platform] [--port N] [--report FILE] [--quiet]';

/**
 * `astro-api-mock proxy`: runs the validating proxy until SIGINT or SIGTERM, then writes the report and
 * exits 0 (no findings) or 1 (findings). Usage errors: one line, exit 2.
 */
export async function proxyMain(argv: readonly string[]): Promise<number> {
  const { parseArgs } = await import('node:util');
  const { isSpecError } = await import('@astro-api/spec-loader');
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        upstream: { type: 'string' },
        api: { type: 'string' },
        port: { type: 'string', default: '4011' },
        report: { type: 'string' },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    console.error(`astro-api-mock proxy: ${(error as Error).message.split('\n')[0]}`);
    return 2;
  }
  if (values.help) {
    console.log(PROXY_USAGE);
    return 0;
  }
  if (!values.upstream) {
    console.error(`astro-api-mock proxy: --upstream is required (${PROXY_USAGE.slice(7)})`);
    return 2;
  }
  const known = listApis().map((a) => a.id);
  if (values.api !== undefined && !known.includes(values.api)) {
    console.error(`astro-api-mock proxy: --api must be one of ${known.join(', ')}, not "${values.api}"`);
    return 2;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`astro-api-mock proxy: --port must be an integer between 0 and 65535, not "${values.port}"`);
    return 2;
  }
  let proxy: ValidatingProxy;
  try {
    proxy = await startValidatingProxy({ upstream: values.upstream, api: values.api, port, report: values.report, log: values.quiet ? undefined : (line) => console.log(line) });
  } catch (error) {
    if (isSpecError(error) || (error as Error).message.startsWith('--upstream')) {
      console.error(`astro-api-mock proxy: ${(error as Error).message}`);
      return 2;
    }
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      console.error(`astro-api-mock proxy: port ${port} is already in use`);
      return 2;
    }
    throw error;
  }
  console.log(`validating proxy for ${values.upstream} (${proxy.api} ${proxy.revision}) listening on ${proxy.url}`);
  const stop = () =>
    void proxy.close().then((report) => {
      console.log(`${report.requests} requests, ${report.findings.length} findings${values.report ? `; report written to ${values.report}` : ''}`);
      process.exit(report.findings.length > 0 ? 1 : 0);
    });
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return -1;
}
