// `paperboy state export` / `import` between real backends: SQLite in one data directory, PostgreSQL in a fresh schema.
import { describe, it, expect, afterAll } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, tempDir } from '../support/cli.js';
import { DATABASE_URL, runName, serviceAvailable } from '../state/services.js';
import { openStore } from '../../src/state/open.js';

const schema = runName('cli');
const pgUrl = `${DATABASE_URL}${DATABASE_URL.includes('?') ? '&' : '?'}schema=${schema}`;

afterAll(async () => {
  if (!(await serviceAvailable('postgres'))) return;
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: DATABASE_URL });
  await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await pool.end();
});

describe('paperboy state export/import', () => {
  it('moves subscriptions and channel settings from SQLite to PostgreSQL', async () => {
    const from = tempDir('pb-state-');
    await runCli(['start', '--data', from], { input: '/papers subscribe "point cloud" lidar\n/papers channel limit 4\n' });
    const file = join(tempDir('pb-dump-'), 'state.json');
    const exported = await runCli(['state', 'export', file, '--data', from]);
    expect(exported.code, exported.stderr).toBe(0);
    const dump = JSON.parse(readFileSync(file, 'utf8'));
    expect(dump.format).toBe('paperboy-state');
    expect(Object.keys(dump.namespaces.people)).toEqual(['console:local:you']);

    // Into a second SQLite data directory...
    const to = tempDir('pb-state-');
    expect((await runCli(['state', 'import', file, '--data', to])).stdout).toMatch(/imported \d+ keys into sqlite/);
    expect((await runCli(['start', '--data', to], { input: '/papers list\n' })).stdout).toMatch(/"point cloud" lidar[\s\S]*posted weekdays 09:00/);

    // ...and into PostgreSQL, selected by URL alone.
    if (!(await serviceAvailable('postgres'))) return;
    const imported = await runCli(['state', 'import', file, '--data', tempDir('pb-state-')], { env: { PAPERBOY_STATE_URL: pgUrl } });
    expect(imported.code, imported.stderr).toBe(0);
    const store = await openStore(pgUrl, { dataDir: from });
    try {
      expect(await store.get('people', 'console:local:you')).toMatchObject({ profiles: ['"point cloud" lidar'] });
      expect(await store.get('channels', 'console:local:general')).toMatchObject({ settings: { limit: 4 } });
    } finally {
      await store.close();
    }
  });

  it('refuses a file that is not a dump, and changes nothing', async () => {
    const data = tempDir('pb-state-');
    const bad = join(data, 'bad.json');
    writeFileSync(bad, JSON.stringify({ format: 'something-else' }));
    const result = await runCli(['state', 'import', bad, '--data', data]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect((await runCli(['state', 'import', join(data, 'missing.json'), '--data', data])).stderr).toMatch(/no such file/);
    const after = JSON.parse((await runCli(['state', 'export', '--data', data])).stdout);
    expect(Object.values(after.namespaces).every((ns) => Object.keys(ns as object).length === 0)).toBe(true);
  });
});
