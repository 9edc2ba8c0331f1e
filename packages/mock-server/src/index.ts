export { startMockServer, type MockServer, type MockServerOptions } from './server.js';
export { loadMockSpec, type MockSpec, type OperationInfo } from './spec.js';
export { ROLE_PERMISSIONS, isGranted, matchesPermission } from './permissions.js';
export { DEFAULT_LIMITS, type Limits } from './limits.js';
export { sampleFromSchema } from './sample.js';
export { declaredResponse } from './self-check.js';
export { startValidatingProxy, type ProxyOptions, type ProxyReport, type ValidatingProxy } from './proxy.js';
export { formatFinding, type Finding } from './findings.js';
export { DRIFTS, type Drift } from './drift.js';
