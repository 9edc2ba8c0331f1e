#!/usr/bin/env node
// Committed entry so installs can link the bin before the build.
import "../dist/cli.js";
