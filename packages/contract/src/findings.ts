/**
 * One thing a server did that its spec revision does not say (a violation), or a field it sent that the
 * schema does not name (reported apart: the spec may simply lag behind). The validating proxy of
 * `@astro-api/mock-server` (src/proxy.ts, src/findings.ts) reports the very same shape, so a run and a
 * proxy session can be compared line by line.
 */
export interface Finding {
  kind: 'violation' | 'unknown-field';
  /** Manifest key: `v1`, `v1beta1-iam`, `v1beta1-platform`. */
  api: string;
  /** The spec revision the answer was held to, e.g. `2026-07-16`. */
  revision: string;
  operationId: string;
  method: string;
  /** Path template of the operation. */
  path: string;
  /** `request` for what was sent, `response` for what came back. */
  direction: 'request' | 'response';
  status?: number;
  /** JSON pointer into the bundled spec document of the rule broken (or of the schema that lacks the field). */
  pointer: string;
  message: string;
}

/** `GetWorkspace 200 response #/components/schemas/Workspace/required (v1 2026-07-16): …` */
export function formatFinding(f: Finding): string {
  return `${f.operationId}${f.status === undefined ? '' : ` ${f.status}`} ${f.direction} #${f.pointer} (${f.api} ${f.revision})${f.kind === 'unknown-field' ? ' [unknown field]' : ''}: ${f.message}`;
}
