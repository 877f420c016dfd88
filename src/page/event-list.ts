import { get, rec } from './api.js';
import type { EventPage } from './types.js';

const BEFORE = 60;
const AFTER = 140;

/**
 * The event list: the lines `hoplab events` prints, a window of them around
 * the current event, through the same filter as the stepper's (kind=,
 * node=, port=, proto=). It follows the current event; a click (or Enter)
 * on a line goes there.
 */
export class EventList {
  filter = '';
  private rows = new Map<number, HTMLElement>();
  private loaded: { from: number; to: number; filter: string } | undefined;
  private last = Number.POSITIVE_INFINITY;
  private token = 0;

  constructor(
    private readonly box: HTMLElement,
    private readonly errorBox: HTMLElement,
    go: (seq: number) => void,
  ) {
    box.addEventListener('click', (e) => {
      const row = (e.target as HTMLElement).closest<HTMLElement>('[role=option]');
      if (row) go(Number(row.dataset.seq));
    });
  }

  /** Shows the window around `seq`, fetching it unless the one on screen holds it. */
  async follow(seq: number): Promise<void> {
    const l = this.loaded;
    const inside = l && l.filter === this.filter && seq >= l.from && seq <= l.to;
    if (!inside || this.nearEdge(seq)) await this.load(seq);
    this.mark(seq);
  }

  async setFilter(text: string, seq: number): Promise<boolean> {
    const before = this.filter;
    this.filter = text.trim();
    try {
      await this.load(seq);
      this.errorBox.textContent = '';
      return true;
    } catch (e) {
      this.filter = before;
      this.errorBox.textContent = (e as Error).message;
      return false;
    }
  }

  /** Close to an end of the window with more events beyond it: time to load the window around `seq` afresh. */
  private nearEdge(seq: number): boolean {
    const seqs = [...this.rows.keys()];
    if (seqs.length === 0) return false;
    const i = seqs.findIndex((s) => s >= seq);
    return (i >= 0 && i < 10 && seqs[0]! > 1) || ((i < 0 || i > seqs.length - 10) && seqs[seqs.length - 1]! < this.last);
  }

  private async load(seq: number): Promise<void> {
    const token = ++this.token;
    const page = await get<EventPage>(rec(0, 'events', { seq: Math.max(seq, 0), before: BEFORE, after: AFTER, filter: this.filter }));
    if (token !== this.token) return;
    this.last = page.last;
    this.rows.clear();
    const frag = document.createDocumentFragment();
    for (const e of page.events) {
      const row = document.createElement('div');
      row.setAttribute('role', 'option');
      row.setAttribute('aria-selected', 'false');
      row.id = `ev-${e.seq}`;
      row.dataset.seq = String(e.seq);
      row.textContent = e.line;
      this.rows.set(e.seq, row);
      frag.append(row);
    }
    if (page.events.length === 0) {
      const none = document.createElement('div');
      none.textContent = this.filter ? `no event matches '${this.filter}'` : 'no events';
      frag.append(none);
    }
    this.box.replaceChildren(frag);
    const seqs = page.events.map((e) => e.seq);
    this.loaded = {
      from: seqs.length ? Math.min(seq, seqs[0]!) : seq,
      to: seqs.length ? seqs[seqs.length - 1]! : seq,
      filter: this.filter,
    };
  }

  private mark(seq: number): void {
    let best: HTMLElement | undefined;
    for (const [s, row] of this.rows) {
      row.setAttribute('aria-selected', 'false');
      if (s <= seq) best = row;
    }
    if (!best) return;
    best.setAttribute('aria-selected', String(Number(best.dataset.seq) === seq));
    this.box.setAttribute('aria-activedescendant', best.id);
    const top = best.offsetTop - this.box.offsetTop;
    if (top < this.box.scrollTop || top > this.box.scrollTop + this.box.clientHeight - 20)
      this.box.scrollTop = top - this.box.clientHeight / 3;
  }
}
