import type { EndpointDetails, ParameterDetails, PropertyDetails, SchemaDetails } from '../diff/tree.js';
import { httpMethods } from '../match/keys.js';
import type { Change, DiffResult } from '../result.js';
import { cleanText, publishMarkdown, sanitizeResult } from './escape.js';
import { parameterLine, propertyLine } from './format-values.js';
import { summaryBullets } from './summary.js';
import { Block } from './block.js';

export interface MarkdownOptions {
  title?: string;
  date?: string;
  previous?: { label: string; href: string };
  next?: { label: string; href: string };
}

type Section = 'Added' | 'Changed' | 'Removed' | 'Deprecated';
const sections: Section[] = ['Added', 'Changed', 'Removed', 'Deprecated'];
const subsectionOrder = ['Schemas', 'Components', 'Endpoints', 'Permissions', 'Query Parameters', 'Path Parameters', 'Header Parameters', 'Cookie Parameters', 'Parameters', 'Parameter Descriptions', 'Security', 'Servers', 'Info'];

function sectionOf(c: Change): Section {
  return c.action === 'added' ? 'Added' : c.action === 'removed' ? 'Removed' : c.action === 'deprecated' ? 'Deprecated' : 'Changed';
}

function parameterSubsection(where: string | undefined): string {
  switch (where) {
    case 'query':
      return 'Query Parameters';
    case 'path':
      return 'Path Parameters';
    case 'header':
      return 'Header Parameters';
    case 'cookie':
      return 'Cookie Parameters';
    default:
      return 'Parameters';
  }
}

function subsectionOf(c: Change): string {
  switch (c.group) {
    case 'schemas':
      // An inline schema at one operation is that endpoint's business; named components get their own list.
      return c.component !== undefined ? 'Schemas' : 'Endpoints';
    case 'permissions':
      return 'Permissions';
    case 'parameter-descriptions':
      return 'Parameter Descriptions';
    case 'parameters': {
      const p = (c.new ?? c.old) as Partial<ParameterDetails> | undefined;
      const where = p && typeof p === 'object' && 'in' in p ? p.in : / (query|path|header|cookie) /.exec(c.location)?.[1];
      return parameterSubsection(where);
    }
    case 'security':
      return 'Security';
    case 'servers':
      return 'Servers';
    case 'info':
      return 'Info';
    default:
      return c.component !== undefined ? 'Schemas' : 'Endpoints';
  }
}

function endpointLines(d: EndpointDetails): string[] {
  const lines: string[] = [];
  if (d.summary) lines.push(/[.!?]$/.test(d.summary) ? d.summary : `${d.summary}.`);
  if (d.parameters.length > 0) lines.push('Parameters:', ...d.parameters.map((p) => `  - ${parameterLine(p)}`));
  if (d.requestBody?.schema) lines.push(`Request Body: ${d.requestBody.schema}`);
  if (d.responses.length > 0) lines.push(`Responses: ${d.responses.join(', ')}.`);
  if (d.permissions.length > 0) lines.push(`Requires: ${d.permissions.join(', ')}.`);
  if (d.deprecated) lines.push('Deprecated.');
  return lines;
}

/** What a change says about its subject, without repeating the subject. */
function relativeSentence(c: Change, subject: string): string {
  const text = c.text;
  if (text.startsWith(`${subject}.`)) return text.slice(subject.length + 1);
  if (text.startsWith(`${subject}: `)) return capitalise(text.slice(subject.length + 2));
  if (text.startsWith(`${subject} `)) return capitalise(text.slice(subject.length + 1));
  return text;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function methodRank(method: string): number {
  return httpMethods.indexOf(method.toLowerCase() as (typeof httpMethods)[number]);
}

/** Renders a changelog entry in the house style (see ../shared/seeds): Summary, then Added / Changed / Removed / Deprecated. */
export function renderMarkdown(input: DiffResult, options: MarkdownOptions = {}): string {
  const result = sanitizeResult(input);
  const out: string[] = [];
  out.push(`# ${cleanText(options.title ?? 'Changelog')}`, '');
  if (options.date) out.push(cleanText(options.date), '');
  const links = [options.previous && `Previous: [${options.previous.label}](${options.previous.href})`, options.next && `Next: [${options.next.label}](${options.next.href})`].filter(Boolean);
  if (links.length > 0) out.push(links.join(' · '), '');

  // A change to a component reached by requests and responses is classified once per direction; show it once.
  const seen = new Set<string>();
  const changes = result.changes.filter((c) => {
    const key = c.component !== undefined ? `${c.component}|${c.location}|${c.kind}|${JSON.stringify(c.new ?? c.old)}` : c.fingerprint;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });

  out.push('## Summary', '', ...summaryBullets(changes).map((b) => `- ${b}`), '');

  const blocks = new Map<Section, Map<string, Block<string>>>(sections.map((s) => [s, new Map()]));
  const block = (section: Section, sub: string) => {
    const subs = blocks.get(section)!;
    if (!subs.has(sub)) subs.set(sub, new Block<string>((line) => line));
    return subs.get(sub)!;
  };
  const permissionRows = new Map<Section, Map<string, Map<string, string[]>>>();

  for (const c of changes) {
    const section = sectionOf(c);
    const sub = subsectionOf(c);
    if (c.kind === 'endpoint:added' || c.kind === 'endpoint:removed') {
      const d = (c.new ?? c.old) as EndpointDetails;
      // lifecycle: a removal before the sunset date (or with one that is not a date) says so.
      const sunset = c.kind === 'endpoint:removed' && d.sunset !== undefined ? [c.id === 'api-path-sunset-parse' ? `Its x-sunset ${d.sunset} is not a date.` : `Removed before its sunset date ${d.sunset}.`] : [];
      block(section, 'Endpoints').add(c.location, ...(c.kind === 'endpoint:added' ? endpointLines(d) : d.summary ? [d.summary] : []), ...sunset);
    } else if (c.kind === 'schema:added' || c.kind === 'schema:removed') {
      const d = (c.new ?? c.old) as SchemaDetails;
      block(section, 'Schemas').add(c.location, ...(c.kind === 'schema:added' ? d.properties.map((p) => propertyLine(p)) : []));
    } else if (c.kind === 'schema:renamed') {
      block(section, 'Schemas').add(c.location, c.text);
    } else if (c.component !== undefined && c.operation === undefined && c.schemaName === undefined) {
      // A change inside a shared response, parameter, request body or header: listed once under the component.
      block(section, 'Components').add(c.component, relativeSentence(c, c.component));
    } else if (c.group === 'permissions') {
      const byPath = permissionRows.get(section) ?? new Map<string, Map<string, string[]>>();
      permissionRows.set(section, byPath);
      const byMethod = byPath.get(c.operation!.path) ?? new Map<string, string[]>();
      byPath.set(c.operation!.path, byMethod);
      byMethod.set(c.operation!.method, (c.action === 'removed' ? c.old : c.new) as string[]);
    } else if ((c.kind === 'property-added' || c.kind === 'property-removed') && c.component !== undefined) {
      const p = (c.new ?? c.old) as PropertyDetails;
      // The owner is the schema name plus the path to the property's parent; a dot in a schema name is part of the name.
      const parent = (c.propertyPath ?? p.name).slice(0, -(p.name.length + 1));
      const owner = `${c.schemaName ?? c.location}${parent ? '.' + parent : ''}`;
      block(section, 'Schemas').add(owner, c.kind === 'property-added' ? propertyLine(p) : `${p.name} (${p.type})`);
    } else if (c.component !== undefined) {
      const owner = c.schemaName ?? c.location;
      const rest = c.propertyPath;
      const words = relativeSentence(c, c.location).replace(/ \(affects \d+ operations?\)/, '');
      block(section, 'Schemas').add(owner, rest ? `${rest} ${words.charAt(0).toLowerCase()}${words.slice(1)}` : words);
    } else if (c.kind === 'parameter:added' || c.kind === 'parameter:removed') {
      const p = (c.new ?? c.old) as ParameterDetails;
      block(section, sub).add(`${c.operation!.method} ${c.operation!.path}`, parameterLine(p));
    } else if (c.group === 'parameter-descriptions') {
      const p = c.new as ParameterDetails;
      block(section, sub).add(`${c.operation!.method} ${c.operation!.path}`, `${p.name}: ${p.description ?? '(no description)'}`);
    } else if (c.operation) {
      const subject = `${c.operation.method} ${c.operation.path}`;
      block(section, sub).add(subject, relativeSentence(c, subject));
    } else {
      block(section, sub).add(c.text);
    }
  }

  // Permissions read per path: one line per set of methods that require the same thing.
  for (const [section, byPath] of permissionRows) {
    for (const [path, byMethod] of byPath) {
      const byValue = new Map<string, string[]>();
      for (const [method, values] of [...byMethod].sort(([a], [b]) => methodRank(a) - methodRank(b))) {
        const key = values.join(', ');
        const methods = byValue.get(key);
        if (methods) methods.push(method);
        else byValue.set(key, [method]);
      }
      for (const [value, methods] of byValue) {
        const verb = section === 'Removed' ? 'No longer requires' : 'Requires';
        block(section, 'Permissions').add(path, `${methods.join(', ')}: ${verb} ${value}.`);
      }
    }
  }

  const existingTouched = changes.some((c) => c.kind !== 'endpoint:added' && c.kind !== 'schema:added');
  for (const section of sections) {
    const subs = blocks.get(section)!;
    if (subs.size === 0) {
      if (section === 'Changed' && !existingTouched) out.push('## Changed', '', '- No existing schemas or endpoints were modified.', '');
      continue;
    }
    out.push(`## ${section}`, '');
    for (const name of [...subs.keys()].sort((a, b) => subsectionOrder.indexOf(a) - subsectionOrder.indexOf(b))) {
      out.push(`### ${name}`, '');
      for (const [subject, lines] of subs.get(name)!.subjects) {
        out.push(`- ${subject}`);
        for (const line of lines) out.push(line.startsWith('  - ') ? `  ${line}` : `  - ${line}`);
      }
      out.push('');
    }
  }
  return publishMarkdown(out.join('\n').replace(/\n+$/, '\n'));
}
