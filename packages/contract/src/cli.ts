import { main } from './main.js';

main(process.argv.slice(2), { env: process.env, out: (text) => console.log(text), err: (text) => console.error(text) }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // An unexpected failure: one line, no stack, and the token still never shown.
    const token = process.env[process.argv.includes('--token-env') ? process.argv[process.argv.indexOf('--token-env') + 1]! : 'ASTRO_API_TOKEN'];
    const message = String((error as Error)?.message ?? error).split('\n')[0]!;
    console.error(`astro-api-contract: internal error: ${token ? message.split(token).join('[redacted]') : message}`);
    process.exitCode = 2;
  },
);
