import { HttpError, notFound } from '../http-error.js';
import { newId } from '../ids.js';
import { endsWithParam, fill, humanName, normalize, normalizeConcrete, segments } from '../paths.js';
import { SEED_BY_COLLECTION } from '../seed.js';
import { isoSeconds, sampleFromSchema } from '../sample.js';
import { objectShape, pick } from '../schema-shape.js';
import type { MockSpec } from '../spec.js';
import type { SpecValidator } from '../validation.js';
import type { Catalog } from './catalog.js';

export type Item = Record<string, unknown>;

/**
 * The mock's in-memory data for every resource other than API tokens, keyed by concrete collection
 * path (`/organizations/o1/workspaces`). Items are built from the spec's examples; collections are
 * seeded with one example item the first time they are touched, so read-only resources have data.
 * Each collection holds at most `maxItems` items (creating more is refused), which bounds memory.
 */
export class ResourceStore {
  private readonly collections = new Map<string, Map<string, Item>>();
  /** Sub-resources and verb answers without their own ID (`/hibernation-override`, options). */
  readonly singletons = new Map<string, unknown>();

  readonly spec: MockSpec;
  readonly catalog: Catalog;
  private readonly validator: SpecValidator;
  readonly organizationId: string;
  private readonly clock: () => Date;
  readonly maxItems: number;
  /** Collections other modules own (API tokens): never seeded or checked here. */
  private readonly foreign: ReadonlySet<string>;
  /**
   * The stores of the other APIs the same host serves (v1beta1: IAM and Platform). Workspaces and
   * Deployments this API does not store are looked up there, so one organization spans both.
   */
  peers: readonly ResourceStore[] = [];

  constructor(options: { spec: MockSpec; catalog: Catalog; validator: SpecValidator; organizationId: string; clock: () => Date; maxItems: number; foreign: ReadonlySet<string> }) {
    this.spec = options.spec;
    this.catalog = options.catalog;
    this.validator = options.validator;
    this.organizationId = options.organizationId;
    this.clock = options.clock;
    this.maxItems = options.maxItems;
    this.foreign = options.foreign;
  }

  /** An example value for a schema; `oneOf` alternatives are checked with the spec's validator. */
  sample(pointer: string, now: Date = this.clock()): unknown {
    return sampleFromSchema(this.spec, pointer, { now, accepts: (at, value) => this.validator.at(at)(value) });
  }

  accepts(pointer: string, value: unknown): boolean {
    return this.validator.at(pointer)(value);
  }

  /** The items of a concrete collection, seeded with one example item on first use. */
  items(concrete: string): Map<string, Item> {
    let items = this.collections.get(concrete);
    if (items) return items;
    items = new Map();
    this.collections.set(concrete, items);
    const info = this.catalog.collection(concrete);
    if (info?.itemSchema) {
      const seed = this.sample(info.itemSchema) as Item;
      this.applySeed(seed, info.itemSchema, concrete);
      // The one organization the mock serves is the organization of the bootstrap token.
      if (concrete === '/organizations') seed[info.idField] = this.organizationId;
      this.bindToPath(seed, concrete);
      items.set(String(seed[info.idField]), seed);
    }
    return items;
  }

  find(concreteCollection: string, id: string): Item | undefined {
    return this.items(concreteCollection).get(id);
  }

  /** Stores a new item under a fresh ID (refused with 400 once the collection is full). */
  insert(concreteCollection: string, item: Item): string {
    const items = this.items(concreteCollection);
    if (items.size >= this.maxItems) throw new HttpError(400, `the mock keeps at most ${this.maxItems} items per collection; ${concreteCollection} is full`);
    const info = this.catalog.collection(concreteCollection);
    const idField = info?.idField ?? 'id';
    const id = typeof item[idField] === 'string' && !items.has(item[idField] as string) ? (item[idField] as string) : newId();
    item[idField] = id;
    this.bindToPath(item, concreteCollection);
    items.set(id, item);
    return id;
  }

  /** Adds a fresh example item to a collection and returns its ID (contract tests use it through `prepare`). */
  addSample(concreteCollection: string): string {
    const info = this.catalog.collection(concreteCollection);
    if (!info?.itemSchema) throw new Error(`no item schema known for ${concreteCollection}`);
    return this.insert(concreteCollection, { ...(this.sample(info.itemSchema) as Item), [info.idField]: newId() });
  }

  /** The Deployment with this ID, where this API (or another API of the same host) serves Deployments. */
  deployment(id: string | undefined): Item | undefined {
    return id === undefined ? undefined : this.entity('Deployment', id);
  }

  /** True when this API or another API of the same host stores Workspaces (or Deployments). */
  servesEntity(kind: 'Workspace' | 'Deployment'): boolean {
    return this.storeFor(kind) !== undefined;
  }

  /** A stored Workspace or Deployment, from this API's store or the one of the same host that keeps them. */
  entity(kind: 'Workspace' | 'Deployment', id: string): Item | undefined {
    const store = this.storeFor(kind);
    return store?.find(`/organizations/${this.organizationId}/${kind.toLowerCase()}s`, id);
  }

  private storeFor(kind: 'Workspace' | 'Deployment'): ResourceStore | undefined {
    const template = `/organizations/{organizationId}/${kind.toLowerCase()}s`;
    return [this, ...this.peers].find((store) => store.catalog.isCollection(template));
  }

  /** Overlays the shared seed (`seed.ts`) on a collection's first item, field by field where the item schema allows. */
  private applySeed(item: Item, itemSchema: string, concrete: string): void {
    const values = SEED_BY_COLLECTION[normalizeConcrete(concrete, Object.keys(SEED_BY_COLLECTION))];
    if (!values) return;
    const shape = objectShape(this.spec, itemSchema);
    for (const [field, value] of Object.entries(values)) {
      const at = shape.properties.get(field);
      if (!at) continue;
      // Role lists keep only the entries this revision can carry (v1beta1 has no DAG roles, for one).
      if (this.validator.at(at)(value)) item[field] = structuredClone(value);
    }
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
      if (this.foreign.has(normalize(collectionTemplate)) || !this.catalog.isCollection(collectionTemplate)) continue;
      if (!this.find(fill(collectionTemplate, params), id)) throw notFound(humanName(parts[i - 1] ?? name), id);
    }
  }

  /** Copies the request fields that the item schema declares and whose values fit that property's schema. */
  merge(item: Item, body: unknown, itemSchema: string | undefined, now: Date, created: boolean): Item {
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
  conform(item: Item, pointer: string | undefined): unknown {
    if (!pointer) return item;
    const shape = objectShape(this.spec, pointer);
    if (shape.properties.size === 0) return item;
    const picked = pick(item, shape);
    const missing = [...shape.required].filter((name) => !(name in picked));
    if (missing.length === 0) return picked;
    const sample = this.sample(pointer) as Item;
    for (const name of missing) picked[name] = sample[name];
    return picked;
  }
}
