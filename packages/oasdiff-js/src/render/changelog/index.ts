/** The house-style changelog entry: one renderer for `oasdiff-js changelog` and the docs pipeline's docs/changelog. */
export { renderEntry, operationWords, type EntryOptions } from './entry.js';
export { returnsOf, successSchemas } from './returns.js';
export { countChanges, countsText, distinctChanges, isDocumentationOnly, levelCounts, levelMarker, LEVELS, MARKER_PATTERN, moreSevere, propertyOwner, schemaPlace, type ChangeCounts, type ShownLevel } from './counts.js';
export { cleanEngineText, code, codeValue, componentFamily, firstSentence, list, memberWords, parameterLine as codeParameterLine, propertyLine as codePropertyLine, quote, schemaChangeSentence, sharedComponentLabel, sharedComponentWords } from './phrases.js';
export { enumSwaps, successorsOf, successorText, summaryBullets } from './summary.js';
