/**
 * A producer's promise that every event it tags with this key says the same
 * thing: the same kind, node and port, the same why (or why template) and
 * every other described field; only seq, t, frame, cause and bytes differ.
 * A recorder that has given that description an id keeps it on the key, so
 * the next event so tagged costs it one field read instead of a look-up in
 * its table of descriptions: at 5,000 hosts that table is megabytes, and each
 * look-up a cache miss or three. A producer whose sentence changes resets
 * its key.
 */
export class DescriptionKey {
  /** The recorder that gave `id`; another recorder meeting the key looks the description up and takes the key over. */
  owner: object | undefined = undefined;
  id = 0;

  /** The producer's sentence changed: no recorder's id holds any more. (Reset, not replaced: a key made with its producer stays beside it in memory.) */
  reset(): void {
    this.owner = undefined;
  }
}
