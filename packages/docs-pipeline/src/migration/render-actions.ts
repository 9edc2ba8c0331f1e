/**
 * The guide's first screen: the deadline, then what to do (the action table and one section per
 * action, with its examples), then how to find and stage the calls. Every request is rendered from
 * its `ExampleRequest` (./request-example.ts), so the JSON, the `curl` command and the TypeScript
 * show one request.
 */
import { countChanges, countsText, levelMarker } from '../change-filters.js';
import { list } from '../changelog/phrases.js';
import { cell } from '../markdown-sections.js';
import { uncovered, type Action, type ExampleSide } from './actions.js';
import type { VersionPart } from './inputs.js';
import type { GuideParts } from './render.js';
import { curlCommand, envName, jsonText, TOKEN_VARIABLE } from './request-example.js';

const code = (text: string) => `\`${text}\``;
const serverOf = (part: VersionPart) => part.spec.document.servers?.[0]?.url ?? part.api.server;
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `2027-01` → `January 2027` (the manifest gives a month; a full date keeps its day). */
export function monthText(value: string): string {
  const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/.exec(value);
  if (!match) return value;
  const month = MONTHS[Number(match[2]) - 1] ?? match[2];
  return match[3] ? `${month} ${Number(match[3])}, ${match[1]}` : `${month} ${match[1]}`;
}

function fence(language: string, text: string): string[] {
  return [`\`\`\`${language}`, text.trimEnd(), '```'];
}

export function slug(text: string): string {
  return text.toLowerCase().replace(/[`]/g, '').replace(/[^a-z0-9 -]/g, '').trim().replace(/ /g, '-');
}

/** Title and deadline: the first thing a reader sees is when the old version stops being supported. */
export function opening(parts: GuideParts): string[] {
  const { inputs } = parts;
  const versions = [...new Set(inputs.from.map((part) => part.api.version))].join(', ');
  const ends = [...new Set(inputs.from.map((part) => part.api.endOfSupport).filter((d): d is string => Boolean(d)))];
  const deadline =
    ends.length > 0
      ? `**${versions} reaches end of support in ${list(ends.map(monthText))}.** Move every call to ${inputs.to.api.version} before then: the table below says what to change, most urgent first; the details follow.`
      : `Move every call to ${inputs.to.api.version}: the table below says what to change, most urgent first; the details follow.`;
  return [`# Migrating from ${versions} to ${inputs.to.api.version}`, '', deadline, ''];
}

/** How the engine's differences are shared out among the actions, for the table's column and the sentence above it. */
function differencesCell(action: Action): string {
  if (action.source === 'facts') return 'not computed (not in our spec)';
  return action.covers.length === 0 ? '—' : countsText(countChanges(action.covers));
}

function side(label: string, example: ExampleSide): string[] {
  const lines: string[] = [];
  const what = example.response?.label ?? example.bodyLabel;
  lines.push(`${label}${what ? ` — ${what}:` : ':'}`, '');
  if (example.response) lines.push(...fence('json', jsonText(example.response.value)), '');
  else if (example.request.body) lines.push(...fence('json', jsonText(example.request.body)), '');
  lines.push(...fence('sh', curlCommand(example.request, example.pipe)), '');
  return lines;
}

export function actionSection(parts: GuideParts): string[] {
  const { inputs, actions } = parts;
  const version = inputs.to.api.version;
  const fromVersions = [...new Set(inputs.from.map((p) => p.api.version))].join(', ');
  const covered = actions.flatMap((a) => a.covers);
  const left = uncovered(inputs, actions);
  const facts = actions.map((a, i) => ({ a, n: i + 1 })).filter(({ a }) => a.source === 'facts');
  const lines = [
    '## Action required',
    '',
    `What a client of ${fromVersions} changes to call ${version}. ` +
      `The engine finds **${countsText(countChanges(covered))}** differences between the specs that need a code change; the column "Differences" counts each of them once, in the row of the action that handles it, so the column adds up to that total` +
      `${left.length > 0 ? ` (${left.length} more have no action yet: ${left.map((c) => code(c.id)).join(', ')})` : ''}.` +
      `${facts.length > 0 ? ` ${facts.length === 1 ? 'Action' : 'Actions'} ${list(facts.map(({ n }) => String(n)))} come${facts.length === 1 ? 's' : ''} from the project's facts about operations this repository's ${fromVersions} specs do not model, so the engine cannot count ${facts.length === 1 ? 'its' : 'their'} differences.` : ''} ` +
      'Where a request or response changes, the action shows it before and after; each request is checked against this repository\'s mock server of its version. The differences that need no code change are under "Other differences", and everything in the appendices.',
    '',
    '| # | Change | Level | Differences | Affects | What to do |',
    '|---|---|---|---|---|---|',
    ...actions.map(
      (a, i) =>
        `| ${i + 1} | [${cell(a.title)}](#${i + 1}-${slug(a.title)}) | ${a.level && levelMarker(a.level) ? levelMarker(a.level) : a.need ?? a.level ?? 'required'} | ${differencesCell(a)} | ${cell(a.affects)} | ${cell(a.todo)} |`,
    ),
    '',
  ];
  actions.forEach((a, i) => {
    lines.push(`### ${i + 1}. ${a.title}`, '', a.todo, '');
    if (a.before) lines.push(...side('Before', a.before));
    if (a.after) lines.push(...side(a.before ? 'After' : `In ${version}`, a.after));
    if (!a.before && !a.after && a.noExample) lines.push(a.noExample, '');
  });
  lines.push(...findCalls(parts), ...sideBySide(parts));
  return lines;
}

function findCalls(parts: GuideParts): string[] {
  const { inputs, actions } = parts;
  const hosts = inputs.from.map((p) => serverOf(p).replace(/^https?:\/\//, '').replace(/[.]/g, '\\.'));
  const names = [...new Set(actions.flatMap((a) => a.search.filter((s) => !/^https?:/.test(s) && !s.startsWith('/'))))];
  return [
    '### Find the calls to change',
    '',
    'Search your code for the old base URLs and client, then for each name the actions above change:',
    '',
    ...fence(
      'sh',
      [
        `grep -rnE '${hosts.join('|')}' --exclude-dir=node_modules .`,
        "grep -rn '@astro-api/client/v1beta1' --exclude-dir=node_modules .",
        ...(names.length > 0 ? [`grep -rnwE '${names.join('|')}' --exclude-dir=node_modules .`] : []),
      ].join('\n'),
    ),
    '',
    `Short names such as ${names.length > 0 ? code(names[0]!) : 'these'} match unrelated code too; check each hit against the operations named in the table. In TypeScript with \`@astro-api/client\`, switching the import to \`@astro-api/client/v1\` and running \`tsc\` finds every renamed or removed field for you; \`pnpm migrate <dir>\` rewrites the mechanical parts (see Context).`,
    '',
  ];
}

function sideBySide(parts: GuideParts): string[] {
  const { inputs } = parts;
  const version = inputs.to.api.version;
  const example = parts.map.rows.find((row) => row.to && row.from.method === 'GET' && (row.from.path.match(/\{/g) ?? []).length === 1);
  const ends = [...new Set(inputs.from.map((p) => p.api.endOfSupport).filter((d): d is string => Boolean(d)))];
  const switchName = `USE_${version.toUpperCase()}`;
  const oldName = (api: string) => `OLD_${api.replace(/^.*-/, '').toUpperCase()}`;
  return [
    '### Run both versions side by side',
    '',
    `Both base URLs answer until ${ends.length > 0 ? list(ends.map(monthText)) : 'end of support'}, and ${parts.invariants.securitySchemes.same ? 'the specs declare the same security scheme, so the same token is sent the same way to both' : 'check how each version authenticates'}. Move one area at a time behind a switch, and compare answers before you remove the old call:`,
    '',
    ...fence(
      'sh',
      [
        ...inputs.from.map((p) => `${oldName(p.api.id)}=${serverOf(p)}`),
        `NEW=${serverOf(inputs.to)}`,
        ...(example
          ? [
              `# ${example.api}: switch with ${switchName}=1`,
              `if [ "$${switchName}" = 1 ]; then BASE=$NEW; else BASE=$${oldName(example.api)}; fi`,
              `curl -sS "$BASE${example.from.path.replace(/\{([^}]+)\}/g, (_m, n: string) => `$${envName(n)}`)}" -H "Authorization: Bearer $${TOKEN_VARIABLE}"`,
            ]
          : []),
      ].join('\n'),
    ),
    '',
    `To rehearse without touching a real Organization, run this repository's mock server once per version (\`pnpm mock --api ${inputs.to.api.id} --port 4010\` and \`pnpm mock --api ${inputs.from[0]!.api.id} --port 4011\`) and point each client at its own port.`,
    '',
  ];
}
