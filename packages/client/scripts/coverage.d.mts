export interface CoverageRow {
  api: string;
  label: string;
  revision: string;
  covered: number;
  published: number;
  asOf: string;
  missing: string[];
}
export const START: string;
export const END: string;
export function computeCoverage(repoRoot?: string): CoverageRow[];
export function renderTable(rows: CoverageRow[]): string;
export function updateReadme(text: string, table: string): string;
