// The entry point's view of Discord: configured() from the environment, create(), and `paperboy discord register`.
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUserError } from '../../src/errors.js';
import { discordFactory, parseDiscordArgs } from '../../adapters/discord/index.js';
import { FAKE_APP_ID, startFakeDiscord, type FakeDiscord } from './fake-discord.js';
import { GUILD } from './payloads.js';

const logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
let fake: FakeDiscord;

function capture() {
  let text = '';
  const stdout = new Writable({ write(chunk: Buffer, _enc, done) { text += chunk.toString(); done(); } });
  return { stdout, text: () => text };
}

async function userErrorOf(p: Promise<unknown> | (() => unknown)): Promise<Error> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    if (isUserError(err)) return err as Error;
    throw err;
  }
  throw new Error('expected a UserError');
}

beforeAll(async () => {
  fake = await startFakeDiscord();
});
afterAll(async () => {
  await fake?.close();
});

describe('discordFactory', () => {
  it('is configured when DISCORD_TOKEN is set', () => {
    expect(discordFactory.configured({})).toBe(false);
    expect(discordFactory.configured({ DISCORD_TOKEN: '  ' })).toBe(false);
    expect(discordFactory.configured({ DISCORD_TOKEN: 'abc' })).toBe(true);
  });

  it('creates an adapter, or a user error naming the missing variable', async () => {
    const deps = { logger, store: undefined as never, stdin: process.stdin, stdout: process.stdout };
    const adapter = await discordFactory.create({ DISCORD_TOKEN: 'abc', DISCORD_APPLICATION_ID: FAKE_APP_ID, DISCORD_API_URL: fake.api }, deps);
    expect(adapter.platform).toBe('discord');
    await adapter.stop();
    const err = await userErrorOf(() => discordFactory.create({ DISCORD_TOKEN: 'abc' }, deps));
    expect(err.message).toMatch(/^DISCORD_APPLICATION_ID is not set/);
  });

  it('parses `register [--guild ID]` and refuses anything else', async () => {
    expect(parseDiscordArgs(['register'])).toEqual({});
    expect(parseDiscordArgs(['register', '--guild', GUILD])).toEqual({ guild: GUILD });
    expect(parseDiscordArgs(['register', `--guild=${GUILD}`])).toEqual({ guild: GUILD });
    expect(parseDiscordArgs(['register', '--guild', GUILD, '--clear'])).toEqual({ guild: GUILD, clear: true });
    expect((await userErrorOf(() => parseDiscordArgs(['unregister']))).message).toContain('usage: paperboy discord register');
    expect((await userErrorOf(() => parseDiscordArgs(['register', '--guild']))).message).toContain('unexpected "--guild"');
  });

  it('registers through the CLI hook and prints one line; a refused token is a user error', async () => {
    const out = capture();
    const env = { DISCORD_TOKEN: 'abc', DISCORD_APPLICATION_ID: FAKE_APP_ID, DISCORD_API_URL: fake.api };
    expect(await discordFactory.cli!(['register', '--guild', GUILD], { env, stdout: out.stdout })).toBe(0);
    expect(out.text()).toMatch(/^Registered \/papers with 17 subcommands .* in server 400000000000000004 \(available now\)\.\n$/);
    expect(fake.commands).toHaveLength(1);
    expect(await discordFactory.cli!(['register', '--guild', GUILD, '--clear'], { env, stdout: out.stdout })).toBe(0);
    expect(fake.commands[1]).toEqual({ route: `/api/v10/applications/${FAKE_APP_ID}/guilds/${GUILD}/commands`, body: [] });
    expect(out.text()).toContain(`Removed Paperboy's commands for application ${FAKE_APP_ID} from server ${GUILD}.`);
    const refused = await userErrorOf(discordFactory.cli!(['register'], { env: { ...env, DISCORD_TOKEN: 'invalid' }, stdout: out.stdout }));
    expect(refused.message).toContain('Discord refused the registration (401');
    const badGuild = await userErrorOf(discordFactory.cli!(['register', '--guild', 'general'], { env, stdout: out.stdout }));
    expect(badGuild.message).toContain('--guild must be a server id');
  });
});
