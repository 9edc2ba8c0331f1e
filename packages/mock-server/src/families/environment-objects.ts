import { responseSchema, successStatus, type Reply, type RequestContext } from '../context.js';
import { HttpError, badRequest, notFound } from '../http-error.js';
import { fill } from '../paths.js';
import type { Family } from '../registry.js';
import { isoSeconds } from '../sample.js';
import { listPage } from '../store/generic.js';
import type { Item, ResourceStore } from '../store/resources.js';

/** The part of an object (and of a link's overrides) that holds its values, per `objectType`. */
const PART: Readonly<Record<string, string>> = {
  CONNECTION: 'connection',
  AIRFLOW_VARIABLE: 'airflowVariable',
  ENVIRONMENT_VARIABLE: 'environmentVariable',
  METRICS_EXPORT: 'metricsExport',
};
/** Fields answered empty unless `showSecrets=true` (and, for variables, only when `isSecret`). */
const SECRET_FIELDS = new Set(['password', 'basicToken']);

interface Link {
  scope: 'DEPLOYMENT';
  scopeEntityId: string;
  overrides: Item;
}

/**
 * Environment objects (connections, Airflow variables, environment variables, metrics exports) owned
 * by a Workspace or a Deployment. A Workspace object can be linked to Deployments of that Workspace
 * (explicitly, or all of them with `autoLinkDeployments` minus `excludeLinks`), with per-link
 * overrides. `setFields` names the fields that hold a value, since secrets come back empty; an update
 * keeps fields it leaves out and clears the override fields named in `unsetFields`.
 */
export function environmentObjectFamily(resources: ResourceStore): Family {
  const org = resources.organizationId;
  const collection = `/organizations/${org}/environment-objects`;
  const objectOf = (ctx: RequestContext): Item => {
    const item = resources.find(collection, ctx.pathParams.environmentObjectId!);
    if (!item || typeof item.scopeEntityId !== 'string') throw notFound('Environment object', ctx.pathParams.environmentObjectId!);
    return item;
  };
  const workspaceOfDeployment = (id: string) => resources.deployment(id)?.workspaceId as string | undefined;
  const checkOwner = (scope: string, id: string): void => {
    const kind = scope === 'WORKSPACE' ? 'workspaces' : 'deployments';
    if (!resources.find(fill(`/organizations/{o}/${kind}`, { o: org }), id)) throw notFound(scope === 'WORKSPACE' ? 'Workspace' : 'Deployment', id);
  };
  /** Links only join a Workspace object to Deployments of that Workspace. */
  const checkLinkable = (object: Item, deploymentId: string): void => {
    if (object.scope !== 'WORKSPACE') throw badRequest('only Workspace environment objects can be linked to Deployments');
    checkOwner('DEPLOYMENT', deploymentId);
    if (workspaceOfDeployment(deploymentId) !== object.scopeEntityId) throw badRequest(`Deployment ${deploymentId} is not in Workspace ${String(object.scopeEntityId)}`);
  };
  const readLinks = (object: Item, raw: unknown, previous: Link[]): Link[] =>
    ((raw ?? []) as Array<{ scopeEntityId: string; overrides?: Item }>).map((link) => {
      checkLinkable(object, link.scopeEntityId);
      const old = previous.find((l) => l.scopeEntityId === link.scopeEntityId)?.overrides ?? {};
      const part = PART[String(object.objectType)]!;
      const given = (link.overrides ?? {}) as Item & { unsetFields?: string[] };
      const merged: Item = { ...((old[part] as Item | undefined) ?? {}), ...((given[part] as Item | undefined) ?? {}) };
      for (const field of given.unsetFields ?? []) delete merged[field];
      return { scope: 'DEPLOYMENT', scopeEntityId: link.scopeEntityId, overrides: { [part]: merged } };
    });

  /** The object as the API shows it: empty secrets unless asked, `setFields`, links with their own `setFields`. */
  const view = (object: Item, showSecrets: boolean, resolvedFor?: string): Item => {
    const part = PART[String(object.objectType)]!;
    const values = (object[part] as Item | undefined) ?? {};
    const links = (object.__links as Link[] | undefined) ?? [];
    const hide = (v: Item): Item => {
      const out = { ...v };
      for (const key of Object.keys(out)) {
        if ((SECRET_FIELDS.has(key) || (key === 'value' && out.isSecret === true)) && !showSecrets) out[key] = '';
      }
      return out;
    };
    let shown: Item = { ...values };
    const out: Item = { ...object, setFields: Object.keys(values).filter((k) => values[k] !== undefined && values[k] !== '') };
    if (resolvedFor !== undefined && object.scope === 'WORKSPACE') {
      const link = links.find((l) => l.scopeEntityId === resolvedFor);
      shown = { ...shown, ...((link?.overrides[part] as Item | undefined) ?? {}) };
      Object.assign(out, { sourceScope: 'WORKSPACE', sourceScopeEntityId: object.scopeEntityId, scope: 'DEPLOYMENT', scopeEntityId: resolvedFor });
    }
    out[part] = hide(shown);
    out.links = links.map((l) => {
      const overrides = (l.overrides[part] as Item | undefined) ?? {};
      return { scope: l.scope, scopeEntityId: l.scopeEntityId, [`${part}Overrides`]: hide(overrides), setFields: Object.keys(overrides) };
    });
    out.excludeLinks = ((object.__excluded as string[] | undefined) ?? []).map((id) => ({ scope: 'DEPLOYMENT', scopeEntityId: id }));
    return out;
  };
  /** Does a Workspace object apply to this Deployment (linked, or auto-linked and not excluded)? */
  const reaches = (object: Item, deploymentId: string): boolean =>
    object.scope === 'WORKSPACE' &&
    workspaceOfDeployment(deploymentId) === object.scopeEntityId &&
    (((object.__links as Link[] | undefined) ?? []).some((l) => l.scopeEntityId === deploymentId) ||
      (object.autoLinkDeployments === true && !((object.__excluded as string[] | undefined) ?? []).includes(deploymentId)));
  const answer = (ctx: RequestContext, body: unknown): Reply => {
    const status = successStatus(ctx.operation);
    const pointer = responseSchema(ctx.operation, status)?.pointer;
    return pointer ? { status, body: resources.conform(body as Item, pointer) } : { status };
  };
  const stored = () => [...resources.items(collection).values()].filter((o) => typeof o.objectType === 'string' && PART[String(o.objectType)] !== undefined);

  return {
    name: 'environment-objects',
    handlers: {
      ListEnvironmentObjects: (ctx) => {
        const q = ctx.query as { workspaceId?: string; deploymentId?: string; objectType?: string; objectKey?: string; showSecrets?: boolean; resolveLinked?: boolean };
        const all = stored();
        let items: Item[] = all.filter((o) => (q.objectType === undefined || o.objectType === q.objectType) && (q.objectKey === undefined || o.objectKey === q.objectKey));
        if (q.workspaceId !== undefined) items = items.filter((o) => o.scope === 'WORKSPACE' && o.scopeEntityId === q.workspaceId);
        if (q.deploymentId !== undefined) {
          const own = items.filter((o) => o.scope === 'DEPLOYMENT' && o.scopeEntityId === q.deploymentId).map((o) => view(o, q.showSecrets === true));
          const linked = q.resolveLinked === true ? items.filter((o) => reaches(o, q.deploymentId!)).map((o) => view(o, q.showSecrets === true, q.deploymentId)) : [];
          items = [...own, ...linked];
        } else items = items.map((o) => view(o, q.showSecrets === true));
        const { workspaceId: _w, deploymentId: _d, objectType: _t, objectKey: _k, ...rest } = ctx.query;
        return { status: successStatus(ctx.operation), body: listPage(resources, ctx.operation, items, { ...ctx, query: rest }, responseSchema(ctx.operation, successStatus(ctx.operation))?.pointer) };
      },
      CreateEnvironmentObject: (ctx) => {
        const body = ctx.body as Item & { objectType: string; scope: string; scopeEntityId: string; objectKey: string };
        const part = PART[body.objectType]!;
        if (body[part] === undefined) throw badRequest(`${part} is required for a ${body.objectType} object`, [{ field: part, code: 'required', message: `${part} is required for a ${body.objectType} object` }]);
        checkOwner(body.scope, body.scopeEntityId);
        if (stored().some((o) => o.scope === body.scope && o.scopeEntityId === body.scopeEntityId && o.objectType === body.objectType && o.objectKey === body.objectKey)) {
          throw new HttpError(409, `a ${body.objectType} object with key ${body.objectKey} exists already in ${body.scope} ${body.scopeEntityId}`);
        }
        const object: Item = {
          objectKey: body.objectKey,
          objectType: body.objectType,
          scope: body.scope,
          scopeEntityId: body.scopeEntityId,
          description: body.description,
          autoLinkDeployments: body.scope === 'WORKSPACE' ? body.autoLinkDeployments === true : undefined,
          [part]: { ...(body[part] as Item) },
          createdAt: isoSeconds(ctx.now),
          updatedAt: isoSeconds(ctx.now),
          __links: [],
          __excluded: ((body.excludeLinks ?? []) as Array<{ scopeEntityId: string }>).map((e) => e.scopeEntityId),
        };
        object.__links = readLinks(object, body.links, []);
        const id = resources.insert(collection, object);
        return answer(ctx, { id });
      },
      GetEnvironmentObject: (ctx) => answer(ctx, view(objectOf(ctx), false)),
      UpdateEnvironmentObject: (ctx) => {
        const object = objectOf(ctx);
        const body = (ctx.body ?? {}) as Item;
        const part = PART[String(object.objectType)]!;
        if (body[part] !== undefined) object[part] = { ...((object[part] as Item | undefined) ?? {}), ...(body[part] as Item) };
        if (body.description !== undefined) object.description = body.description;
        if (body.autoLinkDeployments !== undefined && object.scope === 'WORKSPACE') object.autoLinkDeployments = body.autoLinkDeployments;
        if (body.links !== undefined) object.__links = readLinks(object, body.links, object.__links as Link[]);
        if (body.excludeLinks !== undefined) object.__excluded = (body.excludeLinks as Array<{ scopeEntityId: string }>).map((e) => e.scopeEntityId);
        object.updatedAt = isoSeconds(ctx.now);
        return answer(ctx, view(object, false));
      },
      DeleteEnvironmentObject: (ctx) => {
        resources.items(collection).delete(String(objectOf(ctx).id));
        return { status: successStatus(ctx.operation) };
      },
      ExcludeLinkingEnvironmentObject: (ctx) => {
        const object = objectOf(ctx);
        const deploymentId = (ctx.body as { scopeEntityId: string }).scopeEntityId;
        if (object.scope !== 'WORKSPACE' || object.autoLinkDeployments !== true) throw badRequest('only a Workspace object with autoLinkDeployments can exclude Deployments');
        checkLinkable(object, deploymentId);
        const excluded = (object.__excluded as string[] | undefined) ?? [];
        if (excluded.includes(deploymentId)) throw new HttpError(409, `Deployment ${deploymentId} is excluded already`);
        object.__excluded = [...excluded, deploymentId];
        return { status: successStatus(ctx.operation) };
      },
    },
    // A stored object belongs to its Workspace or Deployment.
    scope: (params) => {
      const object = params.environmentObjectId === undefined ? undefined : resources.find(collection, params.environmentObjectId);
      if (!object || typeof object.scopeEntityId !== 'string') return undefined;
      return object.scope === 'WORKSPACE' ? { workspaceId: object.scopeEntityId } : { deploymentId: object.scopeEntityId, workspaceId: workspaceOfDeployment(object.scopeEntityId) };
    },
  };
}

/** For contract tests: an auto-linking Workspace object in a real Workspace (so links and exclusions can succeed). */
export function prepareEnvironmentObject(resources: ResourceStore) {
  return (normalized: string): string | undefined => {
    if (normalized !== '/organizations/{}/environment-objects') return undefined;
    const org = resources.organizationId;
    const workspaceId = resources.addSample(`/organizations/${org}/workspaces`);
    const collection = `/organizations/${org}/environment-objects`;
    const id = resources.addSample(collection);
    Object.assign(resources.find(collection, id)!, { scope: 'WORKSPACE', scopeEntityId: workspaceId, autoLinkDeployments: true, __links: [], __excluded: [] });
    return id;
  };
}
