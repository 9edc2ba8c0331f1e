#!/usr/bin/env node
// The package bin: a committed entry so installs can link it before the build; the CLI itself is
// the esbuild bundle written at build time.
import "../dist/bin/oasdiff-js.js";
