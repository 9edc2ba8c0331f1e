import { responseSchema, successStatus, type RequestContext } from '../context.js';
import { badRequest, notFound } from '../http-error.js';
import type { Family } from '../registry.js';
import { isoSeconds } from '../sample.js';
import type { Item, ResourceStore } from '../store/resources.js';
import type { DeploymentLogBook } from './deployment-log.js';

/** What a Deployment reported before an override, kept so that removing the override restores it. */
const BEFORE_OVERRIDE = '__beforeHibernationOverride';

/**
 * Hibernation overrides keep a development Deployment asleep or awake regardless of its schedules.
 * Setting one changes what the Deployment reports (`status`, the override under
 * `scalingSpec.hibernationSpec`, `scalingStatus.hibernationStatus`); deleting it restores what the
 * schedules had it report before.
 */
export function hibernationFamily(resources: ResourceStore, log: DeploymentLogBook): Family {
  const deploymentOf = (ctx: RequestContext): Item => {
    const deployment = resources.deployment(ctx.pathParams.deploymentId);
    if (!deployment) throw notFound('Deployment', ctx.pathParams.deploymentId!);
    return deployment;
  };
  return {
    name: 'hibernation',
    handlers: {
      UpdateDeploymentHibernationOverride: (ctx) => {
        const deployment = deploymentOf(ctx);
        if (deployment.isDevelopmentMode !== true) throw badRequest('hibernation overrides apply only to Deployments in development mode (isDevelopmentMode)');
        const raw = ctx.body as { isHibernating?: unknown; overrideUntil?: string | null };
        const body = { isHibernating: raw.isHibernating === true, overrideUntil: typeof raw.overrideUntil === 'string' ? raw.overrideUntil : undefined };
        if (body.overrideUntil !== undefined && Date.parse(body.overrideUntil) <= ctx.now.getTime()) {
          throw badRequest('overrideUntil must be in the future', [{ field: 'overrideUntil', code: 'min', message: 'overrideUntil must be in the future' }]);
        }
        if (!(BEFORE_OVERRIDE in deployment)) {
          deployment[BEFORE_OVERRIDE] = { status: deployment.status, hibernationStatus: (deployment.scalingStatus as Item | undefined)?.hibernationStatus };
        }
        const override = { isActive: true, isHibernating: body.isHibernating, ...(body.overrideUntil ? { overrideUntil: body.overrideUntil } : {}) };
        const spec = ((deployment.scalingSpec as Item | undefined) ?? {}) as Item;
        deployment.scalingSpec = { ...spec, hibernationSpec: { ...((spec.hibernationSpec as Item | undefined) ?? {}), override } };
        deployment.scalingStatus = {
          ...((deployment.scalingStatus as Item | undefined) ?? {}),
          hibernationStatus: {
            isHibernating: body.isHibernating,
            reason: 'hibernation override',
            ...(body.overrideUntil ? { nextEventAt: body.overrideUntil, nextEventType: body.isHibernating ? 'WAKE' : 'HIBERNATE' } : {}),
          },
        };
        deployment.status = body.isHibernating ? 'HIBERNATING' : 'HEALTHY';
        deployment.updatedAt = isoSeconds(ctx.now);
        log.append(String(deployment.id), 'scheduler', `hibernation override set: ${body.isHibernating ? 'hibernating' : 'awake'}${body.overrideUntil ? ` until ${body.overrideUntil}` : ''}`, ctx.now);
        const status = successStatus(ctx.operation);
        return { status, body: resources.conform(override, responseSchema(ctx.operation, status)?.pointer) };
      },
      DeleteDeploymentHibernationOverride: (ctx) => {
        const deployment = deploymentOf(ctx);
        restoreSchedule(deployment, ctx.now);
        log.append(String(deployment.id), 'scheduler', 'hibernation override removed: the hibernation schedules apply again', ctx.now);
        return { status: successStatus(ctx.operation) };
      },
    },
  };
}

/** Ends a Deployment's override: it reports again what its schedules had it report before. */
function restoreSchedule(deployment: Item, now: Date): void {
  const before = deployment[BEFORE_OVERRIDE] as { status: unknown; hibernationStatus: unknown } | undefined;
  if (before) {
    deployment.status = before.status;
    const scalingStatus = { ...((deployment.scalingStatus as Item | undefined) ?? {}) };
    if (before.hibernationStatus === undefined) delete scalingStatus.hibernationStatus;
    else scalingStatus.hibernationStatus = before.hibernationStatus;
    deployment.scalingStatus = scalingStatus;
    delete deployment[BEFORE_OVERRIDE];
  }
  const spec = deployment.scalingSpec as Item | undefined;
  const hibernationSpec = spec?.hibernationSpec as Item | undefined;
  if (spec && hibernationSpec) {
    const { override: _removed, ...rest } = hibernationSpec;
    deployment.scalingSpec = { ...spec, hibernationSpec: rest };
  }
  deployment.updatedAt = isoSeconds(now);
}

/** An override whose `overrideUntil` has passed is over: called before a Deployment is read. */
export function expireOverride(deployment: Item, now: Date): void {
  const override = ((deployment.scalingSpec as Item | undefined)?.hibernationSpec as Item | undefined)?.override as Item | undefined;
  if (typeof override?.overrideUntil === 'string' && Date.parse(override.overrideUntil) <= now.getTime()) restoreSchedule(deployment, now);
}
