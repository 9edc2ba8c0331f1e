export { SpecError, isSpecError } from './errors.js';
export { appendPointer, escapeToken, getAtPointer, parsePointer, pointerToUriFragment, toPointer, unescapeToken } from './pointer.js';
export {
  checkRevision,
  confineSource,
  confineTarget,
  displayName,
  parseSourceArgument,
  readSource,
  refusedTarget,
  relativeSource,
  sourceKey,
  type AllowedFolder,
  type Confinement,
  type Source,
} from './source.js';
export { DEFAULT_LIMITS, type Limits } from './limits.js';
export { parseText } from './parse.js';
export { equalSubtrees, hashDocument, MIN_HASHED_NODES, sameSubtree, startStringGeneration, subtreeHash, SubtreeTable } from './hash.js';
export { toJsonSchemaDialect, type DialectOptions } from './json-schema-dialect.js';
export {
  bundle,
  followRefs,
  forEachRef,
  forEachRefLazy,
  loadSpec,
  pathEntries,
  refsWithin,
  refIdentity,
  resolveRef,
  splitRef,
  type LoadOptions,
  type LoadedSpec,
  type OpenApiRoot,
  type ParseCache,
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
