/** lifecycle: sentences for sunset dates, deprecation periods and property stability levels. */
import type { ClassifiedChange } from '../classify/index.js';
import { showValue } from './format-values.js';
import { plural } from './plural.js';

interface SunsetValue {
  sunset?: string;
  days?: number;
  parameter?: { in: string; name: string };
}

const value = (v: unknown): SunsetValue => (v !== null && typeof v === 'object' ? (v as SunsetValue) : {});

/** "the sunset date 2026-12-31, 20 days away while the deprecation period is 90 days" (or "already past"). */
function tooSoon(v: SunsetValue): string {
  const period = v.days && v.days > 0 ? `, less than the deprecation period of ${plural(v.days, 'day')} away` : ', which is already past';
  return `the sunset date ${v.sunset ?? '?'}${period}`;
}

function period(v: SunsetValue): string {
  return `its deprecation period is ${plural(v.days ?? 0, 'day')}`;
}

/** Words after a property's name, for the schema-level lifecycle kinds. */
export const lifecycleKindWords: Record<string, (c: ClassifiedChange) => string> = {
  'deprecated-with-sunset': (c) => `was deprecated, with the sunset date ${value(c.new).sunset ?? '?'}`,
  'deprecated-sunset-missing': (c) => `was deprecated without an x-sunset date (${period(value(c.new))})`,
  'deprecated-sunset-invalid': (c) => `is deprecated with the x-sunset ${value(c.new).sunset ?? '?'}, which is not a date`,
  'sunset-date-too-small': (c) => `was deprecated with ${tooSoon(value(c.new))}`,
  'sunset-deleted': (c) => `is still deprecated but lost its sunset date ${value(c.old).sunset ?? ''}`.trimEnd(),
  'sunset-date-changed-too-small': (c) => `sunset date moved earlier, from ${value(c.old).sunset ?? '?'} to ${tooSoon(value(c.new)).replace(/^the sunset date /, '')}`,
  'sunset-date-changed-earlier': (c) => `sunset date moved earlier, from ${value(c.old).sunset ?? '?'} to ${value(c.new).sunset ?? '?'}`,
  'stability-decreased': (c) => `x-stability-level decreased from ${showValue(c.old)} to ${showValue(c.new)}`,
  'stability-increased': (c) => `x-stability-level increased from ${showValue(c.old)} to ${showValue(c.new)}`,
};

/** A sentence for an operation's or a parameter's lifecycle fact (`lifecycle:<stage>`). */
export function lifecycleSentence(stage: string, c: ClassifiedChange, op: string): string {
  const v = value(c.new);
  const old = value(c.old);
  const subject = v.parameter ? `the ${v.parameter.in} parameter ${v.parameter.name} of ${op}` : op;
  const Subject = subject.charAt(0).toUpperCase() + subject.slice(1);
  switch (stage) {
    case 'deprecated-with-sunset':
      return `Deprecated ${subject}, with the sunset date ${v.sunset ?? '?'}.`;
    case 'deprecated-sunset-missing':
      return `Deprecated ${subject} without an x-sunset date; ${period(v)}.`;
    case 'deprecated-sunset-parse':
      return `Deprecated ${subject} with the x-sunset ${v.sunset ?? '?'}, which is not a date.`;
    case 'sunset-date-too-small':
      return `Deprecated ${subject} with ${tooSoon(v)}.`;
    case 'sunset-deleted':
      return `${Subject} is still deprecated but lost its sunset date ${old.sunset ?? ''}`.trimEnd() + '.';
    case 'sunset-date-changed-too-small':
      return `The sunset date of ${subject} moved earlier, from ${old.sunset ?? '?'} to ${tooSoon(v).replace(/^the sunset date /, '')}.`;
    case 'sunset-date-changed-earlier':
      return `The sunset date of ${subject} moved earlier, from ${old.sunset ?? '?'} to ${v.sunset ?? '?'}.`;
    case 'sunset-parse':
      return `The x-sunset of ${subject} changed to ${v.sunset ?? '?'}, which is not a date.`;
    case 'removed-before-sunset':
      return `Removed ${subject} before its sunset date ${v.sunset ?? '?'}.`;
    case 'removed-sunset-parse':
      return `Removed ${subject}, whose x-sunset ${v.sunset ?? '?'} is not a date.`;
    default:
      return `${Subject}: ${stage}.`;
  }
}

/** A removed operation that was removed before its sunset, or whose sunset is not a date. */
export function removedBeforeSunset(c: ClassifiedChange, op: string, sunset: string): string {
  return c.id === 'api-path-sunset-parse' ? `Removed ${op}, whose x-sunset ${sunset} is not a date.` : `Removed ${op} before its sunset date ${sunset}.`;
}
