import { guardExit } from '@astro-api/cli-exit';
import { main } from './main.js';

// An unexpected failure: one line, exit 2, and the token (ASTRO_API_TOKEN or the variable --token-env
// names) never shown, as every secret of the environment.
guardExit('astro-api-contract', { secretEnv: () => (process.argv.includes('--token-env') ? [process.argv[process.argv.indexOf('--token-env') + 1] ?? ''] : []) });
main(process.argv.slice(2), { env: process.env, out: (text) => console.log(text), err: (text) => console.error(text) }).then((code) => {
  process.exitCode = code;
});
