import { readFileSync } from 'node:fs';

/** hoplab's version, from its package.json. */
export const HOPLAB_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
