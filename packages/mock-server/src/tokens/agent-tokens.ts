import { responseSchema, successStatus, type Reply, type RequestContext } from '../context.js';
import { notFound } from '../http-error.js';
import type { Family } from '../registry.js';
import type { ResourceStore } from '../store/resources.js';
import { checkEntity } from './api-tokens.js';
import { detectScopeField, serializeToken, tokenPage } from './serialize.js';
import { subjectOf, type TokenRecord, type TokenStore } from './token-store.js';

/**
 * Agent tokens belong to one Deployment (credentials for its remote workers): they hold no roles, so
 * they cannot manage the API, and ListApiTokens does not show them.
 */
export function agentTokenFamily(tokens: TokenStore, resources: ResourceStore): Family {
  const spec = resources.spec;
  const scopeField = detectScopeField(spec);
  const reply = (ctx: RequestContext, token: TokenRecord, value?: string): Reply => {
    const status = successStatus(ctx.operation);
    return { status, body: serializeToken(spec, scopeField, token, responseSchema(ctx.operation, status)?.pointer, value) };
  };
  const deploymentOf = (ctx: RequestContext) => checkEntity(resources, 'Deployment', ctx.pathParams.deploymentId!);
  const agentToken = (ctx: RequestContext): TokenRecord => {
    const deploymentId = deploymentOf(ctx);
    const id = ctx.pathParams.agentTokenId!;
    const token = tokens.get(id);
    if (!token || token.agentDeploymentId !== deploymentId) throw notFound('Agent token', id);
    return token;
  };
  return {
    name: 'agent-tokens',
    handlers: {
      ListAgentTokens: (ctx) => {
        const deploymentId = deploymentOf(ctx);
        const all = [...tokens.all()].filter((t) => t.agentDeploymentId === deploymentId);
        return tokenPage(spec, scopeField, ctx, all);
      },
      CreateAgentToken: (ctx) => {
        const deploymentId = deploymentOf(ctx);
        const body = ctx.body as Record<string, unknown>;
        const { record, value } = tokens.issue({
          name: String(body.name),
          description: body.description as string | undefined,
          scope: 'DEPLOYMENT',
          entityId: deploymentId,
          roles: [],
          expiryDays: body.tokenExpiryPeriodInDays as number | undefined,
          now: ctx.now,
          createdBy: ctx.caller ? subjectOf(ctx.caller) : undefined,
          agentDeploymentId: deploymentId,
        });
        return reply(ctx, record, value);
      },
      GetAgentToken: (ctx) => reply(ctx, agentToken(ctx)),
      DeleteAgentToken: (ctx) => {
        tokens.remove(agentToken(ctx));
        return { status: successStatus(ctx.operation) };
      },
    },
  };
}
