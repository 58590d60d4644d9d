// readDiscordConfig: valid environments, normalisation, and a clear error naming each bad variable.
import { describe, expect, it } from 'vitest';
import { DEFAULT_DISCORD_API_URL, DiscordConfigError, readDiscordConfig } from '../../adapters/discord/config.js';

const good = { DISCORD_TOKEN: 'MTAw.fake.token', DISCORD_APPLICATION_ID: '200000000000000002' };

function errorOf(env: Record<string, string | undefined>): DiscordConfigError {
  try {
    readDiscordConfig(env);
  } catch (err) {
    if (err instanceof DiscordConfigError) return err;
    throw err;
  }
  throw new Error('expected a DiscordConfigError');
}

describe('readDiscordConfig', () => {
  it('reads the token and application id, defaulting to Discord\'s API', () => {
    expect(readDiscordConfig(good)).toEqual({ token: 'MTAw.fake.token', applicationId: '200000000000000002', apiUrl: DEFAULT_DISCORD_API_URL });
  });

  it('accepts a local API URL and drops a pasted version suffix and slashes', () => {
    expect(readDiscordConfig({ ...good, DISCORD_API_URL: 'http://127.0.0.1:4000/api/v10/' }).apiUrl).toBe('http://127.0.0.1:4000/api');
    expect(readDiscordConfig({ ...good, DISCORD_API_URL: '' }).apiUrl).toBe(DEFAULT_DISCORD_API_URL);
  });

  it('strips a pasted "Bot " prefix and surrounding spaces from the token', () => {
    expect(readDiscordConfig({ ...good, DISCORD_TOKEN: '  Bot MTAw.fake.token \n' }).token).toBe('MTAw.fake.token');
  });

  it('names a missing or empty token', () => {
    expect(errorOf({ DISCORD_APPLICATION_ID: good.DISCORD_APPLICATION_ID }).variable).toBe('DISCORD_TOKEN');
    const empty = errorOf({ ...good, DISCORD_TOKEN: '   ' });
    expect(empty.variable).toBe('DISCORD_TOKEN');
    expect(empty.message).toMatch(/^DISCORD_TOKEN is empty/);
    expect(errorOf({ ...good, DISCORD_TOKEN: 'two words' }).message).toContain('must not contain spaces');
  });

  it('names a missing or non-numeric application id', () => {
    expect(errorOf({ DISCORD_TOKEN: good.DISCORD_TOKEN }).message).toMatch(/^DISCORD_APPLICATION_ID is not set/);
    const bad = errorOf({ ...good, DISCORD_APPLICATION_ID: 'paperboy' });
    expect(bad.variable).toBe('DISCORD_APPLICATION_ID');
    expect(bad.message).toContain('17 to 20 digits');
  });

  it('names a malformed API URL', () => {
    for (const url of ['discord.com/api', 'ftp://example.com/api']) {
      const err = errorOf({ ...good, DISCORD_API_URL: url });
      expect(err.variable).toBe('DISCORD_API_URL');
      expect(err.message).toContain('http(s) URL');
    }
  });
});
