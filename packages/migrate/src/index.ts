export { migrateDirectory, UsageError, type MigrateOptions } from './migrate.js';
export { renderText, renderJson } from './render.js';
export type { ChangedFile, Finding, FindingRule, MigrationResult, RewriteRule } from './model.js';
