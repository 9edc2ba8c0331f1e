import { createIamClient, paginate } from '@astro-api/client/v1beta1';
import { contractSuite } from './suite.js';

contractSuite({ api: 'v1beta1-iam', makeClient: (options) => createIamClient(options as never), paginate: paginate as never });
