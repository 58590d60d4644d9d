// The registered /papers definition must match the command grammar in src/commands/spec.ts: this fails if they drift.
import { describe, expect, it } from 'vitest';
import { CHANNEL_GROUP, COMMANDS, toCommandText, type CommandSpec } from '../../src/commands/spec.js';
import { buildCommandDefinitions, COMMAND_NAME } from '../../adapters/discord/commands.js';

interface Def {
  type: number;
  name: string;
  description: string;
  required?: boolean;
  autocomplete?: boolean;
  choices?: { name: string; value: string | number }[];
  min_value?: number;
  max_value?: number;
  options?: Def[];
}

const TYPES = { string: 3, integer: 4, boolean: 5 } as const;
const NAME = /^[-_\p{L}\p{N}]{1,32}$/u;

const [papers] = buildCommandDefinitions() as unknown as Def[];
const top = papers?.options ?? [];
const subcommands = top.filter((o) => o.type === 1);
const group = top.find((o) => o.type === 2 && o.name === CHANNEL_GROUP.name);

function expectMatches(def: Def | undefined, spec: CommandSpec): void {
  expect(def, spec.name).toBeDefined();
  expect(def!.description).toBe(spec.summary);
  const options = def!.options ?? [];
  expect(options.map((o) => o.name)).toEqual(spec.options.map((o) => o.name));
  spec.options.forEach((o, i) => {
    const d = options[i]!;
    expect(d.type, `${spec.name}.${o.name}`).toBe(TYPES[o.type]);
    expect(d.required ?? false).toBe(o.required ?? false);
    expect(d.description).toBe(o.description);
    expect(d.choices?.map((c) => String(c.value))).toEqual(o.choices);
    expect(d.autocomplete ?? false).toBe(Boolean(o.autocomplete) && !o.choices);
    if (o.type === 'integer') {
      expect(d.min_value).toBe(o.min);
      expect(d.max_value).toBe(o.max);
    }
  });
}

/** Reads a spec example back into typed option values, as Discord would deliver them. */
function valuesOf(spec: CommandSpec, example: string, pathLength: number): Record<string, string | number> {
  let rest = example.split(' ').slice(pathLength).join(' ');
  const values: Record<string, string | number> = {};
  for (const o of spec.options) {
    if (!rest) break;
    let raw: string;
    if (o.rest) raw = rest;
    else {
      const m = /^("[^"]*"|\S+)\s*/.exec(rest)!;
      raw = m[1]!.replace(/^"|"$/g, '');
      rest = rest.slice(m[0].length);
    }
    values[o.name] = o.type === 'integer' ? Number(raw) : raw;
  }
  return values;
}

describe('Discord command definitions', () => {
  it('register one /papers command, guild-only, with valid names and descriptions', () => {
    expect(buildCommandDefinitions()).toHaveLength(1);
    expect(papers?.name).toBe(COMMAND_NAME);
    const all: Def[] = [papers!, ...top, ...(group?.options ?? []), ...top.flatMap((o) => o.options ?? []), ...(group?.options ?? []).flatMap((o) => o.options ?? [])];
    for (const d of all) {
      expect(d.name).toMatch(NAME);
      expect(d.name).toBe(d.name.toLowerCase());
      expect(d.description.length).toBeGreaterThan(0);
      expect(d.description.length).toBeLessThanOrEqual(100);
    }
    expect((papers as unknown as { contexts: number[] }).contexts).toEqual([0]);
  });

  it('have exactly the visible commands of the grammar, with the same options', () => {
    const visible = COMMANDS.filter((c) => !c.hidden);
    expect(subcommands.map((s) => s.name)).toEqual(visible.map((c) => c.name));
    for (const spec of visible) expectMatches(subcommands.find((s) => s.name === spec.name), spec);
    for (const hidden of COMMANDS.filter((c) => c.hidden)) expect(subcommands.map((s) => s.name)).not.toContain(hidden.name);
  });

  it('have the channel group with every channel subcommand', () => {
    expect(group?.description).toBe(CHANNEL_GROUP.summary);
    expect(group?.options?.map((s) => s.name)).toEqual(CHANNEL_GROUP.subcommands.map((c) => c.name));
    for (const spec of CHANNEL_GROUP.subcommands) expectMatches(group?.options?.find((s) => s.name === spec.name), spec);
  });

  it('list required options before optional ones, as Discord demands', () => {
    for (const sub of [...subcommands, ...(group?.options ?? [])]) {
      const required = (sub.options ?? []).map((o) => o.required ?? false);
      expect(required, sub.name).toEqual([...required].sort((a, b) => Number(b) - Number(a)));
    }
  });

  it('carry every grammar example as typed values Discord accepts, and back to the same text', () => {
    const cases = [
      ...COMMANDS.filter((c) => !c.hidden).map((spec) => ({ spec, path: [spec.name] })),
      ...CHANNEL_GROUP.subcommands.map((spec) => ({ spec, path: [CHANNEL_GROUP.name, spec.name] })),
    ];
    let checked = 0;
    for (const { spec, path } of cases) {
      for (const example of spec.examples) {
        const values = valuesOf(spec, example, path.length);
        for (const o of spec.options) {
          const v = values[o.name];
          if (v === undefined) {
            expect(o.required ?? false, example).toBe(false);
            continue;
          }
          if (o.choices) expect(o.choices, example).toContain(String(v));
          if (o.type === 'integer') {
            expect(Number.isInteger(v), example).toBe(true);
            if (o.min !== undefined) expect(v).toBeGreaterThanOrEqual(o.min);
            if (o.max !== undefined) expect(v).toBeLessThanOrEqual(o.max);
          }
        }
        expect(toCommandText(path, values)).toBe(example);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});
