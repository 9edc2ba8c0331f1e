import { child, showPointer, type Located } from '../load/located.js';
import type { Side } from '../load/side.js';
import { pairBy, pairKeys } from '../match/pair.js';
import { asObject } from './details.js';
import { documentExtensionFacts } from './extensions.js';
import { securityRequirements } from './operations.js';
import type { DocumentFact, Pointers } from './tree.js';

function at(loc: Located | undefined): Pointers {
  return loc ? { base: showPointer(loc) } : {};
}

/** Changes to the document as a whole: servers, info, global security and security schemes. */
export function diffDocument(base: Side, revision: Side): DocumentFact[] {
  const facts: DocumentFact[] = [];
  const servers = pairBy(base.info.servers, revision.info.servers, String, String);
  for (const { key } of servers.added) facts.push({ kind: 'server', change: 'added', url: key, pointers: { revision: '/servers' } });
  for (const { key } of servers.removed) facts.push({ kind: 'server', change: 'removed', url: key, pointers: { base: '/servers' } });

  for (const field of ['title', 'version'] as const) {
    const o = base.info[field];
    const n = revision.info[field];
    if (o !== n) {
      const fact: DocumentFact = { kind: 'info', field, pointers: { base: `/info/${field}`, revision: `/info/${field}` } };
      if (o !== undefined) fact.old = o;
      if (n !== undefined) fact.new = n;
      facts.push(fact);
    }
  }

  const schemes = (side: Side) => new Set(side.globalSecurity.flatMap((loc) => [...securityRequirements(loc.value).keys()]));
  const global = pairBy(schemes(base), schemes(revision), String, String);
  for (const { key } of global.added) facts.push({ kind: 'global-security', change: 'added', scheme: key, pointers: { revision: '/security' } });
  for (const { key } of global.removed) facts.push({ kind: 'global-security', change: 'removed', scheme: key, pointers: { base: '/security' } });

  // Scopes of global requirements, for the schemes both sides require.
  const globalScopes = (side: Side) => {
    const map = new Map<string, Set<string>>();
    for (const loc of side.globalSecurity) for (const [scheme, scopes] of securityRequirements(loc.value)) map.set(scheme, new Set([...(map.get(scheme) ?? []), ...scopes]));
    return map;
  };
  const bScopes = globalScopes(base);
  const rScopes = globalScopes(revision);
  for (const { key } of global.matched) {
    const scopes = pairBy(bScopes.get(key) ?? [], rScopes.get(key) ?? [], String, String);
    for (const { key: scope } of scopes.added) facts.push({ kind: 'global-security', change: 'scope-added', scheme: key, scope, pointers: { base: '/security', revision: '/security' } });
    for (const { key: scope } of scopes.removed) facts.push({ kind: 'global-security', change: 'scope-removed', scheme: key, scope, pointers: { base: '/security', revision: '/security' } });
  }

  const hooks = pairBy([...base.webhooks], [...revision.webhooks], ([k]) => k, ([k]) => k);
  for (const { revision: [name, loc] } of hooks.added) facts.push({ kind: 'webhook', change: 'added', name, pointers: { revision: showPointer(loc) } });
  for (const { base: [name, loc] } of hooks.removed) facts.push({ kind: 'webhook', change: 'removed', name, pointers: at(loc) });

  const entries = (side: Side) => [...side.components].filter(([key]) => key.startsWith('securitySchemes/'));
  const pairing = pairBy(entries(base), entries(revision), ([k]) => k, ([k]) => k);
  const name = (key: string) => key.slice('securitySchemes/'.length);
  for (const { revision: [key, loc] } of pairing.added) facts.push({ kind: 'security-scheme', change: 'added', name: name(key), pointers: { revision: showPointer(loc) } });
  for (const { base: [key, loc] } of pairing.removed) facts.push({ kind: 'security-scheme', change: 'removed', name: name(key), pointers: at(loc) });
  for (const { base: [key, b], revision: [, r] } of pairing.matched) {
    const o = String(asObject(b.value).type ?? '');
    const n = String(asObject(r.value).type ?? '');
    if (o !== n) facts.push({ kind: 'security-scheme', change: 'type-changed', name: name(key), old: o, new: n, pointers: { base: showPointer(child(b, 'type')), revision: showPointer(child(r, 'type')) } });
    else if (o === 'oauth2') oauthFlows(name(key), b, r, facts);
  }
  facts.push(...documentExtensionFacts(base, revision));
  return facts;
}

/** OAuth 2 flows of one scheme on both sides: scopes by name, token and authorization URLs. */
function oauthFlows(name: string, b: Located, r: Located, facts: DocumentFact[]): void {
  const bFlows = asObject(asObject(b.value).flows);
  const rFlows = asObject(asObject(r.value).flows);
  for (const flow of Object.keys(bFlows).filter((f) => f in rFlows)) {
    const bf = asObject(bFlows[flow]);
    const rf = asObject(rFlows[flow]);
    const where = { base: showPointer(child(b, 'flows', flow)), revision: showPointer(child(r, 'flows', flow)) };
    const scopes = pairKeys(bf.scopes, rf.scopes);
    for (const { key } of scopes.added) facts.push({ kind: 'oauth', change: 'scope-added', name, flow, scope: key, pointers: where });
    for (const { key } of scopes.removed) facts.push({ kind: 'oauth', change: 'scope-removed', name, flow, scope: key, pointers: where });
    for (const { key } of scopes.matched) {
      const o = asObject(bf.scopes)[key];
      const n = asObject(rf.scopes)[key];
      if (o !== n) facts.push({ kind: 'oauth', change: 'scope-changed', name, flow, scope: key, old: String(o), new: String(n), pointers: where });
    }
    if (bf.tokenUrl !== rf.tokenUrl) facts.push({ kind: 'oauth', change: 'token-url-changed', name, flow, old: String(bf.tokenUrl ?? ''), new: String(rf.tokenUrl ?? ''), pointers: where });
    if (bf.authorizationUrl !== rf.authorizationUrl) facts.push({ kind: 'oauth', change: 'url-changed', name, flow, old: String(bf.authorizationUrl ?? ''), new: String(rf.authorizationUrl ?? ''), pointers: where });
  }
}
