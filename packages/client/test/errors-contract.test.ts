/**
 * Issue 21: what the README promises about results and errors, pinned.
 * - One name for the HTTP status: `statusCode`, on the API's Error body and on AstroApiError
 *   (`AstroApiError.status` is a deprecated alias).
 * - The default (non-throwing) mode resolves with `{ data }` or `{ error }` only when the server
 *   answered: a refused connection, the deadline and the caller's abort still reject.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { AstroApiError, AstroConnectionError, AstroError, AstroTimeoutError, createAstroClient } from '../src/v1.js';
import { errorBody, startLoopbackServer, type LoopbackServer, type Reply } from './support/loopback-server.js';

const TOKEN = 'astro-contract-token-3f0a9c';
const tokenPath = '/organizations/{organizationId}/tokens/{tokenId}' as const;
const params = { path: { organizationId: 'org1', tokenId: 'tok1' } };

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(reply: Reply): Promise<string> {
  server = await startLoopbackServer(() => reply);
  return server.origin;
}

describe('one name for the status: statusCode', () => {
  it('AstroApiError.statusCode is error.statusCode of the body; status is the same number, kept as an alias', async () => {
    const origin = await serve({ status: 404, body: errorBody(404, 'no such token') });
    const error = (await createAstroClient({ token: TOKEN, baseUrl: origin, retry: false, throwOnError: true })
      .GET(tokenPath, { params })
      .catch((caught: unknown) => caught)) as AstroApiError;
    expect(error).toBeInstanceOf(AstroApiError);
    expect([error.statusCode, error.error.statusCode, error.status]).toEqual([404, 404, 404]);
    // The alias is a getter on the prototype: serialised errors carry one name.
    const json = JSON.parse(JSON.stringify(error)) as Record<string, unknown>;
    expect(json.statusCode).toBe(404);
    expect('status' in json).toBe(false);
  });

  it('the non-throwing result uses the same name: error.statusCode', async () => {
    const origin = await serve({ status: 409, body: errorBody(409, 'conflict') });
    const { error } = await createAstroClient({ token: TOKEN, baseUrl: origin, retry: false }).GET(tokenPath, { params });
    expect(error?.statusCode).toBe(409);
  });

  it('AstroApiError.status is marked @deprecated for editors and linters, statusCode is not', () => {
    const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/errors.ts');
    const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const cls = source.statements.find((node): node is ts.ClassDeclaration => ts.isClassDeclaration(node) && node.name?.text === 'AstroApiError')!;
    const tags = (name: string) =>
      cls.members.filter((member) => member.name && ts.isIdentifier(member.name) && member.name.text === name).flatMap((member) => ts.getJSDocTags(member).map((tag) => tag.tagName.text));
    expect(tags('statusCode')).toEqual([]);
    expect(tags('status')).toContain('deprecated');
    expect(tags('statusCode')).not.toContain('deprecated');
  });
});

describe('the default (non-throwing) mode: { data } or { error } when the server answered, a rejection when it did not', () => {
  const client = (baseUrl: string, extra: Record<string, unknown> = {}) => createAstroClient({ token: TOKEN, baseUrl, retry: false, ...extra });

  it('an HTTP error resolves with { error }', async () => {
    const origin = await serve({ status: 500, body: errorBody(500, 'boom') });
    const result = await client(origin).GET(tokenPath, { params });
    expect(result.error?.message).toBe('boom');
    expect(result.data).toBeUndefined();
  });

  it('a refused connection rejects with AstroConnectionError (code ECONNREFUSED), it does not resolve', async () => {
    const origin = await serve({});
    await server!.close();
    server = undefined;
    const outcome = await client(origin).GET(tokenPath, { params }).then(
      (result) => ({ resolved: result }),
      (error: unknown) => ({ rejected: error }),
    );
    expect(outcome).toEqual({ rejected: expect.any(AstroConnectionError) });
    expect((outcome as { rejected: AstroConnectionError }).rejected).toMatchObject({ code: 'ECONNREFUSED', method: 'GET' });
    expect((outcome as { rejected: unknown }).rejected).toBeInstanceOf(AstroError);
  });

  it('a passed deadline rejects with AstroTimeoutError', async () => {
    const origin = await serve({ delayMs: 2_000, body: {} });
    const error = await client(origin, { timeoutMs: 60 }).GET(tokenPath, { params }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AstroTimeoutError);
    expect(error).toBeInstanceOf(AstroError);
  });

  it("the caller's abort rejects with the signal's own reason (not an AstroError)", async () => {
    const origin = await serve({ delayMs: 2_000, body: {} });
    const controller = new AbortController();
    const reason = new Error('the user cancelled');
    const pending = client(origin).GET(tokenPath, { params, signal: controller.signal });
    setTimeout(() => controller.abort(reason), 20);
    await expect(pending).rejects.toBe(reason);
  });
});
