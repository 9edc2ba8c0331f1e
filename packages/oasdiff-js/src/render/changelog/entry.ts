import type { EndpointDetails, ParameterDetails, PropertyDetails, SchemaDetails } from '../../diff/tree.js';
import type { Change, DiffResult } from '../../result.js';
import { cleanText, publishMarkdown, sanitizeResult } from '../escape.js';
import { countChanges, countsText, distinctChanges, isDocumentationOnly, levelMarker, propertyOwner, schemaPlace } from './counts.js';
import { cleanEngineText, code, codeValue, list, memberWords, parameterLine, plural, propertyLine, quote, sharedComponentLabel, sharedComponentWords } from './phrases.js';
import { enumSwaps, successorsOf, successorText, summaryBullets } from './summary.js';
import { Block } from '../block.js';

export interface EntryOptions {
  readonly title: string;
  readonly previous?: { label: string; href: string };
  readonly next?: { label: string; href: string };
  /** Where the JSON twin lives, for the Documentation line. */
  readonly jsonHref?: string;
  /** The schema an operation answers with on success, when the spec names one. */
  readonly returns?: (method: string, path: string) => string | undefined;
}

type Section = 'Added' | 'Changed' | 'Removed' | 'Deprecated';
const SECTIONS: Section[] = ['Added', 'Changed', 'Removed', 'Deprecated'];
const SUBSECTIONS = ['Endpoints', 'Schemas', 'Shared Components', 'Permissions', 'Query Parameters', 'Path Parameters', 'Header Parameters', 'Cookie Parameters', 'Parameters', 'Security', 'Servers', 'Info'];
const METHOD_ORDER = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'];

interface Line {
  readonly text: string;
  /** Breaking and warning lines carry a marker; one marked line stands for exactly one change. */
  readonly level?: string;
}

const sectionOf = (c: Change): Section =>
  c.action === 'added' ? 'Added' : c.action === 'removed' ? 'Removed' : c.action === 'deprecated' ? 'Deprecated' : 'Changed';

function parameterSubsection(c: Change): string {
  const p = (c.new ?? c.old) as Partial<ParameterDetails> | undefined;
  const where = p && typeof p === 'object' && 'in' in p ? p.in : / (query|path|header|cookie) /.exec(c.location)?.[1];
  return where ? `${where.charAt(0).toUpperCase()}${where.slice(1)} Parameters` : 'Parameters';
}

const opText = (op: { method: string; path: string }) => `${op.method.toUpperCase()} ${op.path}`;
const capitalise = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
const marked = (c: Change, text: string): Line => (levelMarker(c.level) ? { text, level: c.level } : { text });

function endpointLines(d: EndpointDetails, returns: string | undefined): string[] {
  const lines: string[] = [];
  if (d.summary) lines.push(/[.!?]$/.test(d.summary) ? d.summary : `${d.summary}.`);
  if (returns) lines.push(returns.endsWith('[]') ? `Returns a list of ${code(returns.slice(0, -2))}.` : `Returns ${code(returns)}.`);
  if (d.parameters.length > 0) lines.push('Parameters:', ...d.parameters.map((p) => `  - ${parameterLine(p)}`));
  if (d.requestBody?.schema) lines.push(`Request body: ${code(d.requestBody.schema)}${d.requestBody.required ? '' : ' (optional)'}.`);
  if (d.responses.length > 0) lines.push(`Responses: ${d.responses.join(', ')}.`);
  if (d.permissions.length > 0) lines.push(`Requires ${list(d.permissions.map(code))}.`);
  if (d.deprecated) lines.push('Deprecated.');
  return lines;
}

/** What a change says about an operation it belongs to, without repeating the operation. */
export function operationWords(c: Change): string {
  const [family, sub] = c.kind.split(':') as [string, string | undefined];
  const status = (v: unknown) => (v as { status?: string } | undefined)?.status;
  if (family === 'response' && sub === 'added') return `May now respond ${status(c.new)}.`;
  if (family === 'response' && sub === 'removed') return `No longer responds ${status(c.old)}.`;
  if (family === 'request-body') {
    const words: Record<string, string> = { added: 'Now takes a request body.', removed: 'No longer takes a request body.', 'became-required': 'The request body is now required.', 'became-optional': 'The request body is now optional.' };
    if (sub && words[sub]) return words[sub]!;
  }
  if (family === 'endpoint' && sub === 'deprecated') return 'Deprecated.';
  if (family === 'endpoint' && sub === 'reactivated') return 'No longer deprecated.';
  if (family === 'parameter' && sub === 'renamed') {
    return `The ${(c.new as ParameterDetails).in} parameter ${code((c.old as ParameterDetails).name)} is now called ${code((c.new as ParameterDetails).name)}.`;
  }
  if (family === 'parameter' && (sub === 'became-required' || sub === 'became-optional')) {
    return `The ${(c.new as ParameterDetails).in} parameter ${code((c.new as ParameterDetails).name)} is now ${sub === 'became-required' ? 'required' : 'optional'}.`;
  }
  if (family === 'field') return `The ${sub} changed from ${quote(c.old)} to ${quote(c.new)}.`;
  if (family === 'parameter' && (sub === 'added' || sub === 'removed')) {
    const p = (c.new ?? c.old) as ParameterDetails;
    return sub === 'added' ? `New ${p.required ? 'required' : 'optional'} ${p.in} parameter ${code(p.name)}.` : `The ${p.in} parameter ${code(p.name)} was removed.`;
  }
  const place = c.operation ? /^(query|path|header|cookie) (\S+)( \[\])?$/.exec(c.location.slice(opText(c.operation).length + 1)) : null;
  if (place && !c.kind.includes(':')) return `The ${place[1]} parameter ${code(place[2]!)}${place[3] ? ' (each item)' : ''} ${memberWords(c)}.`;
  const text = cleanEngineText(c);
  const op = code(opText(c.operation!));
  if (text.startsWith(`${op} `)) return capitalise(text.slice(op.length + 1));
  return text;
}

/** One line per documentation-only change, both sides quoted where they are text. */
function documentationLine(c: Change): string {
  const shared = sharedComponentLabel(c.component);
  if (shared) return `${capitalise(shared)}: ${sharedComponentWords(c)}`;
  if (c.operation && c.kind.startsWith('field:')) return `${code(opText(c.operation))} ${c.kind.slice('field:'.length)}: ${quote(c.old)} → ${quote(c.new)}`;
  const where = code(c.location);
  if (typeof c.old === 'string' || typeof c.new === 'string') return `${where}: ${quote(c.old)} → ${quote(c.new)}`;
  return `${where}: ${c.kind.includes('example') ? 'example changed' : 'changed'}${c.affects && c.affects.length > 1 ? ` (shared by ${plural(c.affects.length, 'operation')})` : ''}`;
}

/**
 * One changelog entry for people: a count line, a summary ordered by level then importance, the
 * changes per section with breaking and warning ones marked inline, and documentation-only changes
 * collapsed into one line (each listed in a folded block, and in the JSON twin).
 */
export function renderEntry(input: DiffResult, options: EntryOptions): string {
  const result = sanitizeResult(input);
  const distinct = distinctChanges(result.changes);
  const counts = countChanges(distinct);
  const substantive = distinct.filter((c) => !isDocumentationOnly(c));
  const documentation = distinct.filter(isDocumentationOnly);

  const out: string[] = [`# ${cleanText(options.title)}`, ''];
  const links = [options.previous && `Previous: [${options.previous.label}](${options.previous.href})`, options.next && `Next: [${options.next.label}](${options.next.href})`].filter(Boolean);
  if (links.length > 0) out.push(links.join(' · '), '');
  const markers = (['breaking', 'warning'] as const).filter((level) => counts[level] > 0).map(levelMarker);
  const legend = markers.length > 0 ? ` Changes that can affect existing clients are marked ${markers.join(' or ')} where they are listed.` : '';
  out.push(`**Changes:** ${countsText(counts)}.${legend}`, '');
  out.push('## Summary', '', ...summaryBullets(substantive, documentation.length).map((b) => `- ${b}`), '');

  const blocks = new Map<Section, Map<string, Block<Line>>>(SECTIONS.map((s) => [s, new Map()]));
  const block = (section: Section, sub: string) => {
    const subs = blocks.get(section)!;
    if (!subs.has(sub)) subs.set(sub, new Block<Line>((line) => (line.level === undefined ? line.text : undefined)));
    return subs.get(sub)!;
  };
  const permissionRows = new Map<Section, Map<string, Array<{ method: string; value: string; change: Change }>>>();
  const addedSchemas = substantive.filter((c) => c.kind === 'schema:added');
  const swaps = enumSwaps(substantive);

  for (const c of substantive) {
    const section = sectionOf(c);
    if (c.kind === 'endpoint:added' || c.kind === 'endpoint:removed') {
      const d = (c.new ?? c.old) as EndpointDetails;
      const lines = c.kind === 'endpoint:added' ? endpointLines(d, options.returns?.(d.method, d.path)) : [d.summary ? `Was: ${d.summary.replace(/\.$/, '')}.` : 'Removed.'];
      const [first, ...rest] = lines;
      block(section, 'Endpoints').add(code(c.location), marked(c, first ?? ''), ...rest.map((text) => ({ text })));
    } else if (c.kind === 'schema:added') {
      const d = c.new as SchemaDetails;
      const lines = d.properties.length > 0 ? d.properties.map((p) => ({ text: propertyLine(p) })) : [{ text: d.description ? d.description : `A ${d.type} schema.` }];
      block(section, 'Schemas').add(code(c.location), ...lines);
    } else if (c.kind === 'schema:removed') {
      const users = (c.affects ?? []).map(opText);
      const successors = successorsOf(c, addedSchemas);
      const line = users.length === 0 ? 'Removed.' : `Was used by ${list(users.map(code))}${successors.length > 0 ? `; ${successorText(successors)} instead` : ''}.`;
      block(section, 'Schemas').add(code(c.location), marked(c, line));
    } else if (c.kind === 'schema:renamed') {
      block('Changed', 'Schemas').add(code(c.location), marked(c, `Renamed from ${codeValue(c.old)}; the definition is unchanged.`));
    } else if (c.group === 'permissions') {
      const rows = permissionRows.get(section) ?? new Map();
      permissionRows.set(section, rows);
      const path = c.operation!.path;
      const old = Array.isArray(c.old) ? (c.old as string[]).map(code).join(', ') : '';
      const now = Array.isArray(c.new) ? (c.new as string[]).map(code).join(', ') : '';
      const value = section === 'Removed' ? `No longer requires ${old}.` : section === 'Changed' ? `Requires ${now} (was ${old}).` : `Requires ${now}.`;
      const row = { method: c.operation!.method.toUpperCase(), value, change: c };
      const list = rows.get(path);
      if (list) list.push(row);
      else rows.set(path, [row]);
    } else if ((c.kind === 'property-added' || c.kind === 'property-removed') && c.component !== undefined) {
      const p = (c.new ?? c.old) as PropertyDetails;
      const owner = propertyOwner(c, p.name);
      const text = c.kind === 'property-added' ? propertyLine(p) : `${code(p.name)} (${p.type})${c.direction === 'request' ? ': no longer part of the request body; stop sending it' : c.direction === 'response' ? ': no longer in responses' : ''}.`;
      block(section, 'Schemas').add(code(owner), marked(c, text));
    } else if (sharedComponentLabel(c.component)) {
      block(section, 'Shared Components').add(capitalise(sharedComponentLabel(c.component)!), marked(c, `${capitalise(sharedComponentWords(c))}.`));
    } else if (c.component !== undefined) {
      const { schema, member } = schemaPlace(c);
      const swap = swaps.get(`${schema}.${member}`);
      const words = memberWords(c) + (swap ? (c.kind === 'enum-value-added' ? ` (replacing ${codeValue(swap.removed)})` : `; ${codeValue(swap.added)} replaces it`) : '');
      block(section, 'Schemas').add(code(schema), marked(c, member !== '' ? `${code(member)} ${words}.` : `${capitalise(words)}.`));
    } else if (c.kind === 'parameter:added' || c.kind === 'parameter:removed') {
      const p = (c.new ?? c.old) as ParameterDetails;
      block(section, parameterSubsection(c)).add(code(opText(c.operation!)), marked(c, parameterLine(p)));
    } else if (c.operation) {
      block(section, 'Endpoints').add(code(opText(c.operation)), marked(c, operationWords(c)));
    } else {
      block(section, c.group === 'security' ? 'Security' : c.group === 'servers' ? 'Servers' : 'Info').add(cleanEngineText(c), marked(c, ''));
    }
  }

  // Permissions read per path. Unmarked (info) rows that require the same thing share a line;
  // a marked row stays on its own line, so each marker stands for one change.
  for (const [section, byPath] of permissionRows) {
    for (const [path, rows] of byPath) {
      rows.sort((a, b) => METHOD_ORDER.indexOf(a.method) - METHOD_ORDER.indexOf(b.method));
      const shared = new Map<string, string[]>();
      for (const row of rows) {
        if (levelMarker(row.change.level)) block(section, 'Permissions').add(code(path), marked(row.change, `${row.method}: ${row.value}`));
        else {
          const methods = shared.get(row.value);
          if (methods) methods.push(row.method);
          else shared.set(row.value, [row.method]);
        }
      }
      for (const [value, methods] of shared) block(section, 'Permissions').add(code(path), { text: `${methods.join(', ')}: ${value}` });
    }
  }

  const touchedExisting = substantive.some((c) => c.kind !== 'endpoint:added' && c.kind !== 'schema:added');
  for (const section of SECTIONS) {
    const subs = blocks.get(section)!;
    if (subs.size === 0) {
      if (section === 'Changed' && !touchedExisting) out.push('## Changed', '', '- No existing schemas or endpoints were modified.', '');
      continue;
    }
    out.push(`## ${section}`, '');
    for (const name of [...subs.keys()].sort((a, b) => SUBSECTIONS.indexOf(a) - SUBSECTIONS.indexOf(b))) {
      out.push(`### ${name}`, '');
      for (const [subject, lines] of subs.get(name)!.subjects) {
        const own = lines.filter((l) => l.text !== '');
        const subjectMarker = lines.find((l) => l.text === '' && l.level);
        out.push(`- ${subjectMarker ? `${levelMarker(subjectMarker.level!)} ` : ''}${subject}`);
        for (const line of own) {
          const marker = line.level ? `${levelMarker(line.level)} ` : '';
          out.push(line.text.startsWith('  - ') ? `    - ${marker}${line.text.slice(4)}` : `  - ${marker}${line.text}`);
        }
      }
      out.push('');
    }
  }

  if (documentation.length > 0) {
    const where = options.jsonHref ? `; each is listed below and in the [JSON twin](${options.jsonHref})` : '; each is listed below';
    out.push('## Documentation', '', `- ${plural(documentation.length, 'documentation-only change')} (descriptions, summaries, examples): nothing a client sends or receives changed${where}.`, '');
    // The folding markup is ours; only what it holds is published (escaped) Markdown.
    const folded = publishMarkdown(['', ...documentation.map((c) => `- ${documentationLine(c)}`), ''].join('\n'));
    return `${publishMarkdown(out.join('\n'))}\n<details><summary>Documentation changes</summary>\n${folded}\n</details>\n`;
  }
  return publishMarkdown(out.join('\n').replace(/\n+$/, '\n'));
}
