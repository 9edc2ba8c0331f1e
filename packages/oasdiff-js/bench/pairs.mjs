/**
 * The bench pairs of ../shared/corpus/bench, one list for every bench script: [name, base, revision,
 * options?], paths relative to the bench folder. `byKey` indexes them by the name scripts take on the
 * command line (spaces as '-': 'stripe-quarter').
 */
export const benchPairs = [
  ['stripe adjacent', 'stripe/2023-09-11.yaml', 'stripe/2023-09-12.yaml'],
  // api-smart-diff runs out of memory on this pair (peer README: 164 s), so it is not run on it.
  ['stripe quarter', 'stripe/2023-06-08.yaml', 'stripe/2023-09-12.yaml', { peer: false }],
  ['cloudflare', 'cloudflare/2024-07-12.json', 'cloudflare/2024-08-06.json'],
  ['github', 'github/2022-06-28.json', 'github/2022-07-18.json'],
  ['box', 'box/2026-02-11.json', 'box/2026-06-29.json'],
  // Multi-file: the floor parses every file of both trees; run.mjs reads only the root file, so no peer ratio.
  ['digitalocean', 'digitalocean/2026-05-04/specification/DigitalOcean-public.v2.yaml', 'digitalocean/2026-08-07/specification/DigitalOcean-public.v2.yaml', { peer: false, tree: true }],
];

export const pairKey = (name) => name.replace(/ /g, '-');

/** name as scripts take it → [base, revision] */
export const byKey = Object.fromEntries(benchPairs.map(([name, base, revision]) => [pairKey(name), [base, revision]]));
