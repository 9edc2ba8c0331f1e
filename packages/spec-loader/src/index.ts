export { SpecError, isSpecError } from './errors.js';
export { appendPointer, escapeToken, getAtPointer, parsePointer, pointerToUriFragment, toPointer, unescapeToken } from './pointer.js';
export { displayName, parseSourceArgument, readSource, relativeSource, sourceKey, type Source } from './source.js';
export { parseText } from './parse.js';
export { toJsonSchemaDialect } from './json-schema-dialect.js';
export {
  bundle,
  followRefs,
  forEachRef,
  forEachRefLazy,
  loadSpec,
  refIdentity,
  resolveRef,
  splitRef,
  type LoadOptions,
  type LoadedSpec,
  type OpenApiRoot,
  type RefTarget,
  type SpecFile,
} from './load.js';
export {
  currentRevision,
  findRepoRoot,
  getApi,
  getRevision,
  listApis,
  listRevisions,
  loadRevision,
  type ApiEntry,
  type Revision,
} from './revisions.js';
