import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the server saw it. */
export interface SeenRequest {
  method: string;
  /** Path and query, e.g. `/v1/organizations/o1/tokens?offset=0`. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status?: number;
  /** The reason phrase of the status line (Node's default for the status when absent). */
  statusText?: string;
  headers?: Record<string, string>;
  /** Serialised as JSON unless it is a string. */
  body?: unknown;
  /** Hold the reply back this long (for timeout tests). */
  delayMs?: number;
  /** Send the status and headers at once but the body only after this long (a deadline while reading). */
  bodyDelayMs?: number;
  /** Destroy the socket instead of answering (a network error). */
  hangUp?: boolean;
}

export interface LoopbackServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  requests: SeenRequest[];
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 and a free port. Each request is recorded, then answered by
 * `handle` — the client under test goes through undici, sockets and HTTP parsing like in production.
 */
export async function startLoopbackServer(handle: (request: SeenRequest, index: number) => Reply | Promise<Reply>): Promise<LoopbackServer> {
  const requests: SeenRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const seen: SeenRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(seen);
      const reply = await handle(seen, requests.length - 1);
      if (reply.hangUp) {
        req.socket.destroy();
        return;
      }
      const send = () => {
        if (res.destroyed) return;
        const body = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
        const headers = { ...(typeof reply.body === 'string' || reply.body === undefined ? {} : { 'content-type': 'application/json' }), ...reply.headers };
        const status = reply.status ?? 200;
        if (reply.statusText !== undefined) res.statusMessage = reply.statusText;
        if (!reply.bodyDelayMs) return void res.writeHead(status, headers).end(body);
        res.writeHead(status, headers).flushHeaders();
        const timer = setTimeout(() => {
          timers.delete(timer);
          if (!res.destroyed) res.end(body);
        }, reply.bodyDelayMs);
        timers.add(timer);
      };
      if (reply.delayMs) {
        const timer = setTimeout(() => {
          timers.delete(timer);
          send();
        }, reply.delayMs);
        timers.add(timer);
      } else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The Error schema body the Astro API sends with every non-2xx. */
export function errorBody(statusCode: number, message: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { statusCode, message, requestId: `req-${statusCode}`, ...extra };
}
