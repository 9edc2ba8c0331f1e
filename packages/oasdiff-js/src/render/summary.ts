import type { EndpointDetails, PropertyDetails, SchemaDetails } from '../diff/tree.js';
import type { Change } from '../result.js';
import { plural } from './plural.js';

function list(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}


/** At most `max` names, then how many more. */
function some(names: string[], max: number): string {
  return names.length <= max ? list(names) : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/** Prose bullets for the Summary section, generated from the changes (one per kind of news). */
export function summaryBullets(changes: readonly Change[]): string[] {
  const bullets: string[] = [];
  const of = (pred: (c: Change) => boolean) => changes.filter(pred);

  const addedEndpoints = of((c) => c.id === 'endpoint-added');
  if (addedEndpoints.length > 0) {
    const names = addedEndpoints.map((c) => (c.new as EndpointDetails).summary?.replace(/\.$/, '') ?? c.location);
    bullets.push(`Added ${plural(addedEndpoints.length, 'endpoint')}: ${some(names, 8)}.`);
  }
  const addedSchemas = of((c) => c.id === 'api-schema-added');
  for (const c of addedSchemas.slice(0, 3)) {
    const d = c.new as SchemaDetails;
    bullets.push(`Added the schema ${c.location}${d.properties.length > 0 ? ` with the properties ${list(d.properties.map((p) => p.name))}` : ''}.`);
  }
  if (addedSchemas.length > 3) bullets.push(`Added ${plural(addedSchemas.length - 3, 'more schema')}.`);

  const addedProps = of((c) => c.kind === 'property-added' && c.component !== undefined);
  const byProp = new Map<string, Set<string>>();
  for (const c of addedProps) {
    const p = c.new as PropertyDetails;
    const parent = (c.propertyPath ?? p.name).slice(0, -(p.name.length + 1));
    const owner = `${c.schemaName ?? c.location}${parent ? '.' + parent : ''}`;
    const owners = byProp.get(p.name);
    if (owners) owners.add(owner);
    else byProp.set(p.name, new Set([owner]));
  }
  for (const [name, ownerSet] of [...byProp].slice(0, 5)) {
    const owners = [...ownerSet];
    const example = addedProps.find((c) => (c.new as PropertyDetails).name === name)!.new as PropertyDetails;
    const values = example.enum ? ` (${list(example.enum.map(String))})` : '';
    bullets.push(`Added the ${name} property${values} to ${list(owners)}.`);
  }
  if (byProp.size > 5) bullets.push(`Added ${plural(byProp.size - 5, 'more property')} to existing schemas.`);

  const permissions = of((c) => c.group === 'permissions' && c.action !== 'removed');
  if (permissions.length > 0) {
    const paths = unique(permissions.map((c) => c.operation!.path));
    const verb = permissions.every((c) => c.action === 'added') ? 'Added permission requirements (x-permission) to' : 'Changed the permissions (x-permission) required by';
    bullets.push(`${verb} ${plural(permissions.length, 'operation')} on ${plural(paths.length, 'path')}.`);
  }
  const addedParams = of((c) => c.kind === 'parameter:added');
  for (const c of addedParams.slice(0, 3)) {
    const p = c.new as { in: string; name: string };
    bullets.push(`Added the ${p.in} parameter ${p.name} to ${c.operation!.method} ${c.operation!.path}.`);
  }
  if (addedParams.length > 3) bullets.push(`Added ${plural(addedParams.length - 3, 'more parameter')} to existing endpoints.`);

  const removedEndpoints = of((c) => c.kind === 'endpoint:removed');
  if (removedEndpoints.length > 0) bullets.push(`Removed ${plural(removedEndpoints.length, 'endpoint')}: ${some(removedEndpoints.map((c) => c.location), 5)}.`);
  const deprecated = of((c) => c.action === 'deprecated');
  if (deprecated.length > 0) bullets.push(`Deprecated ${some(unique(deprecated.map((c) => c.location)), 5)}.`);

  const changedSchemas = unique(of((c) => c.action === 'changed' && c.group === 'schemas' && c.component !== undefined).map((c) => c.schemaName ?? c.location));
  if (changedSchemas.length > 0) bullets.push(`Changed ${plural(changedSchemas.length, 'existing schema')}: ${some(changedSchemas, 6)}.`);
  const changedEndpoints = unique(of((c) => c.action !== 'added' && c.operation !== undefined && c.kind !== 'endpoint:removed' && c.action !== 'deprecated').map((c) => `${c.operation!.method} ${c.operation!.path}`));
  if (changedEndpoints.length > 0) bullets.push(`Changed ${plural(changedEndpoints.length, 'existing endpoint')}: ${some(changedEndpoints, 4)}.`);

  const breaking = of((c) => c.level === 'breaking');
  if (breaking.length > 0) bullets.push(`${plural(breaking.length, 'change')} may break existing clients (see below).`);
  if (bullets.length === 0) bullets.push(changes.length === 0 ? 'No changes.' : `${plural(changes.length, 'minor change')}.`);
  return bullets;
}
