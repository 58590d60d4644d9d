// The console bot end to end: `npm start`'s entry point with commands piped through stdin, offline.
import { describe, it, expect } from 'vitest';
import { runCli, tempDir } from '../support/cli.js';

describe('console adapter', () => {
  it('seeds the archive, prints the latest digest, answers commands, and exits at end of input', async () => {
    const data = tempDir('pb-console-');
    const input = ['/papers search gaussian splatting', '/papers help', '/papers frobnicate', 'hello', '/papers subscribe "point cloud" lidar', '/papers list', ''].join('\n');
    const result = await runCli(['start', '--data', data], { input });
    expect(result.code, result.stderr).toBe(0);
    const out = result.stdout;
    expect(out).toMatch(/# arXiv cs\.CV: Tuesday 2021-11-30/);
    expect(out).toMatch(/# Papers for "gaussian splatting"/);
    expect(out).toMatch(/Paperboy: arXiv papers your team cares about/);
    expect(out).toMatch(/Error: .*There is no command "frobnicate"/);
    expect(out).toMatch(/Commands start with \/papers/);
    expect(out).toMatch(/Subscribed to: "point cloud" lidar/);
    expect(out).toMatch(/Your subscriptions:\n\s+"point cloud" lidar/);
  });

  it('keeps subscriptions across restarts (state in the data directory)', async () => {
    const data = tempDir('pb-console-');
    await runCli(['start', '--data', data], { input: '/papers subscribe diffusion\n' });
    const again = await runCli(['start', '--data', data], { input: '/papers list\n' });
    expect(again.stdout).toMatch(/Your subscriptions:\n\s+diffusion/);
  });
});
