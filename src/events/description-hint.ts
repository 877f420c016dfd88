/**
 * A producer's token for the events it describes alike: the same kind, node,
 * port, `why` and every other described field, only seq, t, frame, cause and
 * bytes differing (and, in `why`, at most the ARP target address its frame
 * holds, which the recording may store as a hole its frame fills). A cable's
 * direction has one for its tx sentence; a host, one for each way it reads a
 * broadcast ARP request that is not for it.
 *
 * Opaque: it has nothing to read. The recorder (store/) keeps on it, under
 * keys of its own, the id it gave the description, and so spares itself a
 * look-up per event: at 5,000 hosts its table of descriptions is megabytes,
 * and each look-up a cache miss or three. A producer whose sentence changes
 * makes a new hint.
 */
export class DescriptionHint {}
