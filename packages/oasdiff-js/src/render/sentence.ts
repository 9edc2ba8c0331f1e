import type { ClassifiedChange } from '../classify/index.js';
import type { EndpointDetails, ParameterDetails, PropertyDetails, SchemaDetails } from '../diff/tree.js';
import { effectiveStyle } from '../diff/details.js';
import { showValue } from './format-values.js';
import { plural } from './plural.js';
import { lifecycleKindWords, lifecycleSentence, removedBeforeSunset } from './lifecycle-sentence.js';
import { compositionKindWords } from './composition-words.js';

/** Short words for diff-level kinds, used in sentences. */
const kindWords: Record<string, (c: ClassifiedChange) => string> = {
  'type-changed': (c) => `type changed from ${showValue(c.old)} to ${showValue(c.new)}${c.id.endsWith('-type-compatible') ? ' (compatible: the values are text on the wire, not JSON)' : ''}`,
  // The location ends with the extension's name.
  'extension-added': (c) => `extension added with the value ${showValue(c.new)}`,
  'extension-removed': () => 'extension removed',
  'extension-changed': (c) => `extension changed from ${showValue(c.old)} to ${showValue(c.new)}`,
  'all-of-added-annotation-only': (c) => `gained the allOf member ${showValue(c.new)}, which only carries annotations`,
  'all-of-removed-annotation-only': (c) => `lost the allOf member ${showValue(c.old)}, which only carried annotations`,
  'wrapped-in-one-of-original-preserved': (c) => `was wrapped in a oneOf of ${(c.new as string[]).map(showValue).join(', ')}, one of which is the original schema (a payload that also matches another alternative is refused)`,
  'wrapped-in-one-of': (c) => `was wrapped in a oneOf of ${(c.new as string[]).map(showValue).join(', ')}; its properties ${(c.old as string[]).map(showValue).join(', ')} moved into the alternatives`,
  'type-generalized': (c) => `type widened from ${showValue(c.old)} to ${showValue(c.new)}`,
  'type-added': (c) => `gained the type ${showValue(c.new)} (it had none)`,
  'type-removed': (c) => `lost its type ${showValue(c.old)} (it may now hold any type its other keywords allow)`,
  'type-specialized': (c) => `type narrowed from ${showValue(c.old)} to ${showValue(c.new)}`,
  'format-changed': (c) => `format changed from ${showValue(c.old ?? 'none')} to ${showValue(c.new ?? 'none')}`,
  'format-added': (c) => `gained the format ${showValue(c.new)}`,
  'format-removed': (c) => `lost its format ${showValue(c.old)}`,
  'became-nullable': () => 'became nullable',
  'became-not-nullable': () => 'is no longer nullable',
  'became-enum': (c) => `was restricted to the values ${(c.new as unknown[]).map(showValue).join(', ')}`,
  'enum-removed': (c) => (Array.isArray(c.old) && c.old.length > 0 ? `is no longer restricted to ${c.old.map(showValue).join(', ')}` : 'is no longer restricted to an enum'),
  'enum-value-added': (c) => `gained the enum value ${showValue(c.new)}`,
  'enum-value-removed': (c) => `lost the enum value ${showValue(c.old)}`,
  'list-of-types-narrowed': (c) => `accepts fewer types: ${showValue(c.old)} became ${showValue(c.new)}`,
  'list-of-types-widened': (c) => `accepts more types: ${showValue(c.old)} became ${showValue(c.new)}`,
  'x-extensible-enum-value-added': (c) => `gained the x-extensible-enum value ${showValue(c.new)}`,
  'x-extensible-enum-value-removed': (c) => `lost the x-extensible-enum value ${showValue(c.old)}`,
  'const-added': (c) => `gained the const value ${showValue(c.new)}`,
  'const-removed': (c) => `lost its const value ${showValue(c.old)}`,
  'const-changed': (c) => `const changed from ${showValue(c.old)} to ${showValue(c.new)}`,
  'default-value-added': (c) => `gained the default ${showValue(c.new)}`,
  'default-value-removed': (c) => `lost its default ${showValue(c.old)}`,
  'default-value-changed': (c) => `default changed from ${showValue(c.old)} to ${showValue(c.new)}`,
  'example-changed': () => 'has a new example',
  'pattern-added': (c) => `gained the pattern ${showValue(c.new)}`,
  'pattern-removed': () => 'lost its pattern',
  'pattern-changed': (c) => `pattern changed from ${showValue(c.old)} to ${showValue(c.new)}`,
  'property-added': (c) => `was added${(c.new as PropertyDetails).required ? ' as a required property' : ''}`,
  'property-removed': () => 'was removed',
  'property-renamed': (c) => `was renamed from ${showValue(c.old)}${c.inferred ? ' (inferred)' : ''}`,
  'became-required': () => 'is now a required property',
  'became-optional': () => 'is now optional',
  'became-read-only': () => 'became read-only',
  'became-not-read-only': () => 'is no longer read-only',
  'became-write-only': () => 'became write-only',
  'became-not-write-only': () => 'is no longer write-only',
  deprecated: () => 'was deprecated',
  reactivated: () => 'is no longer deprecated',
  'description-changed': () => 'has a new description',
  'discriminator-added': (c) => `gained the discriminator ${showValue(c.new)}`,
  'discriminator-removed': () => 'lost its discriminator',
  'discriminator-property-name-changed': (c) => `discriminator changed from ${showValue(c.old)} to ${showValue(c.new)}`,
  'discriminator-mapping-changed': () => 'discriminator mapping changed',
  'additional-properties-allowed': () => 'now allows properties it does not list',
  'additional-properties-forbidden': () => 'no longer allows properties it does not list',
  'additional-properties-schema-added': () => 'gained a schema for the properties it does not list',
  'additional-properties-schema-removed': () => 'lost its schema for the properties it does not list',
  'items-added': () => 'gained an items schema',
  'unique-items-added': () => 'now requires unique items',
  'unique-items-removed': () => 'no longer requires unique items',
  'items-removed': () => 'lost its items schema',
  'min-became-exclusive': (c) => `minimum ${showValue(c.new)} became exclusive`,
  'min-became-inclusive': (c) => `minimum ${showValue(c.new)} became inclusive`,
  'max-became-exclusive': (c) => `maximum ${showValue(c.new)} became exclusive`,
  'max-became-inclusive': (c) => `maximum ${showValue(c.new)} became inclusive`,
  'not-added': () => 'gained a not schema',
  'not-removed': () => 'lost its not schema',
  'not-changed': () => 'not schema changed',
  'pattern-property-added': (c) => `gained the patternProperties entry ${showValue(c.new)}`,
  'pattern-property-removed': (c) => `lost the patternProperties entry ${showValue(c.old)}`,
  ...lifecycleKindWords,
  // Last: union branches named by identity, nullability in every spelling (they replace the generic words above).
  ...compositionKindWords,
};

function numericWords(kind: string, c: ClassifiedChange): string | undefined {
  const match = /^(.*)-(set|unset|increased|decreased)$/.exec(kind);
  if (!match) return undefined;
  const noun = match[1]!.replace(/^max$/, 'maximum').replace(/^min$/, 'minimum').replace(/-/g, ' ').replace(/^max /, 'maximum ').replace(/^min /, 'minimum ').replace(/^exclusive max$/, 'exclusive maximum').replace(/^exclusive min$/, 'exclusive minimum');
  switch (match[2]) {
    case 'set':
      return `gained a ${noun} of ${showValue(c.new)}`;
    case 'unset':
      return `lost its ${noun} of ${showValue(c.old)}`;
    default:
      return `${noun} ${match[2]} from ${showValue(c.old)} to ${showValue(c.new)}`;
  }
}

function compositionWords(kind: string, c: ClassifiedChange): string | undefined {
  const match = /^(all|one|any)-of-(added|removed)$/.exec(kind);
  if (!match) return undefined;
  const keyword = `${match[1]}Of`;
  return match[2] === 'added' ? `gained the ${keyword} member ${showValue(c.new)}` : `lost the ${keyword} member ${showValue(c.old)}`;
}

/** A prose value in a sentence: text in curly quotes (its own punctuation kept inside), anything else as `showValue`. */
function quoted(value: unknown): string {
  return typeof value === 'string' ? `“${value}”` : showValue(value);
}

/** One sentence for one change. Built from the change's fields only; never from a spec. */
export function describeChange(c: ClassifiedChange): string {
  const text = sentence(c);
  // A change inside a shared response, parameter, request body or header names how far it reaches.
  if (c.operation === undefined && c.component !== undefined && c.schemaName === undefined && c.kind.includes(":") && !c.kind.startsWith("component:") && c.affects && c.affects.length > 0) {
    return text.replace(/\.$/, ` (affects ${plural(c.affects.length, 'operation')}).`);
  }
  return text;
}

function sentence(c: ClassifiedChange): string {
  const [family, sub] = c.kind.split(':') as [string, string | undefined];
  // Outside an operation (a shared component), the component is the subject.
  const op = c.operation ? `${c.operation.method} ${c.operation.path}` : (c.component ?? '');
  switch (family) {
    case 'endpoint': {
      const d = (c.new ?? c.old) as EndpointDetails;
      if (sub === 'added') return `Added ${op}${d.summary ? ` (${d.summary.replace(/\.$/, '')})` : ''}.`;
      if (sub === 'removed') return d.sunset !== undefined ? removedBeforeSunset(c, op, d.sunset) : `Removed ${op}.`;
      if (sub === 'deprecated') return `Deprecated ${op}.`;
      return `${op} is no longer deprecated.`;
    }
    case 'parameter': {
      const p = (c.new ?? c.old) as ParameterDetails;
      const name = `${p.in} parameter ${p.name}`;
      switch (sub) {
        case 'added':
          return `Added the ${p.required ? 'required' : 'optional'} ${name} to ${op}${c.kind === 'parameter:added' && c.id.endsWith('-default-parameter-to-existing-path') ? ' (declared on the path, for all its operations)' : ''}.`;
        case 'removed':
          return `Removed the ${name} from ${op}.`;
        case 'renamed':
          if (p.in === 'path') return `Renamed the path variable ${(c.old as ParameterDetails).name} to ${p.name} in ${op}: the URL is unchanged for HTTP callers, but typed SDKs that name path parameters must follow the rename.`;
          return `Renamed the ${p.in} parameter ${(c.old as ParameterDetails).name} to ${p.name} in ${op}${c.inferred ? ' (inferred)' : ''}.`;
        case 'became-required':
          return `The ${name} of ${op} is now required.`;
        case 'became-optional':
          return `The ${name} of ${op} is now optional.`;
        case 'deprecated':
          return `Deprecated the ${name} of ${op}.`;
        case 'reactivated':
          return `The ${name} of ${op} is no longer deprecated.`;
        case 'examples-changed':
          return `The example of the ${name} of ${op} changed.`;
        case 'style-changed':
        case 'explode-changed': {
          const show = (q: ParameterDetails) => `style ${effectiveStyle(q).style}${effectiveStyle(q).explode ? ', exploded' : ''}`;
          return `The ${name} of ${op} is now serialised with ${show(p)} (was ${show(c.old as ParameterDetails)}).`;
        }
        default:
          return `Changed the description of the ${name} of ${op}.`;
      }
    }
    case 'lifecycle':
      return lifecycleSentence(sub ?? '', c, op);
    case 'parameter-order':
      return `The parameters of ${op} are now in the order ${(c.new as string[]).join(', ')} (were ${(c.old as string[]).join(', ')}).`;
    case 'field':
      // Prose fields (description, summary) are quoted, so their own full stop never meets ours.
      return `The ${sub} of ${op} ${c.old === undefined ? `was set to ${quoted(c.new)}` : c.new === undefined ? 'was removed' : `changed from ${quoted(c.old)} to ${quoted(c.new)}`}.`;
    case 'extension': {
      // The location is `<where> <name>`: an operation (with a parameter, body, media type, response or
      // header after it), a shared component, or a document node (`document`, `info`, `paths` (the Paths object),
      // `components`, `paths /a`, `tags T`, `servers U`, `securitySchemes S`).
      const name = c.location.slice(c.location.lastIndexOf(' ') + 1);
      const where = c.location.slice(0, c.location.lastIndexOf(' '));
      const words: Record<string, string> = { document: 'the document', info: 'the info object', paths: 'the path', tags: 'the tag', servers: 'the server', securitySchemes: 'the security scheme', components: 'the components object' };
      const first = where.split(' ')[0]!;
      const subject = c.operation || c.component ? where : where === 'paths' ? 'the paths object' : `${words[first] ?? first}${where.slice(first.length)}`;
      const Subject = subject.charAt(0).toUpperCase() + subject.slice(1);
      if (sub === 'added') return `${Subject} gained the extension ${name}: ${showValue(c.new)}.`;
      if (sub === 'removed') return `${Subject} lost the extension ${name}.`;
      return `The extension ${name} of ${subject} changed from ${showValue(c.old)} to ${showValue(c.new)}.`;
    }
    case 'stability':
      if (sub === 'invalid') {
        // The unknown value is the revision's unless the revision's is a known level (then the base had it).
        const known = ['draft', 'alpha', 'beta', 'stable'];
        const revisionKnown = c.new === undefined || known.includes(String(c.new));
        return revisionKnown ? `${op} had the unknown x-stability-level ${showValue(c.old)} (expected draft, alpha, beta or stable).` : `${op} has the unknown x-stability-level ${showValue(c.new)} (expected draft, alpha, beta or stable).`;
      }
      return `The x-stability-level of ${op} ${sub} from ${showValue(c.old ?? 'stable')} to ${showValue(c.new ?? 'stable')}.`;
    case 'tag':
      return sub === 'added' ? `${op} gained the tag ${showValue(c.new)}.` : `${op} lost the tag ${showValue(c.old)}.`;
    case 'permission': {
      const list = (v: unknown) => (v as string[]).join(', ');
      if (sub === 'added') return `${op} now requires ${list(c.new)}.`;
      if (sub === 'removed') return `${op} no longer requires ${list(c.old)}.`;
      return `${op} now requires ${list(c.new)} instead of ${list(c.old)}.`;
    }
    case 'request-body':
      return `The request body of ${op} ${sub === 'added' ? 'was added' : sub === 'removed' ? 'was removed' : sub === 'became-required' ? 'is now required' : 'is now optional'}.`;
    case 'media-type':
      if (sub === 'examples-changed') return `The example of the ${c.location.slice(op.length + 1)} of ${op} changed.`;
      if (sub?.startsWith('name-') || sub?.startsWith('parameter-')) {
        // props: a response media type replaced by a related one; the location ends with the new name.
        const rest = c.location.slice(op.length + 1);
        const cut = sub.startsWith('parameter-') ? rest.lastIndexOf(' parameter ') : -1;
        const head = cut >= 0 ? rest.slice(0, cut) : rest;
        const response = head.slice(0, head.length - String(c.new).length - 1);
        if (cut >= 0) {
          const verb = sub === 'parameter-added' ? 'gained' : sub === 'parameter-removed' ? 'lost' : 'changed the value of';
          return `The media type ${showValue(c.old)} of the ${response} of ${op} ${verb} the parameter ${showValue(rest.slice(cut + ' parameter '.length))} (now ${showValue(c.new)}).`;
        }
        const how = sub === 'name-specialized' ? ' (more specific)' : sub === 'name-generalized' ? ' (more general)' : '';
        return `The ${response} of ${op} now has the media type ${showValue(c.new)} instead of ${showValue(c.old)}${how}.`;
      }
      return `${c.location.slice(op.length + 1)} of ${op} ${sub === 'added' ? 'gained' : 'lost'} a media type.`;
    case 'encoding': {
      const what = { 'content-type-changed': 'content type', 'style-changed': 'style', 'explode-changed': 'explode setting', 'allow-reserved-changed': 'allowReserved setting', 'headers-changed': 'part headers' }[sub ?? ''] ?? sub;
      const values = sub === 'headers-changed' ? '' : ` from ${showValue(c.old ?? 'the default')} to ${showValue(c.new ?? 'the default')}`;
      return `The ${what} of the form part ${c.location.slice(op.length + 1)} of ${op} changed${values}.`;
    }
    case 'response':
      if (sub === 'description-changed') return `The description of the ${(c.new as { status: string }).status} response of ${op} changed.`;
      return sub === 'added' ? `${op} may now respond ${(c.new as { status: string }).status}.` : `${op} no longer responds ${(c.old as { status: string }).status}.`;
    case 'response-header':
      return `The ${c.location.slice(op.length + 1)} of ${op} ${sub === 'added' ? 'was added' : sub === 'removed' ? 'was removed' : sub === 'became-required' ? 'is now always sent' : 'may now be missing'}.`;
    case 'security':
      return `${c.location}: ${sub?.replace('-', ' ')}.`;
    case 'schema': {
      const d = (c.new ?? c.old) as SchemaDetails | undefined;
      if (sub === 'added') return `Added the schema ${c.location}${d && d.properties.length > 0 ? ` with properties ${d.properties.map((p) => p.name).join(', ')}` : ''}.`;
      if (sub === 'removed') return `Removed the schema ${c.location}.`;
      return `Renamed the schema ${showValue(c.old)} to ${c.location}${c.inferred ? ' (inferred)' : ''}.`;
    }
    case 'component': {
      const reach = c.affects && c.affects.length > 0 ? ` (used by ${plural(c.affects.length, 'operation')})` : '';
      if (sub !== 'changed') return `${sub === 'added' ? 'Added' : 'Removed'} the component ${c.location}.`;
      return `Changed the component ${c.location}${reach === '' ? ', which no operation uses' : reach}.`;
    }
    case 'server':
      return sub === 'added' ? `Added the server ${showValue(c.new)}.` : `Removed the server ${showValue(c.old)}.`;
    case 'versioning':
      if (sub === 'api-version-not-bumped') return `A breaking change was found but the API version is still ${showValue(c.new)}.`;
      if (sub === 'api-version-decreased') return `A breaking change was found but the API version went down from ${showValue(c.old)} to ${showValue(c.new)}.`;
      return `A breaking change was found but the API version went from ${showValue(c.old)} to ${showValue(c.new)}, too small a step for it (a new major version, or below 1.0.0 a new minor one).`;
    case 'info':
      return `The API ${sub} changed from ${showValue(c.old ?? 'none')} to ${showValue(c.new ?? 'none')}.`;
    case 'global-security':
      if (sub === 'scope-added') return `The global security requirement ${c.location.replace(/^security /, '').replace(/ scope .*$/, '')} needs the scope ${showValue(c.new)}.`;
      if (sub === 'scope-removed') return `The global security requirement ${c.location.replace(/^security /, '').replace(/ scope .*$/, '')} no longer needs the scope ${showValue(c.old)}.`;
      return sub === 'added' ? `Added the global security requirement ${showValue(c.new)}.` : `Removed the global security requirement ${showValue(c.old)}.`;
    case 'webhook':
      return sub === 'added' ? `Added the webhook ${showValue(c.new)}.` : `Removed the webhook ${showValue(c.old)}.`;
    case 'oauth': {
      const [, scheme, flow] = c.location.split(' ');
      if (sub === 'scope-added') return `The ${flow} flow of ${scheme} gained the scope ${showValue(c.new)}.`;
      if (sub === 'scope-removed') return `The ${flow} flow of ${scheme} lost the scope ${showValue(c.old)}.`;
      if (sub === 'scope-changed') return `The description of a scope of the ${flow} flow of ${scheme} changed.`;
      return `The ${sub === 'token-url-changed' ? 'token URL' : 'authorization URL'} of the ${flow} flow of ${scheme} changed from ${showValue(c.old)} to ${showValue(c.new)}.`;
    }
    case 'security-scheme':
      return `The security scheme ${c.location.replace(/^securitySchemes /, '')} ${sub === 'added' ? 'was added' : sub === 'removed' ? 'was removed' : `changed type from ${showValue(c.old)} to ${showValue(c.new)}`}.`;
  }
  const words = kindWords[c.kind]?.(c) ?? numericWords(c.kind, c) ?? compositionWords(c.kind, c) ?? c.kind.replace(/-/g, ' ');
  const affects = c.affects && c.affects.length > 0 ? ` (affects ${plural(c.affects.length, 'operation')})` : '';
  return `${c.location}: ${words}${affects}.`;
}
