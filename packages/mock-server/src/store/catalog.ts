import { responseSchema, successStatus } from '../context.js';
import { endsWithParam, normalize, normalizeConcrete, parentOf } from '../paths.js';
import { itemsOf, objectShape, type ObjectShape } from '../schema-shape.js';
import { isJson, type MockSpec, type OperationInfo } from '../spec.js';

/** How the generic store treats an operation, derived from its method, path shape and response. */
export type OperationKind = 'list' | 'get' | 'create' | 'update' | 'delete' | 'singleton' | 'action';

export interface CollectionInfo {
  /** Schema pointer of one item: the GET-item answer, else the list items, else the create answer. */
  readonly itemSchema: string | undefined;
  readonly idField: string;
}

/**
 * What the spec says about its collections, read once: which path templates are collections, the
 * schema and ID field of their items, and what kind of operation each one is.
 */
export class Catalog {
  private readonly info = new Map<string, CollectionInfo>();
  private readonly kinds = new Map<OperationInfo, OperationKind>();
  private readonly spec: MockSpec;

  constructor(spec: MockSpec) {
    this.spec = spec;
    const collections = new Set<string>();
    for (const op of spec.operations) if (endsWithParam(op.path)) collections.add(normalize(parentOf(op.path)));
    for (const op of spec.operations) this.kinds.set(op, this.classify(op, collections));
    for (const normalized of collections) this.info.set(normalized, this.describe(normalized));
  }

  kindOf(operation: OperationInfo): OperationKind {
    return this.kinds.get(operation)!;
  }

  /** True when the spec has item paths below this collection template. */
  isCollection(collectionTemplate: string): boolean {
    return this.info.has(normalize(collectionTemplate));
  }

  /** By template (`/a/{x}/b`) or by concrete path (`/a/1/b`). */
  collection(pathOrTemplate: string): CollectionInfo | undefined {
    return this.info.get(normalize(pathOrTemplate)) ?? this.info.get(normalizeConcrete(pathOrTemplate, this.info.keys()));
  }

  /** The array property of a page object (`tokens`, `deployments`), when the schema is one. */
  pageArrayProperty(shape: ObjectShape): string | undefined {
    if (!shape.properties.has('totalCount')) return undefined;
    for (const [name, pointer] of shape.properties) if (itemsOf(this.spec, pointer)) return name;
    return undefined;
  }

  private classify(op: OperationInfo, collections: Set<string>): OperationKind {
    const isCollection = collections.has(normalize(op.path));
    const success = responseSchema(op, successStatus(op));
    switch (op.method) {
      case 'get':
        if (endsWithParam(op.path)) return 'get';
        // A download (application/octet-stream, even one whose schema is an array of bytes) is no list.
        return success?.pointer && isJson(success.mediaType) && this.isListSchema(success.pointer) ? 'list' : 'singleton';
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
    return itemsOf(this.spec, pointer) !== undefined || this.pageArrayProperty(objectShape(this.spec, pointer)) !== undefined;
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
}
