import { responseSchema, successStatus, type Reply, type RequestContext } from '../context.js';
import { notFound } from '../http-error.js';
import { newId } from '../ids.js';
import { endsWithParam, fill, humanName, normalize, parentOf, segments, sortBy } from '../paths.js';
import { itemsOf, objectShape } from '../schema-shape.js';
import { isJson, type OperationInfo } from '../spec.js';
import type { Item, ResourceStore } from './resources.js';

/**
 * Answers any operation no resource family claims, from its kind (list / get / create / update /
 * delete / singleton / action): users, teams, workspaces, roles, IP ranges, options, …
 */
export function handleGeneric(store: ResourceStore, ctx: RequestContext): Reply {
  const op = ctx.operation;
  const status = successStatus(op);
  const target = responseSchema(op, status);
  const concrete = fill(op.path, ctx.pathParams);
  switch (store.catalog.kindOf(op)) {
    case 'list':
      return { status, body: listPage(store, op, [...store.items(concrete).values()], ctx, target?.pointer) };
    case 'get':
      return { status, body: store.conform(itemOrThrow(store, op.path, ctx.pathParams), target?.pointer) };
    case 'create': {
      const itemSchema = store.catalog.collection(op.path)?.itemSchema ?? target!.pointer!;
      const item = store.merge(store.sample(itemSchema, ctx.now) as Item, ctx.body, itemSchema, ctx.now, true);
      item[store.catalog.collection(op.path)?.idField ?? 'id'] = newId();
      store.insert(concrete, item);
      return { status, body: store.conform(item, target?.pointer) };
    }
    case 'update': {
      const item = itemOrThrow(store, op.path, ctx.pathParams);
      Object.assign(item, store.merge(item, ctx.body, store.catalog.collection(parentOf(op.path))?.itemSchema ?? target?.pointer, ctx.now, false));
      return { status, body: store.conform(item, target?.pointer) };
    }
    case 'delete': {
      const item = itemOrThrow(store, op.path, ctx.pathParams);
      const info = store.catalog.collection(parentOf(op.path))!;
      store.items(fill(parentOf(op.path), ctx.pathParams)).delete(String(item[info.idField]));
      return { status };
    }
    case 'singleton': {
      if (target && !isJson(target.mediaType)) {
        // Downloads (the audit log is application/octet-stream) are answered with a few bytes.
        return { status, body: Buffer.from('mock download: no content recorded\n'), contentType: target.mediaType };
      }
      if (!store.singletons.has(concrete) && target?.pointer) store.singletons.set(concrete, store.sample(target.pointer, ctx.now));
      return { status, body: store.singletons.get(concrete) };
    }
    case 'action':
      return action(store, op, concrete, ctx, status, target?.pointer);
  }
}

/** Sub-resources and verbs (`/members`, `bulk-delete`, …). */
function action(store: ResourceStore, op: OperationInfo, concrete: string, ctx: RequestContext, status: number, pointer: string | undefined): Reply {
  if (op.method === 'delete') {
    store.singletons.delete(concrete);
    return { status };
  }
  if (status === 204 || !pointer) return { status };
  const parentTemplate = parentOf(op.path);
  const parentInfo = endsWithParam(parentTemplate) ? store.catalog.collection(parentOf(parentTemplate)) : undefined;
  // Verbs on an item that answer with the item itself act on the stored item.
  if (parentInfo && parentInfo.itemSchema === pointer) {
    const item = itemOrThrow(store, parentTemplate, ctx.pathParams);
    Object.assign(item, store.merge(item, ctx.body, pointer, ctx.now, false));
    return { status, body: store.conform(item, pointer) };
  }
  const base = (store.singletons.get(concrete) as Item | undefined) ?? (store.sample(pointer, ctx.now) as Item);
  const value = itemsOf(store.spec, pointer) ? base : store.merge(base, ctx.body, pointer, ctx.now, false);
  store.singletons.set(concrete, value);
  return { status, body: value };
}

export function itemOrThrow(store: ResourceStore, template: string, params: Readonly<Record<string, string>>): Item {
  const parent = parentOf(template);
  const name = /\{([^}]+)\}$/.exec(template)![1]!;
  const id = params[name]!;
  const item = store.find(fill(parent, params), id);
  if (!item) throw notFound(humanName(segments(parent).pop() ?? name), id);
  return item;
}

/** Filters (query parameters named like an item property), sorts, pages and conforms a list answer. */
export function listPage(store: ResourceStore, op: OperationInfo, all: Item[], ctx: RequestContext, pointer: string | undefined): unknown {
  let items = all;
  for (const [name, value] of Object.entries(ctx.query)) {
    if (['offset', 'limit', 'sorts'].includes(name) || value === undefined) continue;
    if (!items.some((item) => name in item)) continue;
    items = items.filter((item) => (Array.isArray(value) ? value.map(String).includes(String(item[name])) : String(item[name]) === String(value)));
  }
  items = sortBy(items, ctx.query.sorts);
  if (!pointer) return items;
  const direct = itemsOf(store.spec, pointer);
  if (direct) return items.map((item) => store.conform(item, direct));
  const shape = objectShape(store.spec, pointer);
  const arrayProperty = store.catalog.pageArrayProperty(shape)!;
  const offset = Number(ctx.query.offset ?? 0);
  const limit = ctx.query.limit === undefined ? items.length : Number(ctx.query.limit);
  const page = items.slice(offset, offset + limit);
  const itemsPointer = itemsOf(store.spec, shape.properties.get(arrayProperty)!) ?? store.catalog.collection(normalize(op.path))?.itemSchema;
  const wrapper = store.sample(pointer, ctx.now) as Item;
  return {
    ...wrapper,
    [arrayProperty]: page.map((item) => store.conform(item, itemsPointer)),
    ...(shape.properties.has('offset') ? { offset } : {}),
    ...(shape.properties.has('limit') ? { limit: ctx.query.limit === undefined ? page.length : limit } : {}),
    totalCount: items.length,
  };
}
