#!/usr/bin/env node
// The package bin: a committed entry so installs can link it before the build.
import "../dist/cli.js";
