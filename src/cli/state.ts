// `paperboy state export [FILE]` / `state import FILE`: all bot state as one JSON document, between any backends.
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UserError } from '../errors.js';
import { openEngine } from '../engine.js';
import { NAMESPACES } from '../bot/state.js';
import { exportState, importState, storedNamespaces } from '../state/transfer.js';
import { parse } from './args.js';
import type { CliIo } from './main.js';

/** Namespaces to move when a store cannot list its own: the bot's records, slot records, Slack's installations. */
const EXPORTED = [...NAMESPACES, 'slots', 'slack-installations'];

export async function stateCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {});
  const [verb, file, ...extra] = positionals;
  if (extra.length > 0) throw new UserError('bad_argument', `unexpected argument "${extra[0]}"`);
  if (verb !== 'export' && verb !== 'import') throw new UserError('bad_argument', 'use: paperboy state export [FILE] | paperboy state import FILE');
  if (verb === 'import' && !file) throw new UserError('bad_argument', 'state import needs a FILE (paperboy state import FILE)');
  const engine = await openEngine(values, io, { quiet: true });
  try {
    const store = await engine.store();
    if (verb === 'export') {
      const dump = await exportState(store, (await storedNamespaces(store)) ?? EXPORTED);
      const text = `${JSON.stringify(dump, null, 2)}\n`;
      if (file) await writeFile(resolve(io.cwd, file), text);
      else io.stdout.write(text);
      const keys = Object.values(dump.namespaces).reduce((n, ns) => n + Object.keys(ns).length, 0);
      if (file) io.stdout.write(`exported ${keys} keys from ${store.backend} to ${file}\n`);
      return 0;
    }
    let dump: unknown;
    try {
      dump = JSON.parse(await readFile(resolve(io.cwd, file!), 'utf8'));
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new UserError(code === 'ENOENT' ? 'not_found' : 'bad_argument', code === 'ENOENT' ? `no such file: ${file}` : `${file} is not valid JSON`);
    }
    const result = await importState(store, dump as Parameters<typeof importState>[1]);
    io.stdout.write(`imported ${result.keys} keys into ${store.backend}${result.expired ? ` (${result.expired} already expired, skipped)` : ''}\n`);
    return 0;
  } finally {
    await engine.close();
  }
}
