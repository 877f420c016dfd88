/**
 * Numbers handed out lowest free first, as the kernel's idr_alloc does for
 * namespace ids (peernet2id_alloc) and br_if.c's find_portno for bridge
 * ports. `floor` is the lowest number that may be free: taking numbers in
 * order costs O(1) each, where searching from the start each time made a
 * script of thousands of namespaces quadratic (issue 21).
 */
export class LowestFree {
  private readonly taken = new Set<number>();
  private floor: number;

  constructor(private readonly first: number) {
    this.floor = first;
  }

  take(): number {
    let n = this.floor;
    while (this.taken.has(n)) n++;
    this.taken.add(n);
    this.floor = n + 1;
    return n;
  }

  release(n: number): void {
    if (!this.taken.delete(n)) return;
    if (n < this.floor) this.floor = Math.max(n, this.first);
  }
}
