/**
 * One thing a server did that its spec revision does not say (a violation), or a field it sent that the
 * schema does not name (reported apart: the spec may simply lag behind). The shape and its one-line form
 * are the validating proxy's (`@astro-api/mock-server`, src/findings.ts), so a run and a proxy session
 * compare line by line; the validation itself stays independent (src/validator.ts).
 */
export { formatFinding, type Finding } from '@astro-api/mock-server';
