export { formatFinding, type Finding } from './findings.js';
export { ResponseValidator, type SpecOperation, type CheckOptions } from './validator.js';
export { uncoveredOperations, type Exercised } from './coverage.js';
export { ConnectionError, NAME_PREFIX, plan, retryAfterMs, runConformance, type OperationResult, type Outcome, type PlanStep, type RunOptions, type RunReport, type RunSummary } from './runner.js';
export { formatPlan, formatSummary, toJUnit } from './report.js';
export { main, USAGE } from './main.js';
