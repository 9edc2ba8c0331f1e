import { createHash } from 'node:crypto';
import { responseSchema, successStatus, type Reply, type RequestContext } from '../context.js';
import { badRequest, notFound } from '../http-error.js';
import { newId } from '../ids.js';
import type { Family } from '../registry.js';
import { isoSeconds } from '../sample.js';
import { listPage } from '../store/generic.js';
import { objectShape } from '../schema-shape.js';
import type { Item, ResourceStore } from '../store/resources.js';
import type { DeploymentLogBook } from './deployment-log.js';

/** Internal fields kept on stored items (no schema declares them, so answers never show them). */
export const CURRENT_DEPLOY = '__currentDeployId';
const UPLOADED = '__uploaded';

/** Where a deploy's archives go: `PUT <base>/__mock-uploads/<deployId>/<file>` (outside the API, like a storage URL). */
export const UPLOAD_PREFIX = '/__mock-uploads/';

/**
 * Deploys, as the deploy guide describes them: CreateDeploy starts one (INITIALIZED) and says where to
 * push the image and, with DAG deploys on, where to upload the DAG archive; FinalizeDeploy marks it
 * DEPLOYED and the Deployment starts using its image tag and DAG tarball; DeployRollback returns the
 * Deployment to an earlier DEPLOYED deploy through a new deploy that records `rollbackFromId`.
 */
export function deployFamily(resources: ResourceStore, log: DeploymentLogBook, baseUrl: () => string): Family {
  const collection = (ctx: RequestContext) => `/organizations/${ctx.pathParams.organizationId}/deployments/${ctx.pathParams.deploymentId}/deploys`;
  const deploymentOf = (ctx: RequestContext): Item => {
    const deployment = resources.deployment(ctx.pathParams.deploymentId);
    if (!deployment) throw notFound('Deployment', ctx.pathParams.deploymentId!);
    return deployment;
  };
  const deployOf = (ctx: RequestContext): Item => {
    const deploy = resources.find(collection(ctx), ctx.pathParams.deployId!);
    if (!deploy) throw notFound('Deploy', ctx.pathParams.deployId!);
    return deploy;
  };
  const answer = (ctx: RequestContext, deploy: Item): Reply => {
    const status = successStatus(ctx.operation);
    return { status, body: resources.conform(deploy, responseSchema(ctx.operation, status)?.pointer) };
  };
  const subject = (ctx: RequestContext) => (ctx.caller ? { id: ctx.caller.id, subjectType: 'SERVICEKEY', apiTokenName: ctx.caller.name } : undefined);
  /** The Deployment now runs this deploy's image and DAGs. */
  const apply = (deployment: Item, deploy: Item, now: Date) => {
    if (typeof deploy.imageTag === 'string') deployment.imageTag = deploy.imageTag;
    if (typeof deploy.dagTarballVersion === 'string' && deploy.dagTarballVersion !== '') {
      deployment.dagTarballVersion = deploy.dagTarballVersion;
      deployment.desiredDagTarballVersion = deploy.dagTarballVersion;
    }
    deployment.updatedAt = isoSeconds(now);
    deployment[CURRENT_DEPLOY] = deploy.id;
  };

  return {
    name: 'deploys',
    handlers: {
      ListDeploys: (ctx) => {
        deploymentOf(ctx);
        const all = [...resources.items(collection(ctx)).values()].filter((d) => d.deploymentId === ctx.pathParams.deploymentId);
        return { status: successStatus(ctx.operation), body: listPage(resources, ctx.operation, all, ctx, responseSchema(ctx.operation, successStatus(ctx.operation))?.pointer) };
      },
      CreateDeploy: (ctx) => {
        const deployment = deploymentOf(ctx);
        const body = ctx.body as { type: string; description?: string; bundleType?: string; bundleMountPath?: string };
        const dagDeploys = deployment.isDagDeployEnabled === true;
        if ((body.type === 'DAG_ONLY' || body.type === 'BUNDLE') && !dagDeploys) {
          throw badRequest(`a ${body.type} deploy needs DAG deploys, which are off for Deployment ${String(deployment.id)}`);
        }
        const id = newId();
        const carriesImage = body.type === 'IMAGE_AND_DAG' || body.type === 'IMAGE_ONLY';
        const uploads = `${baseUrl()}${UPLOAD_PREFIX}${id}`;
        // The published Deploy.type has no BUNDLE value (CreateDeployRequest.type has): a bundle deploy
        // is reported as the DAG deploy it is where the answer cannot carry BUNDLE.
        const typeAt = objectShape(resources.spec, responseSchema(ctx.operation, successStatus(ctx.operation))!.pointer!).properties.get('type');
        const reportedType = typeAt && !resources.accepts(typeAt, body.type) ? 'DAG_ONLY' : body.type;
        const deploy: Item = {
          id,
          deploymentId: deployment.id,
          type: reportedType,
          status: 'INITIALIZED',
          description: body.description ?? '',
          imageRepository: deployment.imageRepository,
          // An image deploy gets a fresh tag to push to; a DAG-only deploy keeps the running image.
          imageTag: carriesImage ? `deploy-${isoSeconds(ctx.now).replace(/[-:TZ]/g, '')}-${id.slice(-6)}` : deployment.imageTag,
          isDagDeployEnabled: dagDeploys,
          airflowVersion: deployment.airflowVersion,
          astroRuntimeVersion: deployment.astroRuntimeVersion,
          createdAt: isoSeconds(ctx.now),
          updatedAt: isoSeconds(ctx.now),
          createdBySubject: subject(ctx),
          ...(dagDeploys && body.type !== 'IMAGE_ONLY' && body.type !== 'BUNDLE' ? { dagsUploadUrl: `${uploads}/dags.tar.gz` } : {}),
          ...(dagDeploys && body.type === 'BUNDLE' ? { bundleUploadUrl: `${uploads}/bundle.tar.gz`, bundleMountPath: body.bundleMountPath } : {}),
        };
        resources.insert(collection(ctx), deploy);
        log.append(String(deployment.id), 'scheduler', `deploy ${id} (${body.type}) started${body.description ? `: ${body.description}` : ''}`, ctx.now);
        return answer(ctx, deploy);
      },
      GetDeploy: (ctx) => answer(ctx, deployOf(ctx)),
      UpdateDeploy: (ctx) => {
        const deploy = deployOf(ctx);
        const body = ctx.body as { description?: string } | undefined;
        if (body?.description !== undefined) deploy.description = body.description;
        deploy.updatedAt = isoSeconds(ctx.now);
        deploy.updatedBySubject = subject(ctx);
        return answer(ctx, deploy);
      },
      FinalizeDeploy: (ctx) => {
        const deployment = deploymentOf(ctx);
        const deploy = deployOf(ctx);
        if (deploy.status !== 'INITIALIZED') throw badRequest(`deploy ${String(deploy.id)} is already ${String(deploy.status)}; only an INITIALIZED deploy can be finalized`);
        const body = (ctx.body ?? {}) as { dagTarballVersion?: string; bundleTarballVersion?: string };
        const uploaded = deploy[UPLOADED] as string | undefined;
        // A deploy that ships its DAGs (or bundle) through an upload URL is complete only once the archive
        // is there: the API refuses to finalize it before (400), whatever version the body names.
        const uploadField = deploy.dagsUploadUrl ? 'dagsUploadUrl' : deploy.bundleUploadUrl ? 'bundleUploadUrl' : undefined;
        if (uploadField && uploaded === undefined) {
          throw badRequest(`deploy ${String(deploy.id)} cannot be finalized: no ${uploadField === 'dagsUploadUrl' ? 'DAG' : 'bundle'} archive was uploaded to its ${uploadField}; upload it (PUT) first`);
        }
        // The version names what was shipped: the one given, else the uploaded archive's digest, else the deploy.
        if (deploy.type !== 'IMAGE_ONLY') deploy.dagTarballVersion = body.dagTarballVersion ?? body.bundleTarballVersion ?? uploaded ?? `dags-${String(deploy.id).slice(-8)}`;
        deploy.status = 'DEPLOYED';
        deploy.updatedAt = isoSeconds(ctx.now);
        deploy.updatedBySubject = subject(ctx);
        apply(deployment, deploy, ctx.now);
        log.append(String(deployment.id), 'scheduler', `deploy ${String(deploy.id)} finalized: image ${String(deployment.imageTag)}, DAGs ${String(deployment.dagTarballVersion ?? '-')}`, ctx.now);
        return answer(ctx, deploy);
      },
      DeployRollback: (ctx) => {
        const deployment = deploymentOf(ctx);
        const target = deployOf(ctx);
        if (target.status !== 'DEPLOYED') throw badRequest(`deploy ${String(target.id)} is ${String(target.status)}; only a DEPLOYED deploy can be rolled back to`);
        const current = deployment[CURRENT_DEPLOY];
        if (current === target.id) throw badRequest(`deploy ${String(target.id)} is what the Deployment runs already`);
        const rollback: Item = {
          ...target,
          id: newId(),
          status: 'DEPLOYED',
          description: (ctx.body as { description?: string } | undefined)?.description ?? `rollback to ${String(target.id)}`,
          rollbackFromId: typeof current === 'string' ? current : undefined,
          createdAt: isoSeconds(ctx.now),
          updatedAt: isoSeconds(ctx.now),
          createdBySubject: subject(ctx),
          updatedBySubject: undefined,
          dagsUploadUrl: undefined,
          bundleUploadUrl: undefined,
          [UPLOADED]: undefined,
        };
        resources.insert(collection(ctx), rollback);
        apply(deployment, rollback, ctx.now);
        log.append(String(deployment.id), 'scheduler', `rolled back to deploy ${String(target.id)} as deploy ${String(rollback.id)}`, ctx.now);
        return answer(ctx, rollback);
      },
    },
  };
}

/**
 * For contract tests: a deploy of the Deployment, INITIALIZED for FinalizeDeploy, otherwise one DEPLOYED
 * earlier (so a rollback to it is possible).
 */
export function prepareDeploy(resources: ResourceStore) {
  return (normalized: string, params: Readonly<Record<string, string>>, operationId: string): string | undefined => {
    if (normalized !== '/organizations/{}/deployments/{}/deploys' || !params.deploymentId) return undefined;
    const deployment = resources.deployment(params.deploymentId);
    const collection = `/organizations/${resources.organizationId}/deployments/${params.deploymentId}/deploys`;
    const id = resources.addSample(collection);
    const deploy = resources.find(collection, id)!;
    Object.assign(deploy, { status: operationId === 'FinalizeDeploy' ? 'INITIALIZED' : 'DEPLOYED', deploymentId: params.deploymentId, imageTag: deployment?.imageTag ?? deploy.imageTag });
    // Ready to finalize means its archive is uploaded (the upload is not part of the API the contract tests drive).
    if (operationId === 'FinalizeDeploy') deploy[UPLOADED] = 'sha256-prepared00000000';
    return id;
  };
}

/**
 * The upload step between create and finalize: stores the archive's SHA-256 on the deploy (the bytes
 * themselves are dropped). Like a pre-signed storage URL it needs no token, but only the URL of an
 * existing, not yet finalized deploy that has such a URL accepts an upload; anything else is 404.
 */
export function acceptUpload(resources: ResourceStore, rest: string, bytes: Buffer): number {
  const [deployId, file, extra] = rest.split('/');
  if (!deployId || !file || extra !== undefined) return 404;
  for (const [, deployment] of resources.items(`/organizations/${resources.organizationId}/deployments`)) {
    const deploy = resources.find(`/organizations/${resources.organizationId}/deployments/${String(deployment.id)}/deploys`, deployId);
    if (!deploy) continue;
    const url = String(file === 'dags.tar.gz' ? deploy.dagsUploadUrl : file === 'bundle.tar.gz' ? deploy.bundleUploadUrl : '');
    if (deploy.status !== 'INITIALIZED' || !url.endsWith(`${UPLOAD_PREFIX}${deployId}/${file}`)) return 404;
    deploy[UPLOADED] = `sha256-${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}`;
    return 201;
  }
  return 404;
}
