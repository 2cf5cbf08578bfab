/** Exit codes of the `tributary` command: each means one kind of outcome. */
export const EXIT = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  rejected: 3,
  notFound: 4,
  unauthorized: 5,
  unavailable: 6,
  conflict: 7,
} as const;

export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    readonly detail?: unknown,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
