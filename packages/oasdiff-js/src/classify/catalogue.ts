import { bodyRules } from './rules/bodies.js';
import { componentRules, documentRules } from './rules/document.js';
import { endpointRules } from './rules/endpoints.js';
// shapes: generic x- extension rules
import { extensionRules } from './rules/extensions.js';
import { parameterRules } from './rules/parameters.js';
// lifecycle: x-sunset and property stability rules
import { lifecycleRules } from './rules/lifecycle.js';
import { schemaRules } from './rules/schema.js';
// the versioning policy: read from the classified changes, not from a fact (rules/versioning.ts)
import { versioningRules } from './rules/versioning.js';
import type { RuleDefinition } from './types.js';

/** Every rule, in documentation order. Ids are unique (checked at load). */
export const rules: ReadonlyArray<RuleDefinition> = Object.freeze([...endpointRules, ...parameterRules, ...bodyRules, ...schemaRules, ...componentRules, ...documentRules, ...extensionRules, ...lifecycleRules, ...versioningRules]);

const seen = new Set<string>();
for (const rule of rules) {
  if (seen.has(rule.id)) throw new Error(`duplicate rule id ${rule.id}`);
  seen.add(rule.id);
}

/** Rules by index key, so that each fact is offered to a handful of rules only. */
export const rulesByKey: ReadonlyMap<string, readonly RuleDefinition[]> = (() => {
  const map = new Map<string, RuleDefinition[]>();
  for (const rule of rules) {
    for (const key of [rule.key, ...(rule.alsoKeys ?? [])]) {
      const list = map.get(key) ?? [];
      list.push(rule);
      map.set(key, list);
    }
  }
  return map;
})();
