// Discord settings from the environment: the one place that reads DISCORD_* variables, validated with zod.
import { z } from 'zod';

export const DEFAULT_DISCORD_API_URL = 'https://discord.com/api';

export interface DiscordConfig {
  /** The bot token (without a `Bot ` prefix). */
  token: string;
  /** The application (client) id: a snowflake. */
  applicationId: string;
  /** REST base without the version (`https://discord.com/api`); the gateway URL comes from its `/gateway/bot`. */
  apiUrl: string;
}

/** A missing or malformed variable; `variable` names it so the message can be acted on. */
export class DiscordConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(message);
    this.name = 'DiscordConfigError';
  }
}

const SNOWFLAKE = /^\d{17,20}$/;

const schema = z.object({
  DISCORD_TOKEN: z
    .string({ error: 'is not set: paste the bot token from the Developer Portal (Bot > Reset Token)' })
    .trim()
    // People paste the Authorization header form; the library adds `Bot ` itself.
    .transform((t) => t.replace(/^Bot\s+/i, ''))
    .pipe(z.string().min(1, 'is empty: paste the bot token from the Developer Portal (Bot > Reset Token)').regex(/^\S+$/, 'must not contain spaces')),
  DISCORD_APPLICATION_ID: z
    .string({ error: 'is not set: copy the Application ID from the Developer Portal (General Information)' })
    .trim()
    .regex(SNOWFLAKE, 'must be the numeric Application ID (17 to 20 digits), from the Developer Portal (General Information)'),
  DISCORD_API_URL: z
    .string()
    .trim()
    .optional()
    .transform((u) => (u ? u : undefined))
    .pipe(z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://discord.com/api' }).optional()),
});

/** True when the environment asks for Discord (a token is set); readDiscordConfig then says what else is missing. */
export function discordConfigured(env: Record<string, string | undefined>): boolean {
  return Boolean(env.DISCORD_TOKEN?.trim());
}

/** Reads and validates the Discord variables; throws DiscordConfigError naming the first bad one. */
export function readDiscordConfig(env: Record<string, string | undefined>): DiscordConfig {
  const parsed = schema.safeParse({
    DISCORD_TOKEN: env.DISCORD_TOKEN,
    DISCORD_APPLICATION_ID: env.DISCORD_APPLICATION_ID,
    DISCORD_API_URL: env.DISCORD_API_URL,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'DISCORD_*');
    throw new DiscordConfigError(variable, `${variable} ${issue?.message ?? 'is invalid'}`);
  }
  const { DISCORD_TOKEN, DISCORD_APPLICATION_ID, DISCORD_API_URL } = parsed.data;
  return { token: DISCORD_TOKEN, applicationId: DISCORD_APPLICATION_ID, apiUrl: normalizeApiUrl(DISCORD_API_URL ?? DEFAULT_DISCORD_API_URL) };
}

/** @discordjs/rest appends `/v10` itself, so a pasted `.../api/v10/` must lose its version and slashes. */
function normalizeApiUrl(url: string): string {
  return url.replace(/\/+$/, '').replace(/\/v\d+$/, '');
}
