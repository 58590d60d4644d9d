// Child process for the crash test: writes ever newer versions of large values to a state store until it is killed.
// Usage: node bin/run-ts.js test/state/crash-writer.ts URL|- DATA_DIR PREFIX [PG_SCHEMA]
import { createHash } from 'node:crypto';
import { openStore } from '../../src/state/open.js';

export const CRASH_NS = 'crash';
export const CRASH_KEYS = ['digest:a', 'digest:b', 'people:c', 'channels:d'];
const ITEMS = 4000; // ~250 KB of JSON per value

// A type alias, not an interface: only aliases are assignable to the store's Json type.
export type CrashValue = {
  key: string;
  version: number;
  items: string[];
  sha256: string;
};

/** A value whose every part names its key and version, with a checksum over the parts: a mix of two can't pass check(). */
export function crashValue(key: string, version: number): CrashValue {
  const items = Array.from({ length: ITEMS }, (_, i) => `${key}|v${version}|item ${i}|${'paper abstract text '.repeat(2)}`);
  return { key, version, items, sha256: createHash('sha256').update(items.join('\n')).digest('hex') };
}

export function checkCrashValue(key: string, value: CrashValue): string | undefined {
  if (value.key !== key) return `${key}: holds the value of ${value.key}`;
  if (value.items.length !== ITEMS) return `${key}: ${value.items.length} items, expected ${ITEMS}`;
  const expected = crashValue(key, value.version);
  if (value.sha256 !== expected.sha256) return `${key}: checksum does not match version ${value.version}`;
  if (value.items.some((item, i) => item !== expected.items[i])) return `${key}: items mix versions`;
  return undefined;
}

async function main(): Promise<void> {
  const [url, dataDir, prefix, pgSchema] = process.argv.slice(2);
  const store = await openStore(url === '-' ? undefined : url, { dataDir: dataDir!, prefix: prefix!, ...(pgSchema ? { pgSchema } : {}) });
  let version = 0;
  for (const key of CRASH_KEYS) version = Math.max(version, (await store.get<CrashValue>(CRASH_NS, key))?.version ?? 0);
  for (;;) {
    version++;
    for (const key of CRASH_KEYS) {
      await store.set(CRASH_NS, key, crashValue(key, version));
      process.stdout.write(`acked ${key} ${version}\n`); // after the write resolved: the parent may hold us to it
    }
    process.stdout.write(`round ${version}\n`);
  }
}

if (process.argv[1]?.endsWith('crash-writer.ts')) {
  main().catch((err: unknown) => {
    console.error('crash-writer failed:', err);
    process.exit(1);
  });
}
