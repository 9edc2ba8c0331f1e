import { createHash } from 'node:crypto';
import { responseSchema, successStatus } from '../context.js';
import { notFound } from '../http-error.js';
import type { Family } from '../registry.js';
import type { ResourceStore } from '../store/resources.js';

export interface LogEntry {
  readonly timestamp: number;
  readonly source: string;
  readonly raw: string;
}

/** At most this many lines are kept per Deployment; older ones are dropped first. */
const MAX_LINES = 1000;

/**
 * What a Deployment's Airflow components would have logged about the changes made through the mock
 * (created, deploy started, deploy finalized, rolled back, hibernation override set or removed), so
 * GetDeploymentLogs shows the effect of earlier calls. Lines are the mock's own wording.
 */
export class DeploymentLogBook {
  private readonly lines = new Map<string, LogEntry[]>();

  append(deploymentId: string, source: string, raw: string, now: Date): void {
    const list = this.lines.get(deploymentId) ?? [];
    list.push({ timestamp: now.getTime() / 1000, source, raw });
    if (list.length > MAX_LINES) list.splice(0, list.length - MAX_LINES);
    this.lines.set(deploymentId, list);
  }

  entries(deploymentId: string): readonly LogEntry[] {
    return this.lines.get(deploymentId) ?? [];
  }
}

/** GetDeploymentLogs: the Deployment's lines from the requested sources, paged with a stable search ID. */
export function logFamily(resources: ResourceStore, book: DeploymentLogBook): Family {
  return {
    name: 'deployment-logs',
    handlers: {
      GetDeploymentLogs: (ctx) => {
        const deploymentId = ctx.pathParams.deploymentId!;
        if (!resources.deployment(deploymentId)) throw notFound('Deployment', deploymentId);
        const sources = [ctx.query.sources ?? []].flat().map(String);
        const rangeSeconds = typeof ctx.query.range === 'number' ? ctx.query.range : undefined;
        const since = rangeSeconds === undefined ? -Infinity : ctx.now.getTime() / 1000 - rangeSeconds;
        const matching = book.entries(deploymentId).filter((e) => (sources.length === 0 || sources.includes(e.source)) && e.timestamp >= since);
        const maxNumResults = Number(ctx.query.maxNumResults ?? 1000);
        const capped = matching.slice(-maxNumResults);
        const offset = Number(ctx.query.offset ?? 0);
        const limit = Number(ctx.query.limit ?? 100);
        const results = capped.slice(offset, offset + limit);
        const searchId = typeof ctx.query.searchId === 'string' ? ctx.query.searchId : createHash('sha256').update(`${deploymentId}|${sources.join(',')}|${String(rangeSeconds)}`).digest('hex').slice(0, 24);
        const status = successStatus(ctx.operation);
        const body = { limit, maxNumResults, offset, resultCount: results.length, results: results.map((r) => ({ ...r })), searchId };
        return { status, body: resources.conform(body, responseSchema(ctx.operation, status)?.pointer) };
      },
    },
  };
}
