import type { RequestContext, Reply } from './context.js';
import { responseSchema, successStatus } from './context.js';
import { notFound } from './http-error.js';
import { newId } from './ids.js';
import { isoSeconds, sampleFromSchema } from './sample.js';
import { itemsOf, objectShape, pick, type ObjectShape } from './schema-shape.js';
import { isJson, type MockSpec, type OperationInfo } from './spec.js';
import type { SpecValidator } from './validation.js';
import type { SampleOptions } from './sample.js';

type Item = Record<string, unknown>;

/** How the generic store treats an operation, derived from its method, path shape and response. */
export type OperationKind = 'list' | 'get' | 'create' | 'update' | 'delete' | 'singleton' | 'action';

/** A collection path with parameter names erased: `/organizations/{}/teams`. */
function normalize(template: string): string {
  return template.replace(/\{[^}]+\}/g, '{}');
}

function segments(path: string): string[] {
  return path.split('/').filter(Boolean);
}

const endsWithParam = (template: string) => /\/\{[^}]+\}$/.test(template);
const parentOf = (path: string) => path.replace(/\/[^/]+$/, '');

interface CollectionInfo {
  /** Schema pointer of one item: the GET-item answer, else the list items, else the create answer. */
  itemSchema: string | undefined;
  idField: string;
}

/**
 * A small in-memory store for every resource other than API tokens, keyed by concrete collection
 * path (`/organizations/o1/workspaces`). Items are built from the spec's examples and merged with
 * the request fields the item schema also declares; collections are seeded with one example item
 * the first time they are touched, so read-only resources (users, options) have something to show.
 */
export class ResourceStore {
  private readonly collections = new Map<string, Map<string, Item>>();
  private readonly singletons = new Map<string, unknown>();
  private readonly info = new Map<string, CollectionInfo>();
  private readonly kinds = new Map<OperationInfo, OperationKind>();

  private readonly spec: MockSpec;
  private readonly validator: SpecValidator;
  readonly organizationId: string;
  private readonly clock: () => Date;
  /** Collections other modules own (API tokens): the generic store never answers for them. */
  private readonly foreign: ReadonlySet<string>;

  constructor(spec: MockSpec, validator: SpecValidator, organizationId: string, clock: () => Date, foreign: ReadonlySet<string> = new Set()) {
    this.spec = spec;
    this.validator = validator;
    this.organizationId = organizationId;
    this.clock = clock;
    this.foreign = foreign;
    const templates = new Set(spec.operations.map((op) => op.path));
    const collectionTemplates = new Set<string>();
    for (const t of templates) if (endsWithParam(t)) collectionTemplates.add(normalize(parentOf(t)));
    for (const op of spec.operations) this.kinds.set(op, this.classify(op, collectionTemplates));
    for (const normalized of collectionTemplates) this.info.set(normalized, this.describe(normalized));
  }

  /** An example value for a schema; `oneOf` alternatives are checked with the spec's validator. */
  private sample(pointer: string, now: Date): unknown {
    const options: SampleOptions = { now, accepts: (at, value) => this.validator.at(at)(value) };
    return sampleFromSchema(this.spec, pointer, options);
  }

  kindOf(operation: OperationInfo): OperationKind {
    return this.kinds.get(operation)!;
  }

  /** True when the spec has item paths below `collection` (a normalized template). */
  isCollection(collectionTemplate: string): boolean {
    return this.info.has(normalize(collectionTemplate));
  }

  private classify(op: OperationInfo, collections: Set<string>): OperationKind {
    const isCollection = collections.has(normalize(op.path));
    const success = responseSchema(op, successStatus(op));
    switch (op.method) {
      case 'get': {
        if (endsWithParam(op.path)) return 'get';
        if (success?.pointer && this.isListSchema(success.pointer)) return 'list';
        return 'singleton';
      }
      case 'post':
        if (endsWithParam(op.path)) return 'update';
        return isCollection && successStatus(op) !== 204 ? 'create' : 'action';
      case 'delete':
        return endsWithParam(op.path) ? 'delete' : 'action';
      default:
        return 'action';
    }
  }

  /** A list answers with an array, or with a page object (an array property and a `totalCount`). */
  private isListSchema(pointer: string): boolean {
    if (itemsOf(this.spec, pointer)) return true;
    return this.pageArrayProperty(objectShape(this.spec, pointer)) !== undefined;
  }

  private pageArrayProperty(shape: ObjectShape): string | undefined {
    if (!shape.properties.has('totalCount')) return undefined;
    for (const [name, pointer] of shape.properties) if (itemsOf(this.spec, pointer)) return name;
    return undefined;
  }

  private describe(normalized: string): CollectionInfo {
    const ops = this.spec.operations;
    const getItem = ops.find((op) => op.method === 'get' && endsWithParam(op.path) && normalize(parentOf(op.path)) === normalized);
    const list = ops.find((op) => op.method === 'get' && normalize(op.path) === normalized);
    const create = ops.find((op) => op.method === 'post' && normalize(op.path) === normalized);
    let itemSchema = getItem ? responseSchema(getItem, successStatus(getItem))?.pointer : undefined;
    if (!itemSchema && list) itemSchema = this.listItemsPointer(list);
    if (!itemSchema && create && successStatus(create) !== 204) itemSchema = responseSchema(create, successStatus(create))?.pointer;
    let idField = 'id';
    if (itemSchema) {
      const shape = objectShape(this.spec, itemSchema);
      if (!shape.properties.has('id')) idField = [...shape.required].find((n) => n.endsWith('Id')) ?? 'id';
    }
    return { itemSchema, idField };
  }

  private listItemsPointer(list: OperationInfo): string | undefined {
    const pointer = responseSchema(list, successStatus(list))?.pointer;
    if (!pointer) return undefined;
    const direct = itemsOf(this.spec, pointer);
    if (direct) return direct;
    const shape = objectShape(this.spec, pointer);
    const arrayProperty = this.pageArrayProperty(shape);
    return arrayProperty ? itemsOf(this.spec, shape.properties.get(arrayProperty)!) : undefined;
  }

  /** The items of a concrete collection, seeded with one example item on first use. */
  private collection(concrete: string): Map<string, Item> {
    let items = this.collections.get(concrete);
    if (items) return items;
    items = new Map();
    this.collections.set(concrete, items);
    const info = this.info.get(normalizeConcrete(concrete, this.info));
    if (info?.itemSchema) {
      const seed = this.sample(info.itemSchema, this.clock()) as Item;
      // The one organization the mock serves is the organization of the bootstrap token.
      if (concrete === '/organizations') seed[info.idField] = this.organizationId;
      this.bindToPath(seed, concrete);
      items.set(String(seed[info.idField]), seed);
    }
    return items;
  }

  /** Finds an item by concrete collection path and ID (used for 404s and for permission context). */
  find(concreteCollection: string, id: string): Item | undefined {
    return this.collection(concreteCollection).get(id);
  }

  /** Adds a fresh example item to a collection and returns its ID (contract tests use it through `prepare`). */
  addSample(concreteCollection: string): string {
    const info = this.info.get(normalizeConcrete(concreteCollection, this.info));
    if (!info?.itemSchema) throw new Error(`no item schema known for ${concreteCollection}`);
    const item = this.sample(info.itemSchema, this.clock()) as Item;
    const id = newId();
    item[info.idField] = id;
    this.bindToPath(item, concreteCollection);
    this.collection(concreteCollection).set(id, item);
    return id;
  }

  /**
   * Items name the entities their path passes through (a Deploy's `deploymentId`, a Workspace's
   * `organizationId`); the example values are replaced by the real ones so answers stay consistent.
   */
  private bindToPath(item: Item, concrete: string): void {
    const parts = segments(concrete);
    for (let i = 1; i < parts.length; i += 2) {
      const field = parts[i - 1]!.replace(/s$/, '').replace(/-(.)/g, (_, c: string) => c.toUpperCase()) + 'Id';
      if (field in item && typeof item[field] === 'string') item[field] = parts[i];
    }
  }

  /**
   * Checks that every item a path passes through exists (`/deployments/{d}/deploys` needs deployment d),
   * so that unknown IDs get 404 rather than invented data.
   */
  checkAncestors(template: string, params: Readonly<Record<string, string>>, includeLast: boolean): void {
    const parts = segments(template);
    const last = includeLast ? parts.length : parts.length - (endsWithParam(template) ? 1 : 0);
    for (let i = 0; i < last; i++) {
      const match = /^\{([^}]+)\}$/.exec(parts[i]!);
      if (!match) continue;
      const name = match[1]!;
      const id = params[name]!;
      if (name === 'organizationId' && id !== this.organizationId) throw notFound('Organization', id);
      const collectionTemplate = '/' + parts.slice(0, i).join('/');
      if (this.foreign.has(normalize(collectionTemplate)) || !this.info.has(normalize(collectionTemplate))) continue;
      const concrete = fill(collectionTemplate, params);
      if (!this.find(concrete, id)) throw notFound(humanName(parts[i - 1] ?? name), id);
    }
  }

  handle(ctx: RequestContext): Reply {
    const op = ctx.operation;
    const kind = this.kindOf(op);
    const status = successStatus(op);
    const target = responseSchema(op, status);
    const concrete = fill(op.path, ctx.pathParams);
    this.checkAncestors(op.path, ctx.pathParams, false);
    switch (kind) {
      case 'list':
        return { status, body: this.list(op, concrete, ctx, target?.pointer) };
      case 'get': {
        const item = this.itemOrThrow(op.path, ctx.pathParams);
        return { status, body: this.conform(item, target?.pointer) };
      }
      case 'create': {
        const info = this.info.get(normalize(op.path));
        const id = newId();
        const base = this.sample(info?.itemSchema ?? target!.pointer!, ctx.now) as Item;
        const item = this.merge({ ...base, [info?.idField ?? 'id']: id }, ctx.body, info?.itemSchema ?? target?.pointer, ctx.now, true);
        this.bindToPath(item, concrete);
        this.collection(concrete).set(id, item);
        return { status, body: this.conform(item, target?.pointer) };
      }
      case 'update': {
        const item = this.itemOrThrow(op.path, ctx.pathParams);
        const info = this.info.get(normalize(parentOf(op.path)));
        Object.assign(item, this.merge(item, ctx.body, info?.itemSchema ?? target?.pointer, ctx.now, false));
        return { status, body: this.conform(item, target?.pointer) };
      }
      case 'delete': {
        const item = this.itemOrThrow(op.path, ctx.pathParams);
        const info = this.info.get(normalize(parentOf(op.path)))!;
        this.collection(fill(parentOf(op.path), ctx.pathParams)).delete(String(item[info.idField]));
        return { status };
      }
      case 'singleton': {
        if (target && !isJson(target.mediaType)) {
          // Downloads (the audit log is application/octet-stream) are answered with a few bytes.
          return { status, body: Buffer.from('mock download: no content recorded\n'), contentType: target.mediaType };
        }
        if (!this.singletons.has(concrete) && target?.pointer) this.singletons.set(concrete, this.sample(target.pointer, ctx.now));
        return { status, body: this.singletons.get(concrete) };
      }
      case 'action':
        return this.action(op, concrete, ctx, status, target?.pointer);
    }
  }

  /** Sub-resources and verbs (`/hibernation-override`, `/finalize`, `/members`, `bulk-delete`). */
  private action(op: OperationInfo, concrete: string, ctx: RequestContext, status: number, pointer: string | undefined): Reply {
    if (op.method === 'delete') {
      this.singletons.delete(concrete);
      return { status };
    }
    if (status === 204 || !pointer) return { status };
    const previous = this.singletons.get(concrete) as Item | undefined;
    const parentTemplate = parentOf(op.path);
    const parentInfo = endsWithParam(parentTemplate) ? this.info.get(normalize(parentOf(parentTemplate))) : undefined;
    // Verbs on an item that answer with the item itself (finalize, rollback) act on the stored item.
    if (parentInfo && parentInfo.itemSchema === pointer) {
      const item = this.itemOrThrow(parentTemplate, ctx.pathParams);
      Object.assign(item, this.merge(item, ctx.body, pointer, ctx.now, false));
      return { status, body: this.conform(item, pointer) };
    }
    const base = previous ?? (this.sample(pointer, ctx.now) as Item);
    const value = itemsOf(this.spec, pointer) ? base : this.merge(base, ctx.body, pointer, ctx.now, false);
    this.singletons.set(concrete, value);
    return { status, body: value };
  }

  private itemOrThrow(template: string, params: Readonly<Record<string, string>>): Item {
    const parent = parentOf(template);
    const name = /\{([^}]+)\}$/.exec(template)![1]!;
    const id = params[name]!;
    const item = this.find(fill(parent, params), id);
    if (!item) throw notFound(humanName(segments(parent).pop() ?? name), id);
    return item;
  }

  private list(op: OperationInfo, concrete: string, ctx: RequestContext, pointer: string | undefined): unknown {
    let items = [...this.collection(concrete).values()];
    const info = this.info.get(normalize(op.path));
    // Query parameters named like an item property filter by equality (`workspaceId`, `status`, …).
    for (const [name, value] of Object.entries(ctx.query)) {
      if (['offset', 'limit', 'sorts'].includes(name) || value === undefined) continue;
      if (!items.some((item) => name in item)) continue;
      items = items.filter((item) => (Array.isArray(value) ? value.map(String).includes(String(item[name])) : String(item[name]) === String(value)));
    }
    items = sortBy(items, ctx.query.sorts);
    if (!pointer) return items;
    if (itemsOf(this.spec, pointer)) return items.map((item) => this.conform(item, itemsOf(this.spec, pointer)));
    const shape = objectShape(this.spec, pointer);
    const arrayProperty = this.pageArrayProperty(shape)!;
    const offset = Number(ctx.query.offset ?? 0);
    const limit = ctx.query.limit === undefined ? items.length : Number(ctx.query.limit);
    const page = items.slice(offset, offset + limit);
    const itemsPointer = itemsOf(this.spec, shape.properties.get(arrayProperty)!) ?? info?.itemSchema;
    const wrapper = this.sample(pointer, ctx.now) as Item;
    return {
      ...wrapper,
      [arrayProperty]: page.map((item) => this.conform(item, itemsPointer)),
      ...(shape.properties.has('offset') ? { offset } : {}),
      ...(shape.properties.has('limit') ? { limit: ctx.query.limit === undefined ? page.length : limit } : {}),
      totalCount: items.length,
    };
  }

  /** Copies the request fields that the item schema declares and whose values fit that property's schema. */
  private merge(item: Item, body: unknown, itemSchema: string | undefined, now: Date, created: boolean): Item {
    const out: Item = { ...item };
    if (itemSchema && body !== null && typeof body === 'object' && !Array.isArray(body)) {
      const shape = objectShape(this.spec, itemSchema);
      for (const [key, value] of Object.entries(body)) {
        const at = shape.properties.get(key);
        if (at && this.validator.at(at)(value)) out[key] = value;
      }
      const stamp = isoSeconds(now);
      if (shape.properties.has('updatedAt')) out.updatedAt = stamp;
      if (created && shape.properties.has('createdAt')) out.createdAt = stamp;
    }
    return out;
  }

  /** Fits a stored item to the schema of the answer: declared properties only, missing required ones from examples. */
  private conform(item: Item, pointer: string | undefined): unknown {
    if (!pointer) return item;
    const shape = objectShape(this.spec, pointer);
    if (shape.properties.size === 0) return item;
    const picked = pick(item, shape);
    const missing = [...shape.required].filter((name) => !(name in picked));
    if (missing.length === 0) return picked;
    const sample = this.sample(pointer, this.clock()) as Item;
    for (const name of missing) picked[name] = sample[name];
    return picked;
  }
}

/** `sorts=name:asc&sorts=createdAt:desc`: the API's `field:direction` criteria, first one wins. */
export function sortBy<T>(items: T[], sorts: unknown, field: (item: T, name: string) => unknown = (i, n) => (i as Record<string, unknown>)[n]): T[] {
  const criteria = (Array.isArray(sorts) ? sorts : sorts === undefined ? [] : [sorts]).map((s) => String(s).split(':') as [string, string?]);
  if (criteria.length === 0) return items;
  return [...items].sort((a, b) => {
    for (const [name, direction] of criteria) {
      const x = field(a, name);
      const y = field(b, name);
      const order = String(x ?? '').localeCompare(String(y ?? ''));
      if (order !== 0) return direction === 'desc' ? -order : order;
    }
    return 0;
  });
}

export function fill(template: string, params: Readonly<Record<string, string>>): string {
  return template.replace(/\{([^}]+)\}/g, (_, name: string) => params[name] ?? `{${name}}`);
}

/** The concrete collection path's template key, found by shape (segment count and literal segments). */
function normalizeConcrete(concrete: string, known: ReadonlyMap<string, unknown>): string {
  const parts = segments(concrete);
  for (const key of known.keys()) {
    const keyParts = segments(key);
    if (keyParts.length === parts.length && keyParts.every((k, i) => k === '{}' || k === parts[i])) return key;
  }
  return concrete;
}

/** `deployments` → `Deployment`, for messages such as `Deployment "x" not found`. */
function humanName(segment: string): string {
  const word = segment.replace(/\{|\}/g, '').replace(/-./g, (m) => m[1]!.toUpperCase()).replace(/ies$/, 'y').replace(/s$/, '');
  return word.charAt(0).toUpperCase() + word.slice(1);
}
