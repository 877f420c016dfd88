/** A problem with an input file as a whole (missing, unreadable); the CLI exits 2. */
export class UsageErrorLike extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
