#!/usr/bin/env node
// The `paperboy` command: loads the TypeScript CLI through tsx's loader and hands it the chat adapters.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const { adapters } = await import('../adapters/index.ts');
process.exitCode = await main(process.argv.slice(2), {
  env: process.env,
  cwd: process.cwd(),
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  adapters,
});
