import { createPlatformClient, paginate } from '@astro-api/client/v1beta1';
import { contractSuite } from './suite.js';

contractSuite({ api: 'v1beta1-platform', makeClient: (options) => createPlatformClient(options as never), paginate: paginate as never });
