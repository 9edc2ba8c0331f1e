import { child, showPointer, type Located } from '../load/located.js';
import type { Side } from '../load/side.js';
import { pairBy } from '../match/pair.js';
import { asObject } from './details.js';
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

  const entries = (side: Side) => [...side.components].filter(([key]) => key.startsWith('securitySchemes/'));
  const pairing = pairBy(entries(base), entries(revision), ([k]) => k, ([k]) => k);
  const name = (key: string) => key.slice('securitySchemes/'.length);
  for (const { revision: [key, loc] } of pairing.added) facts.push({ kind: 'security-scheme', change: 'added', name: name(key), pointers: { revision: showPointer(loc) } });
  for (const { base: [key, loc] } of pairing.removed) facts.push({ kind: 'security-scheme', change: 'removed', name: name(key), pointers: at(loc) });
  for (const { base: [key, b], revision: [, r] } of pairing.matched) {
    const o = String(asObject(b.value).type ?? '');
    const n = String(asObject(r.value).type ?? '');
    if (o !== n) facts.push({ kind: 'security-scheme', change: 'type-changed', name: name(key), old: o, new: n, pointers: { base: showPointer(child(b, 'type')), revision: showPointer(child(r, 'type')) } });
  }
  return facts;
}
