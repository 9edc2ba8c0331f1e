/**
 * The package's own version, read from its package.json at run time. This module sits two folders
 * below the package root (`dist/meta/`), as does the bundled CLI (`dist/bin/`), so the same relative
 * path serves both.
 */
import { createRequire } from 'node:module';

export const PACKAGE_VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
