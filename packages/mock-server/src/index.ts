export { startMockServer, type MockServer, type MockServerOptions } from './server.js';
export { loadMockSpec, type MockSpec, type OperationInfo } from './spec.js';
export { ROLE_PERMISSIONS, isGranted, matchesPermission } from './permissions.js';
export { DEFAULT_LIMITS, type Limits } from './limits.js';
export { sampleFromSchema } from './sample.js';
export { declaredResponse } from './self-check.js';
