/**
 * A producer's token for the events it describes alike: the same kind, node,
 * port, `why` and every other described field, only seq, t, frame, cause and
 * bytes differing (and, in `why`, at most the ARP target address its frame
 * holds, which the recording may store as a hole its frame fills). A cable's
 * direction has one for its tx sentence; a host, one for each way it reads a
 * broadcast ARP request that is not for it.
 *
 * Opaque: a number, with nothing to read in it. The recorder (store/) keeps,
 * for each hint it has seen, the id it gave the description, and so spares
 * itself a look-up per event. A number issued by the run in order
 * (HintSource), so that the recorder keeps those ids in a few dense arrays
 * indexed by the hint, 4 bytes a hint, instead of on an object of the
 * producer's: at 5,000 hosts such objects lie scattered over megabytes, and
 * reading one cost every event a cache miss, 13-30% of the recorded rate
 * (BENCHMARKS.md, issue 21). Issued by the run, not by a counter of the
 * process, so that two runs of one topology give equal events. A producer
 * whose sentence changes takes a new hint.
 */
export type DescriptionHint = number & { readonly __brand: 'DescriptionHint' };

/** Where a producer takes its hints: the run's one sequence of them (Simulator.newHint), which no two producers share a number of. */
export interface HintSource {
  newHint(): DescriptionHint;
}
