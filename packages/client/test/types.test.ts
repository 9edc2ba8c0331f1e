/**
 * Type tests. `tsc -p tsconfig.json` (the `typecheck` script) checks them: every `@ts-expect-error`
 * must meet an error, so a type that became too loose fails the build. Vitest runs the same file,
 * where expectTypeOf is a no-op but the runtime assertions on enum values execute.
 */
import { describe, expectTypeOf, it, expect } from 'vitest';
import {
  apiTokenScopeValues,
  createAstroClient,
  paginate,
  type ApiToken,
  type AstroClient,
  type CreateApiTokenRequest,
  type components,
} from '../src/v1.js';
import { createIamClient, iam, type IamClient } from '../src/v1beta1.js';

// The clients are never called here: only their types matter.
declare const v1: AstroClient;
declare const iamClient: IamClient;
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
    expectTypeOf(createIamClient).returns.toEqualTypeOf<IamClient>();
  });
});
