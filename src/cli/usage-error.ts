import { InputError } from '../errors/input-error.js';

/** Bad input named by the CLI (a flag and what is wrong with its value): printed without a stack, exit 2. */
export class UsageError extends InputError {
  override name = 'UsageError';
}
