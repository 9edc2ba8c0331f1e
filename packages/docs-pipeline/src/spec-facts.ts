import { pathEntries, type LoadedSpec } from '@astro-api/spec-loader';
import { listOperations } from './operations.js';

/** Sizes of one spec, shown for a baseline revision (which has nothing to be compared with). */
export interface SpecSize {
  readonly paths: number;
  readonly operations: number;
  readonly schemas: number;
}

export function specSize(spec: LoadedSpec): SpecSize {
  return {
    paths: pathEntries(spec.document.paths).length,
    operations: listOperations(spec).length,
    schemas: Object.keys(spec.document.components?.schemas ?? {}).length,
  };
}
