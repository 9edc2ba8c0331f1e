export {
  migrateDirectory,
  planMigration,
  applyPlan,
  UsageError,
  type MigrateOptions,
  type MigrationPlan,
  type PlannedFile,
} from './migrate.js';
export { ConfigError } from './load-project.js';
export { renderText, renderJson } from './render.js';
export type { ChangedFile, Finding, FindingRule, MigrationResult, RewriteRule, SkippedFile, Warning } from './model.js';
