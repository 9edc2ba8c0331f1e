/**
 * Type tests. `tsc -p tsconfig.json` (the `typecheck` script) checks them: every `@ts-expect-error`
 * must meet an error, so a type that became too loose fails the build. Vitest runs the same file,
 * where expectTypeOf is a no-op but the runtime assertions on enum values execute.
 */
import { describe, expectTypeOf, it, expect } from 'vitest';
import {
  apiTokenScopeValues,
  apiTokenSorts,
  createAstroClient,
  customApiVersion,
  paginate,
  paginatePages,
  paginateToArray,
  type AgentToken,
  type ApiError,
  type ApiToken,
  type Deployment,
  type Page,
  type AstroClient,
  type CreateApiTokenRequest,
  type components,
} from '../src/v1.js';
import { createIamClient, iam, type IamClient } from '../src/v1beta1.js';

// The clients are never called here: only their types matter.
declare const v1: AstroClient;
declare const iamClient: IamClient;
declare const throwing: AstroClient<true>;
const organizationId = 'org';

describe('v1 types', () => {
  it('ApiToken has scope (v1) and no type', () => {
    expectTypeOf<ApiToken>().toHaveProperty('scope');
    expectTypeOf<ApiToken['scope']>().toEqualTypeOf<'DEPLOYMENT' | 'WORKSPACE' | 'ORGANIZATION'>();
    expectTypeOf<ApiToken>().not.toHaveProperty('type');
  });

  it('enum values are runtime arrays of the enum type', () => {
    expectTypeOf(apiTokenScopeValues).items.toEqualTypeOf<'DEPLOYMENT' | 'WORKSPACE' | 'ORGANIZATION'>();
    expect([...apiTokenScopeValues].sort()).toEqual(['DEPLOYMENT', 'ORGANIZATION', 'WORKSPACE']);
  });

  it('a wrong path does not compile', () => {
    const call = () => {
      // @ts-expect-error: v1 has no /organizations/{organizationId}/api-tokens path
      void v1.GET('/organizations/{organizationId}/api-tokens', { params: { path: { organizationId } } });
      // @ts-expect-error: rotate is POST only
      void v1.GET('/organizations/{organizationId}/tokens/{tokenId}/rotate', { params: { path: { organizationId, tokenId: 't' } } });
    };
    expectTypeOf(call).toBeFunction();
  });

  it('a missing required body field does not compile', () => {
    const call = () => {
      void v1.POST('/organizations/{organizationId}/tokens', {
        params: { path: { organizationId } },
        // @ts-expect-error: `scope` is required by CreateApiTokenRequest
        body: { name: 'ci', role: 'ORGANIZATION_MEMBER' },
      });
      // @ts-expect-error: the body itself is required
      void v1.POST('/organizations/{organizationId}/tokens', { params: { path: { organizationId } } });
      // @ts-expect-error: the organizationId path parameter is required
      void v1.GET('/organizations/{organizationId}/tokens', { params: { path: {} } });
    };
    expectTypeOf(call).toBeFunction();
  });

  it('a wrong enum value does not compile', () => {
    // @ts-expect-error: PROJECT is not a token scope
    const body: CreateApiTokenRequest = { name: 'ci', role: 'ORGANIZATION_MEMBER', scope: 'PROJECT' };
    void body;
    const call = () =>
      v1.GET('/organizations/{organizationId}/tokens', {
        // @ts-expect-error: sorts values are `field:asc|desc`
        params: { path: { organizationId }, query: { sorts: ['name:up'] } },
      });
    expectTypeOf(call).toBeFunction();
  });

  it('responses are typed: data is ApiToken, error is the Error schema', async () => {
    const call = async () => {
      const { data, error } = await v1.GET('/organizations/{organizationId}/tokens/{tokenId}', {
        params: { path: { organizationId, tokenId: 't' } },
      });
      if (error) {
        expectTypeOf(error).toEqualTypeOf<components['schemas']['Error']>();
        expectTypeOf(error).toEqualTypeOf<ApiError>();
        // @ts-expect-error: data is absent when error is present
        void data.id;
        expectTypeOf(error.requestId).toBeString();
        expectTypeOf(error).toHaveProperty('fieldErrors');
      } else {
        expectTypeOf(data).toEqualTypeOf<ApiToken>();
      }
    };
    expectTypeOf(call).toBeFunction();
  });

  it('paginate yields the list item type and rejects non-list paths', () => {
    const iterate = async () => {
      for await (const token of paginate(v1, '/organizations/{organizationId}/tokens', { params: { path: { organizationId } } })) {
        expectTypeOf(token).toEqualTypeOf<ApiToken>();
      }
      // @ts-expect-error: GET /organizations/{organizationId}/tokens/{tokenId} returns one token, not a list
      paginate(v1, '/organizations/{organizationId}/tokens/{tokenId}', { params: { path: { organizationId, tokenId: 't' } } });
      // @ts-expect-error: the path parameters are required
      paginate(v1, '/organizations/{organizationId}/tokens');
    };
    expectTypeOf(iterate).toBeFunction();
  });

  it('createAstroClient accepts the documented options only', () => {
    const make = () => {
      createAstroClient({ apiVersion: '1.0', retry: { retries: 3, methods: ['GET'] }, timeoutMs: 5_000, throwOnError: true });
      // @ts-expect-error: retry is an object or false
      createAstroClient({ retry: 3 });
    };
    expectTypeOf(make).toBeFunction();
  });
});

describe('v1beta1 types', () => {
  it('ApiToken has type (v1beta1) and no scope', () => {
    expectTypeOf<iam.ApiToken>().toHaveProperty('type');
    expectTypeOf<iam.ApiToken>().not.toHaveProperty('scope');
  });

  it('a body property with a spec default may be left out; the same property is required in responses', () => {
    // CreateApiTokenRequest.kind has `default: STANDARD` in v1beta1 IAM: the server fills it in.
    const body: iam.CreateApiTokenRequest = { name: 'ci', role: 'WORKSPACE_MEMBER', type: 'WORKSPACE', entityId: 'ws' };
    expectTypeOf(body.kind).toEqualTypeOf<'STANDARD' | 'DIRECT_ACCESS' | undefined>();
    expectTypeOf<iam.ApiToken['kind']>().toEqualTypeOf<'STANDARD' | 'DIRECT_ACCESS'>();
  });

  it('the IAM client is typed with the IAM paths', () => {
    const call = async () => {
      for await (const token of paginate(iamClient, '/organizations/{organizationId}/tokens', { params: { path: { organizationId } } })) {
        expectTypeOf(token).toEqualTypeOf<iam.ApiToken>();
      }
      // @ts-expect-error: deployments belong to the Platform API, not IAM
      void iamClient.GET('/organizations/{organizationId}/deployments', { params: { path: { organizationId } } });
    };
    expectTypeOf(call).toBeFunction();
    const made = () => createIamClient({ token: 't' });
    expectTypeOf(made).returns.toEqualTypeOf<IamClient>();
  });
});

describe('1.0 types', () => {
  it('a client created with throwOnError: true has data that is not optional, and no error', () => {
    const call = async () => {
      const result = await throwing.GET('/organizations/{organizationId}/tokens/{tokenId}', { params: { path: { organizationId, tokenId: 't' } } });
      expectTypeOf(result.data).toEqualTypeOf<ApiToken>();
      expectTypeOf(result.error).toEqualTypeOf<undefined>();
      const made = createAstroClient({ throwOnError: true });
      expectTypeOf(made).toEqualTypeOf<AstroClient<true>>();
      const { data } = await v1.GET('/organizations/{organizationId}/tokens/{tokenId}', { params: { path: { organizationId, tokenId: 't' } } });
      // @ts-expect-error: without throwOnError, data may be absent
      void data.id;
    };
    expectTypeOf(call).toBeFunction();
  });

  it('per-call options are typed, and a misspelt option is an error', () => {
    const call = async () => {
      const path = { organizationId, tokenId: 't' };
      await v1.GET('/organizations/{organizationId}/tokens/{tokenId}', { params: { path }, timeoutMs: 5_000, retry: false, signal: AbortSignal.timeout(1) });
      await v1.GET('/organizations/{organizationId}/tokens/{tokenId}', { params: { path }, retry: { retries: 1, maxRetryAfterMs: 5_000 } });
      // @ts-expect-error: timeoutMS is not an option (timeoutMs is)
      await v1.GET('/organizations/{organizationId}/tokens/{tokenId}', { params: { path }, timeoutMS: 5_000 });
      // @ts-expect-error: retries belongs inside retry
      await v1.GET('/organizations/{organizationId}/tokens/{tokenId}', { params: { path }, retries: 2 });
      // @ts-expect-error: timeoutMs is a number
      await v1.GET('/organizations/{organizationId}/tokens/{tokenId}', { params: { path }, timeoutMs: '5s' });
      const text = await v1.GET('/organizations/{organizationId}/tokens/{tokenId}', { params: { path }, parseAs: 'text' });
      if (!text.error) expectTypeOf(text.data).toEqualTypeOf<string>();
    };
    expectTypeOf(call).toBeFunction();
  });

  it('client options: misspelt names, apiVersion and token are typed', () => {
    const make = () => {
      createAstroClient({ token: () => 'rotated', apiVersion: '1.0' });
      createAstroClient({ token: async () => 'rotated', apiVersion: customApiVersion('1.9') });
      // @ts-expect-error: a plain string needs the escape hatch customApiVersion()
      createAstroClient({ apiVersion: '1.9' });
      // @ts-expect-error: timeoutMS is misspelt
      createAstroClient({ timeoutMS: 5 });
      // @ts-expect-error: a token function returns a string
      createAstroClient({ token: () => 42 });
    };
    expectTypeOf(make).toBeFunction();
  });

  it('friendly names: ApiToken, AgentToken, Deployment, ApiError, short enum lists', () => {
    expectTypeOf<AgentToken>().toHaveProperty('id');
    expectTypeOf<Deployment>().toHaveProperty('workspaceId');
    expectTypeOf<ApiError>().toHaveProperty('requestId');
    expectTypeOf(apiTokenSorts).toEqualTypeOf<ReadonlyArray<NonNullable<NonNullable<Parameters<typeof v1.GET<'/organizations/{organizationId}/tokens'>>[1]['params']['query']>['sorts']>[number]>>();
    expect(apiTokenSorts).toContain('name:asc');
  });

  it('pages, maxItems and a toArray whose limit is required', () => {
    const call = async () => {
      for await (const page of paginatePages(v1, '/organizations/{organizationId}/tokens', { params: { path: { organizationId } }, maxItems: 10 })) {
        expectTypeOf(page).toEqualTypeOf<Page<ApiToken>>();
      }
      const all = await paginateToArray(v1, '/organizations/{organizationId}/tokens', { params: { path: { organizationId } }, limit: 100 });
      expectTypeOf(all).toEqualTypeOf<ApiToken[]>();
      // @ts-expect-error: limit is required
      await paginateToArray(v1, '/organizations/{organizationId}/tokens', { params: { path: { organizationId } } });
      // @ts-expect-error: maxItems, not maxitems
      paginate(v1, '/organizations/{organizationId}/tokens', { params: { path: { organizationId } }, maxitems: 3 });
    };
    expectTypeOf(call).toBeFunction();
  });
});
