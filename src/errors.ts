// Typed errors: a code and a message a user can act on. The CLI maps UserError to exit code 2.

/** The user asked for something wrong (bad argument, missing file); never an internal failure. */
export class UserError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError || (err instanceof Error && err.name === 'UserError');
}
