/** How server base paths are applied to path templates (as oasdiff's --prefix-base / --strip-prefix-base). */
export type BasePathMode = 'keep' | 'strip' | 'prefix';

/**
 * The path part of a server URL (OpenAPI 3.x §4.8.5): `https://api.astronomer.io/iam/v1beta1` → `/iam/v1beta1`.
 * Server variables in the host (`https://{region}.example.com/v2`) are allowed; relative URLs too.
 */
export function serverBasePath(url: string | undefined): string {
  if (!url) return '';
  const withoutOrigin = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  const path = withoutOrigin.split(/[?#]/)[0] ?? '';
  return path === '/' ? '' : path.replace(/\/+$/, '');
}

export function applyBasePath(template: string, basePath: string, mode: BasePathMode): string {
  if (mode === 'keep' || basePath === '') return template;
  if (mode === 'prefix') return basePath + template;
  if (template === basePath) return '/';
  return template.startsWith(basePath + '/') ? template.slice(basePath.length) : template;
}
