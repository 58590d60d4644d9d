// The command layer with real parts (SQLite archive of the samples, SQLite state, the real ranker).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { startTestBot, type TestBot } from '../support/engine.js';
import { exportState } from '../../src/state/transfer.js';
import { NAMESPACES } from '../../src/bot/state.js';
import type { Reply } from '../../src/reply.js';
import { renderText } from '../../src/render-text.js';

let t: TestBot;
beforeAll(async () => {
  t = await startTestBot();
});
afterAll(async () => {
  await t.engine.close();
});

const text = (r: Reply) => renderText(r);
const snapshot = async () => exportState(await t.engine.store(), [...NAMESPACES]).then((d) => d.namespaces);

describe('search', () => {
  it('pages through results with a next command', async () => {
    const first = await t.run('search point cloud');
    expect(first.kind).toBe('papers');
    if (first.kind !== 'papers') return;
    expect(first.items.length).toBe(5);
    expect(first.next).toMatch(/^search point cloud page:2$/);
    const second = await t.run(first.next!);
    if (second.kind !== 'papers') throw new Error('expected papers');
    expect(second.page).toBe(2);
    expect(second.items.map((i) => i.paper.id)).not.toContain(first.items[0]!.paper.id);
  });

  it('honours cat:, author: and exclusions', async () => {
    const r = await t.run('search segmentation cat:eess.IV -medical');
    if (r.kind !== 'papers') throw new Error(text(r));
    for (const i of r.items) {
      expect(i.paper.categories).toContain('eess.IV');
      expect(`${i.paper.title} ${i.paper.abstract}`.toLowerCase()).not.toContain('medical');
    }
  });

  it.each([
    ['FTS syntax', 'search "unbalanced (NEAR x* AND -y: ^z'],
    ['SQL', "search '; DROP TABLE papers; --"],
    ['emoji and unicode', 'search 🤖 Bildsegmentierung naïve 画像'],
    ['mentions', 'search <!channel> @everyone <@U123>'],
  ])('answers %s without an exception', async (_name, command) => {
    const r = await t.run(command);
    expect(['papers', 'error']).toContain(r.kind);
    expect(r.kind === 'error' ? r.code : 'ok').not.toBe('internal');
  });

  it('refuses oversized queries clearly', async () => {
    const r = await t.run(`search ${'nerf '.repeat(2000)}`);
    expect(r).toMatchObject({ kind: 'error', code: 'too_long' });
  });
});

describe('subscriptions', () => {
  it('subscribe, list, unsubscribe terms, unsubscribe all', async () => {
    const bob = { user: 'U_BOB', userName: 'bob' };
    expect(await t.run('subscribe "point cloud" lidar^2 -survey', bob)).toMatchObject({ kind: 'message', lines: [expect.stringMatching(/Subscribed to: "point cloud" lidar\^2 -survey/), expect.any(String)] });
    expect(text(await t.run('list', bob))).toMatch(/point cloud/);
    const removed = await t.run('unsubscribe lidar', bob);
    expect(text(removed)).toMatch(/Removed: lidar/);
    expect(text(await t.run('list', bob))).not.toMatch(/lidar/);
    expect(await t.run('unsubscribe banana', bob)).toMatchObject({ kind: 'error', code: 'not_found' });
    expect(text(await t.run('unsubscribe all', bob))).toMatch(/Removed all/);
    expect(text(await t.run('list', bob))).toMatch(/no subscriptions/);
  });

  it('nobody reads or changes another person\'s subscriptions', async () => {
    await t.run('subscribe diffusion', { user: 'U_CAROL' });
    expect(text(await t.run('list', { user: 'U_DAVE' }))).not.toMatch(/diffusion/);
    await t.run('unsubscribe all', { user: 'U_DAVE' });
    expect(text(await t.run('list', { user: 'U_CAROL' }))).toMatch(/diffusion/);
    expect(text(await t.run('list', { user: 'U_CAROL', workspace: 'T_OTHER' }))).not.toMatch(/diffusion/);
  });

  it('follow adds an author term; a bad profile names the bad token', async () => {
    expect(text(await t.run('follow "Andrew J. Davison"', { user: 'U_ERIN' }))).toMatch(/author:"Andrew J\. Davison"/);
    const bad = await t.run('subscribe foo:bar', { user: 'U_ERIN' });
    expect(bad).toMatchObject({ kind: 'error', code: 'bad_argument' });
    expect(text(bad)).toMatch(/unknown field "foo:"/);
  });

  it('limits terms per person', async () => {
    const many = Array.from({ length: 40 }, (_, i) => `term${i}`).join(' ');
    expect(await t.run(`subscribe ${many}`, { user: 'U_FRANK' })).toMatchObject({ kind: 'error' });
  });

  it('buttons: show, similar and subscribe-like work on a real paper and refuse bad ids', async () => {
    const r = await t.run('search point cloud');
    if (r.kind !== 'papers') throw new Error(text(r));
    const paper = r.items[0]!.paper;
    expect(await t.run(`show ${paper.id}`)).toMatchObject({ kind: 'message', title: paper.title });
    const similar = await t.run(`similar ${paper.id}`);
    if (similar.kind !== 'papers') throw new Error(text(similar));
    expect(similar.items.length).toBeGreaterThan(0);
    expect(similar.items.map((i) => i.paper.id)).not.toContain(paper.id);
    expect(text(await t.run(`subscribe-like ${paper.id}`, { user: 'U_GINA' }))).toMatch(/Subscribed to/);
    expect(await t.run('show 9999.99999')).toMatchObject({ kind: 'error', code: 'not_found' });
    expect(await t.run('show not-an-id')).toMatchObject({ kind: 'error', code: 'bad_argument' });
  });
});

describe('channel settings', () => {
  it('only channel admins change settings; everyone may look', async () => {
    const before = await snapshot();
    expect(await t.run('channel limit 3')).toMatchObject({ kind: 'error', code: 'forbidden' });
    expect(await snapshot()).toEqual(before);
    expect(text(await t.run('channel show'))).toMatch(/Papers per digest: 10/);
    expect(text(await t.run('channel limit 3', { isAdmin: true }))).toMatch(/Papers per digest: 3/);
  });

  it.each([
    ['channel limit 0'], ['channel limit lots'], ['channel timezone Mars/Olympus'], ['channel categories not!a!cat'],
    ['channel time someday'], ['channel crosslists maybe'], ['channel updates'], ['channel pause now'], ['channel frobnicate'],
    ['channel profile "unterminated foo:bar'],
  ])('%s gets a clear error and changes nothing', async (command) => {
    const before = await snapshot();
    const r = await t.run(command, { isAdmin: true });
    expect(r.kind).toBe('error');
    expect(r.kind === 'error' && r.code).not.toBe('internal');
    expect(await snapshot()).toEqual(before);
  });

  it('sets profile, categories, time, timezone, cross-lists, updates, pause and resume', async () => {
    const admin = { isAdmin: true, channel: 'C_SET' };
    for (const c of ['channel profile "point cloud" lidar', 'channel categories cs.CV cs.RO', 'channel time weekdays 08:30', 'channel timezone Europe/Berlin', 'channel crosslists off', 'channel updates on', 'channel pause']) {
      expect((await t.run(c, admin)).kind, c).toBe('message');
    }
    const shown = text(await t.run('channel show', admin));
    expect(shown).toMatch(/"point cloud" lidar/);
    expect(shown).toMatch(/cs\.CV cs\.RO/);
    expect(shown).toMatch(/weekdays 08:30 \(Europe\/Berlin\) \(paused\)/);
    expect(shown).toMatch(/cross-lists off; updates on/);
    expect(text(await t.run('channel resume', admin))).not.toMatch(/paused/);
  });
});

describe('digest, help and bad input', () => {
  it('digest shows the newest day by default, a named day, and says when there is no announcement', async () => {
    const latest = await t.run('digest');
    expect(latest).toMatchObject({ kind: 'digest', date: '2021-11-30' });
    expect(await t.run('digest 2021-11-29')).toMatchObject({ kind: 'digest', date: '2021-11-29' });
    const sunday = await t.run('digest 2021-12-05');
    expect(sunday).toMatchObject({ kind: 'digest', sections: [], notice: expect.stringMatching(/weekend/) });
    expect(await t.run('digest someday')).toMatchObject({ kind: 'error', code: 'bad_argument' });
    expect(await t.run('digest 2021-11-29 extra')).toMatchObject({ kind: 'error', code: 'bad_argument' });
  });

  it('help lists the commands and explains each', async () => {
    expect(text(await t.run('help'))).toMatch(/\/papers subscribe/);
    expect(text(await t.run('help subscribe'))).toMatch(/e\.g\. \/papers subscribe/);
    expect(await t.run('help nonsense')).toMatchObject({ kind: 'error', code: 'unknown_command' });
    expect(await t.run('')).toMatchObject({ kind: 'message' });
  });

  it.each([
    ['an unknown command', 'frobnicate now'],
    ['subscribe with no argument', 'subscribe'],
    ['unsubscribe with no argument', 'unsubscribe'],
    ['follow with no argument', 'follow'],
    ['search with no argument', 'search'],
    ['show with no argument', 'show'],
    ['similar with a garbage id', 'similar ../../etc/passwd'],
    ['list with extra arguments', 'list please now'],
    ['subscribe with garbage', 'subscribe ^^^ ::: ***'],
    ['a 10 kB subscribe', `subscribe ${'x'.repeat(10_000)}`],
    ['a 10 kB command', `${'y'.repeat(10_000)}`],
    ['control characters', 'subscribe \u0000\u0007\u001b[31m'],
  ])('%s gets a clear reply and changes nothing', async (_what, command) => {
    const before = await snapshot();
    const r = await t.run(command.slice(0, 12_000), { user: 'U_BAD' });
    expect(r.kind).toBe('error');
    expect(r.kind === 'error' && r.code).not.toBe('internal');
    expect(await snapshot()).toEqual(before);
  });

  it('hostile text is stored and echoed as plain text, never as markup (adapters escape it)', async () => {
    const r = await t.run('subscribe "<!channel> @everyone"', { user: 'U_HOSTILE' });
    expect(r.kind).toBe('message');
  });

  it('autocomplete offers the caller\'s own terms, categories and time zones', async () => {
    await t.run('subscribe "neural radiance field" nerf', { user: 'U_AUTO' });
    const caller = { platform: 'slack' as const, workspace: 'T1', channel: 'C1', user: 'U_AUTO', isAdmin: false };
    expect(await t.bot.complete({ ...caller, path: ['unsubscribe'], option: 'terms', partial: 'ne' })).toEqual(['"neural radiance field"', 'nerf']);
    expect(await t.bot.complete({ ...caller, path: ['channel', 'timezone'], option: 'zone', partial: 'berl' })).toContain('Europe/Berlin');
    expect(await t.bot.complete({ ...caller, path: ['channel', 'categories'], option: 'categories', partial: 'cs.r' })).toContain('cs.RO');
  });
});
