import type { ParameterDetails, PropertyDetails, SchemaSummary } from '../diff/tree.js';

/** A value as shown in prose: strings bare, everything else as JSON. */
export function showValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** `Default: 20, Min: 1, Max: 1000` for a parameter (house style), or '' when the spec gives none. */
export function constraintText(s: SchemaSummary): string {
  const parts: string[] = [];
  if (s.default !== undefined) parts.push(`Default: ${showValue(s.default)}`);
  if (s.minimum !== undefined) parts.push(`Min: ${s.minimum}`);
  if (s.maximum !== undefined) parts.push(`Max: ${s.maximum}`);
  if (s.minLength !== undefined) parts.push(`Min length: ${s.minLength}`);
  if (s.maxLength !== undefined) parts.push(`Max length: ${s.maxLength}`);
  if (s.minItems !== undefined) parts.push(`Min items: ${s.minItems}`);
  if (s.maxItems !== undefined) parts.push(`Max items: ${s.maxItems}`);
  return parts.join(', ');
}

function sentence(text: string | undefined): string {
  if (!text) return '';
  const trimmed = text.trim().replace(/\s+/g, ' ');
  return /[.!?:]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** How names and values are written in a line: bare here, in code spans in the changelogs (`docs-pipeline`). */
export interface LineStyle {
  name(text: string): string;
  value(value: unknown): string;
}

const plain: LineStyle = { name: (text) => text, value: showValue };

function options(s: SchemaSummary, style: LineStyle): string {
  return s.enum && s.enum.length > 0 ? `Options: ${s.enum.map(style.value).join(', ')}.` : '';
}

/** `limit (query, integer): Maximum number of results. Default: 20, Max: 1000.` (limits stay bare, house style). */
export function parameterLine(p: ParameterDetails, style: LineStyle = plain): string {
  const constraints = constraintText(p);
  const tail = [sentence(p.description), options(p, style), constraints ? `${constraints}.` : '', p.required && p.in !== 'path' ? 'Required.' : ''].filter(Boolean).join(' ');
  return `${style.name(p.name)} (${p.in}, ${p.type})${tail ? `: ${tail}` : ''}`;
}

/** `tokenExpiryPeriodInDays (integer): The expiry period in days. Range: 1 to 3650.` */
export function propertyLine(p: PropertyDetails, style: LineStyle = plain): string {
  const parts = [sentence(p.description), options(p, style)];
  if (p.minimum !== undefined && p.maximum !== undefined) parts.push(`Range: ${p.minimum} to ${p.maximum}.`);
  else if (p.minimum !== undefined) parts.push(`Min: ${p.minimum}.`);
  else if (p.maximum !== undefined) parts.push(`Max: ${p.maximum}.`);
  if (p.minLength !== undefined && p.maxLength !== undefined) parts.push(`Length: ${p.minLength} to ${p.maxLength}.`);
  else if (p.maxLength !== undefined) parts.push(`Max length: ${p.maxLength}.`);
  else if (p.minLength !== undefined) parts.push(`Min length: ${p.minLength}.`);
  if (p.default !== undefined) parts.push(`Default: ${style.value(p.default)}.`);
  if (p.readOnly) parts.push('Read-only.');
  if (p.deprecated) parts.push('Deprecated.');
  if (p.required) parts.push('Required.');
  const tail = parts.filter(Boolean).join(' ');
  return `${style.name(p.name)} (${p.type})${tail ? `: ${tail}` : ''}`;
}
