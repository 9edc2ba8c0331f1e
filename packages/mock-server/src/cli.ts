#!/usr/bin/env node
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { guardExit } from '@astro-api/cli-exit';
import { isSpecError, listApis } from '@astro-api/spec-loader';
import { proxyMain } from './proxy.js';
import { COMBINED_APIS, startMockServer } from './server.js';

const USAGE = `usage: astro-api-mock --api v1|v1beta1|v1beta1-iam|v1beta1-platform [--port N] [--spec FILE] [--token VALUE | --token-file FILE] [--organization ID] [--self-check] [--drift] [--quiet]\n       astro-api-mock proxy --upstream URL [--api v1|v1beta1-iam|v1beta1-platform] [--port N] [--report FILE] [--quiet]`;

async function main(): Promise<number> {
  if (process.argv[2] === 'proxy') return proxyMain(process.argv.slice(3));
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        api: { type: 'string' },
        port: { type: 'string', default: '4010' },
        spec: { type: 'string' },
        token: { type: 'string' },
        'token-file': { type: 'string' },
        organization: { type: 'string' },
        'self-check': { type: 'boolean', default: false },
        drift: { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    console.error(`astro-api-mock: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.api && !values.spec) {
    console.error(`astro-api-mock: --api is required (one of ${[...listApis().map((a) => a.id), ...Object.keys(COMBINED_APIS)].join(', ')})\n${USAGE}`);
    return 2;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`astro-api-mock: --port must be an integer between 0 and 65535, not "${values.port}"`);
    return 2;
  }
  // The bootstrap token: --token, else ASTRO_MOCK_TOKEN (kept out of `ps`), else a generated one.
  const given = values.token ?? process.env.ASTRO_MOCK_TOKEN;
  if (given === '') {
    console.error('astro-api-mock: the bootstrap token must not be empty');
    return 2;
  }
  try {
    const mock = await startMockServer({
      api: values.api,
      spec: values.spec,
      port,
      bootstrapToken: given,
      organizationId: values.organization,
      selfCheck: values['self-check'],
      drift: values.drift,
      log: values.quiet ? undefined : (line) => console.log(line),
    });
    // One line per API served (two for v1beta1: IAM and Platform on one port, one token store).
    for (const spec of mock.specs) console.log(`Astro API mock (${spec.api}, ${spec.source}, ${spec.operations.length} operations) listening on ${mock.urls[spec.api] ?? mock.url}`);
    console.log(`organization: ${mock.organizationId}`);
    // A token value is never printed except a generated one nobody could know otherwise (and not then with --token-file).
    if (given !== undefined) console.log(`bootstrap organization-owner token: the value given with ${values.token !== undefined ? '--token' : 'ASTRO_MOCK_TOKEN'}`);
    else if (values['token-file'] !== undefined) {
      try {
        writeFileSync(values['token-file'], mock.bootstrapToken + '\n', { mode: 0o600 });
      } catch (error) {
        await mock.close();
        console.error(`astro-api-mock: cannot write --token-file ${values['token-file']}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
        return 2;
      }
      console.log(`bootstrap organization-owner token: written to ${values['token-file']}`);
    } else console.log(`bootstrap organization-owner token: ${mock.bootstrapToken}`);
    const stop = () => void mock.close().then(() => process.exit(0));
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return -1;
  } catch (error) {
    if (isSpecError(error)) {
      console.error(`astro-api-mock: ${error.message}`);
      return 2;
    }
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      console.error(`astro-api-mock: port ${port} is already in use`);
      return 2;
    }
    throw error;
  }
}

guardExit('astro-api-mock');
main().then((code) => {
  if (code >= 0) process.exitCode = code;
});
