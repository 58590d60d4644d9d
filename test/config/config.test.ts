import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, parseConfig, channelSettings } from '../../src/config.js';

describe('config', () => {
  it('the shipped config/paperboy.json is valid', () => {
    const loaded = loadConfig({ cwd: process.cwd(), env: {} });
    expect(loaded.file).toMatch(/config\/paperboy\.json$/);
    expect(loaded.config.channels[0]?.platform).toBe('console');
  });

  it('errors name the key and what was expected', () => {
    expect(() => parseConfig({ channels: [{ platform: 'irc', channel: 'x' }] }, 'c.json')).toThrow(/channels\.0\.platform/);
    expect(() => parseConfig({ defaults: { limit: 500 } }, 'c.json')).toThrow(/defaults\.limit/);
    expect(() => parseConfig({ channels: [{ platform: 'slack', channel: 'C1', categories: ['not a cat'] }] }, 'c.json')).toThrow(/categories\.0: expected an arXiv category/);
  });

  it('data dir: --data, else PAPERBOY_DATA_DIR, else ./data; state URL from the environment first', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pb-config-'));
    expect(loadConfig({ cwd: dir, env: {} }).dataDir).toBe(join(dir, 'data'));
    expect(loadConfig({ cwd: dir, env: { PAPERBOY_DATA_DIR: '/srv/pb' } }).dataDir).toBe('/srv/pb');
    expect(loadConfig({ cwd: dir, dataDir: 'x', env: { PAPERBOY_DATA_DIR: '/srv/pb' } }).dataDir).toBe(join(dir, 'x'));
    expect(loadConfig({ cwd: dir, env: { PAPERBOY_STATE_URL: 'redis://127.0.0.1:6379' } }).stateUrl).toBe('redis://127.0.0.1:6379');
  });

  it('a broken or missing config file is a clear user error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pb-config-'));
    mkdirSync(join(dir, 'config'));
    writeFileSync(join(dir, 'config/paperboy.json'), '{ not json');
    expect(() => loadConfig({ cwd: dir, env: {} })).toThrow(/not valid JSON/);
    expect(() => loadConfig({ cwd: dir, configPath: 'nope.json', env: {} })).toThrow(/config file not found/);
  });

  it('channel settings layer defaults under overrides', () => {
    const config = parseConfig({ defaults: { limit: 7, timezone: 'Europe/Berlin' } }, 'c.json');
    expect(channelSettings(config, { limit: 3 })).toMatchObject({ limit: 3, timezone: 'Europe/Berlin', categories: ['cs.CV'], crossLists: true });
  });
});
