import { createAstroClient, paginate } from '@astro-api/client/v1';
import { contractSuite } from './suite.js';

contractSuite({ api: 'v1', makeClient: (options) => createAstroClient(options as never), paginate: paginate as never });
