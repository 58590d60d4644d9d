// Configuration: one JSON file in config/, validated once with messages that name the key, plus the PAPERBOY_* env.
import { readFileSync, existsSync } from 'node:fs';
import { resolve, dirname } from 'node:path';
import { z } from 'zod';
import { isCategory } from './paper.js';
import { UserError } from './errors.js';

const category = z.string().refine(isCategory, { message: 'expected an arXiv category such as cs.CV' });

const channelDefaults = {
  profile: '',
  categories: ['cs.CV'],
  schedule: 'weekdays 09:00',
  timezone: 'UTC',
  limit: 10,
  crossLists: true,
  updates: false,
  paused: false,
  quietOnEmpty: false,
};

export const channelSettingsSchema = z.object({
  profile: z.string().default(channelDefaults.profile),
  categories: z.array(category).min(1).default(channelDefaults.categories),
  schedule: z.string().default(channelDefaults.schedule),
  timezone: z.string().default(channelDefaults.timezone),
  limit: z.number().int().min(1).max(50).default(channelDefaults.limit),
  crossLists: z.boolean().default(channelDefaults.crossLists),
  updates: z.boolean().default(channelDefaults.updates),
  paused: z.boolean().default(channelDefaults.paused),
  /** On a day with no announcement: post nothing instead of a one-line notice. */
  quietOnEmpty: z.boolean().default(channelDefaults.quietOnEmpty),
});

export type ChannelSettings = z.infer<typeof channelSettingsSchema>;

const channelSchema = channelSettingsSchema.extend({
  platform: z.enum(['console', 'slack', 'discord']),
  workspace: z.string().min(1).default('local'),
  channel: z.string().min(1),
});

const sourceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('digest-dir'), path: z.string().min(1) }),
  z.object({ type: z.literal('arxiv-rss'), categories: z.array(category).min(1) }),
  z.object({ type: z.literal('arxiv-api'), categories: z.array(category).min(1), maxResults: z.number().int().min(1).max(2000).default(200) }),
]);

export const configSchema = z.object({
  /** Paths ingested at start when the archive is empty (the bundled samples by default). */
  seed: z.array(z.string()).default(['samples/digests']),
  sources: z.array(sourceSchema).default([]),
  arxiv: z
    .object({
      rssUrl: z.url().default('https://rss.arxiv.org/rss'),
      apiUrl: z.url().default('http://export.arxiv.org/api/query'),
      contact: z.string().default(''),
      minIntervalMs: z.number().int().min(3000).default(3000),
    })
    .default({ rssUrl: 'https://rss.arxiv.org/rss', apiUrl: 'http://export.arxiv.org/api/query', contact: '', minIntervalMs: 3000 }),
  /** `sqlite` (default, in the data directory), `redis://...` or `postgres://...`; PAPERBOY_STATE_URL overrides. */
  state: z.string().default('sqlite'),
  channels: z.array(channelSchema).default([]),
  defaults: channelSettingsSchema.partial().default({}),
  /** `nerf = "neural radiance field"`: a term and what it also matches. */
  synonyms: z.record(z.string(), z.string()).default({}),
  limits: z
    .object({
      queryLength: z.number().int().min(16).max(10_000).default(500),
      subscriptionsPerPerson: z.number().int().min(1).max(200).default(32),
      pageSize: z.number().int().min(1).max(25).default(5),
      personalPapers: z.number().int().min(1).max(25).default(5),
    })
    .default({ queryLength: 500, subscriptionsPerPerson: 32, pageSize: 5, personalPapers: 5 }),
  schedule: z
    .object({
      catchUpHours: z.number().min(0).max(72).default(12),
      ingest: z.string().default('30 20 * * 0-4'),
      ingestTimezone: z.string().default('America/New_York'),
    })
    .default({ catchUpHours: 12, ingest: '30 20 * * 0-4', ingestTimezone: 'America/New_York' }),
  http: z.object({ port: z.number().int().min(0).max(65535).default(8080) }).default({ port: 8080 }),
});

export type Config = z.infer<typeof configSchema>;

export interface LoadedConfig {
  config: Config;
  /** The file it came from, or null when built from defaults. */
  file: string | null;
  dataDir: string;
  stateUrl: string | undefined;
  /** Paths in the config are relative to the project root (the config file's parent folder). */
  root: string;
  logLevel: string;
}

/** Formats zod issues as `channels.0.timezone: expected string` lines. */
function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
}

export function parseConfig(raw: unknown, file: string): Config {
  const result = configSchema.safeParse(raw);
  if (!result.success) throw new UserError('bad_config', `${file}: ${describeIssues(result.error)}`);
  return result.data;
}

/**
 * Reads the config file (`--config`, else PAPERBOY_CONFIG, else config/paperboy.json under `cwd` if present) and the
 * PAPERBOY_* environment. The only place that reads PAPERBOY_* variables.
 */
export function loadConfig(opts: { configPath?: string; dataDir?: string; cwd: string; env: Record<string, string | undefined> }): LoadedConfig {
  const explicit = opts.configPath ?? opts.env.PAPERBOY_CONFIG;
  const candidate = explicit ? resolve(opts.cwd, explicit) : resolve(opts.cwd, 'config/paperboy.json');
  let config: Config;
  let file: string | null = null;
  if (existsSync(candidate)) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(candidate, 'utf8'));
    } catch (err) {
      throw new UserError('bad_config', `${candidate}: not valid JSON (${(err as Error).message})`);
    }
    config = parseConfig(raw, candidate);
    file = candidate;
  } else if (explicit) {
    throw new UserError('not_found', `config file not found: ${candidate}`);
  } else {
    config = configSchema.parse({});
  }
  const root = file ? resolve(dirname(file), '..') : opts.cwd;
  const dataDir = resolve(opts.cwd, opts.dataDir ?? opts.env.PAPERBOY_DATA_DIR ?? 'data');
  const stateUrl = opts.env.PAPERBOY_STATE_URL ?? (config.state === 'sqlite' ? undefined : config.state);
  return { config, file, dataDir, stateUrl, root, logLevel: opts.env.PAPERBOY_LOG_LEVEL ?? 'info' };
}

/** A channel's settings: the config's defaults under what was set for it. */
export function channelSettings(config: Config, overrides: Partial<ChannelSettings> = {}): ChannelSettings {
  return channelSettingsSchema.parse({ ...config.defaults, ...overrides });
}
