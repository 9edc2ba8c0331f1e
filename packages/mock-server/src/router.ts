import type { OperationInfo } from './spec.js';

export interface RouteMatch {
  readonly operation: OperationInfo;
  readonly pathParams: Record<string, string>;
}

interface Route {
  readonly operation: OperationInfo;
  readonly segments: readonly string[];
  /** Literal segments win over templated ones: `/ranges/bulk-create` before `/ranges/{id}`. */
  readonly literalCount: number;
}

/** Matches request paths against the spec's path templates (OpenAPI 3.0.3 §4.7.8 Paths Object). */
export class Router {
  private readonly routes: Route[];

  constructor(operations: readonly OperationInfo[]) {
    this.routes = operations
      .map((operation) => {
        const segments = split(operation.path);
        return { operation, segments, literalCount: segments.filter((s) => !isTemplate(s)).length };
      })
      .sort((a, b) => b.literalCount - a.literalCount);
  }

  /**
   * `undefined` when no template matches the path; `{ allowed }` when the path exists but not for this
   * method. Path parameter values are percent-decoded.
   */
  match(method: string, pathname: string): RouteMatch | { allowed: string[] } | undefined {
    const parts = split(pathname);
    const allowed: string[] = [];
    for (const route of this.routes) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      if (route.operation.method === method) return { operation: route.operation, pathParams: params };
      allowed.push(route.operation.method.toUpperCase());
    }
    return allowed.length > 0 ? { allowed } : undefined;
  }
}

function split(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function isTemplate(segment: string): boolean {
  return /^\{[^}]+\}$/.test(segment);
}

function matchSegments(template: readonly string[], parts: readonly string[]): Record<string, string> | undefined {
  if (template.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const t = template[i]!;
    const p = parts[i]!;
    if (isTemplate(t)) {
      let decoded: string;
      try {
        decoded = decodeURIComponent(p);
      } catch {
        return undefined;
      }
      params[t.slice(1, -1)] = decoded;
    } else if (t !== p) {
      return undefined;
    }
  }
  return params;
}
