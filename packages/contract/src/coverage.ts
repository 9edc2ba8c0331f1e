/** operationId → statuses the client saw for it. */
export type Exercised = ReadonlyMap<string, ReadonlySet<number>>;

/**
 * The operations of a spec that no contract test drove to a successful (2xx) answer. Coverage is
 * computed from what the client recorded at run time, never from a hand-kept list.
 */
export function uncoveredOperations(specOperationIds: readonly string[], exercised: Exercised): string[] {
  return specOperationIds.filter((id) => ![...(exercised.get(id) ?? [])].some((status) => status >= 200 && status < 300));
}
