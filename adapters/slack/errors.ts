// Slack Web API failures mapped to PostError: the Slack error code, a message an admin can act on, and retryability.
import { webApi } from '@slack/bolt';
import { PostError } from '../../src/adapter.js';

/** Codes that mean the token no longer works: nobody can be told through Slack, reinstalling is the fix. */
export const DEAD_TOKEN = new Set(['invalid_auth', 'token_revoked', 'token_expired', 'account_inactive', 'not_authed', 'not_installed', 'team_access_not_granted']);

const RETRYABLE = new Set(['ratelimited', 'rate_limited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'request_error']);

const ADVICE: Record<string, string> = {
  channel_not_found: 'the channel does not exist or the bot cannot see it (for a private channel, invite the bot first)',
  not_in_channel: 'the bot is not a member of this channel: invite it with /invite @Paperboy',
  is_archived: 'the channel is archived',
  restricted_action: 'the workspace does not allow the bot to post in this channel',
  invalid_auth: 'the bot token is invalid: reinstall the Slack app and update SLACK_BOT_TOKEN',
  token_revoked: 'the bot token was revoked (app uninstalled?): reinstall the Slack app',
  account_inactive: 'the bot user was deactivated: reinstall the Slack app',
  not_installed: 'the app is not installed in this workspace',
  ratelimited: 'Slack rate-limited the bot; the post will be retried',
  invalid_blocks: 'Slack refused the message layout (a bug in Paperboy: please report it)',
  msg_too_long: 'the message was too long for Slack (a bug in Paperboy: please report it)',
};

/** Slack's advice for a code, for logs and the admin notice. */
export function adviceFor(code: string): string {
  return ADVICE[code] ?? `Slack answered ${code}`;
}

/** Seconds to wait before retrying, when Slack said so. */
export function retryAfterSeconds(err: unknown): number | undefined {
  return err instanceof webApi.WebAPIRateLimitedError ? err.retryAfter : undefined;
}

export function toPostError(err: unknown, where: string): PostError {
  if (err instanceof PostError) return err;
  let code = 'internal';
  let retryable = false;
  if (err instanceof webApi.WebAPIRateLimitedError) {
    code = 'ratelimited';
    retryable = true;
  } else if (err instanceof webApi.WebAPIPlatformError) {
    code = String(err.data.error);
    retryable = RETRYABLE.has(code);
  } else if (err instanceof webApi.WebAPIHTTPError) {
    code = `http_${err.statusCode}`;
    retryable = err.statusCode >= 500 || err.statusCode === 429;
  } else if (err instanceof webApi.WebAPIRequestError) {
    code = 'request_error';
    retryable = true;
  }
  const detail = err instanceof Error ? err.message : String(err);
  const advice = ADVICE[code] ?? (code === 'internal' ? detail : `Slack answered ${code}`);
  const retry = retryAfterSeconds(err);
  return new PostError(code, `Slack post to ${where} failed: ${advice}${retry !== undefined ? ` (retry after ${retry}s)` : ''}`, retryable);
}
