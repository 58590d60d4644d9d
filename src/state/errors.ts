// Typed errors of the state layer: a bad state URL, an unreachable backend, a bad state dump file.
import { UserError } from '../errors.js';

export const ACCEPTED_STATE_URLS =
  'sqlite://PATH (or nothing: <dataDir>/state.sqlite), redis://HOST:PORT[/DB], rediss://..., postgres://USER@HOST:PORT/DB or postgresql://...';

/** The configured state URL has a scheme or shape no backend accepts. */
export class StateUrlError extends UserError {
  constructor(message: string) {
    super('state_url', message);
  }
}

/** The backend did not answer (or refused us) within the connect timeout. */
export class StateConnectError extends UserError {
  constructor(
    message: string,
    override readonly cause: unknown,
  ) {
    super('state_unreachable', message);
  }
}

/** A state dump given to `importState` is not one `exportState` could have written. */
export class StateDumpError extends UserError {
  constructor(message: string) {
    super('state_dump', message);
  }
}

/** The URL with any password replaced, so errors and logs never carry secrets. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    // not parseable as a URL: nothing to redact structurally, so hide everything after the scheme's userinfo
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}
