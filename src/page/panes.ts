import type { Picture } from './picture.js';
import type { Detail, Tables } from './types.js';

const MAX_WIRE_ROWS = 200;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

/** A link to an event: activating it (click or Enter) moves there. */
export function seqLink(seq: number, text: string, go: (seq: number) => void): HTMLElement {
  const a = el('a', text, 'link');
  a.setAttribute('href', `#seq=${seq}`);
  a.addEventListener('click', (e) => {
    e.preventDefault();
    go(seq);
  });
  return a;
}

/** A link that does something on the page rather than go somewhere. */
function action(text: string, run: () => void): HTMLElement {
  const a = el('a', text, 'link');
  a.setAttribute('href', '#');
  a.addEventListener('click', (e) => {
    e.preventDefault();
    run();
  });
  return a;
}

/**
 * The Event pane: the event's line, its decision in plain words, which copy of its frame it
 * concerns, and its causes back to the command (as `hoplab trace`).
 */
export function renderEvent(
  pane: HTMLElement,
  d: Detail | undefined,
  go: (seq: number) => void,
  copy: (move: 'next' | 'prev' | 'child' | 'parent') => void,
): void {
  pane.replaceChildren();
  if (!d) {
    pane.append(el('p', 'The start of the recording: nothing has happened yet. Step forward (→) or play (space).'));
    return;
  }
  pane.append(el('h3', `#${d.seq} at ${d.time} s — ${d.kind}`), el('p', d.why, 'why'));
  if (d.reason) pane.append(el('p', `reason: ${d.reason}`));
  pane.append(el('div', d.line, 'mono'));
  const hops = el('p');
  hops.setAttribute('aria-label', 'This copy of the frame');
  if (d.copy) {
    // Which sending of these bytes this is: a storm sends the same frame many times.
    hops.append(seqLink(d.copy.seq, `copy #${d.copy.seq}`, go));
    if (d.copy.from !== null) hops.append(', made from ', seqLink(d.copy.from, `#${d.copy.from}`, go));
    // The next hop and the copies made are looked for only when asked: at a copy's end the search reads far ahead.
    hops.append(
      ' · ',
      action('next of this copy →', () => copy('next')),
      ' · ',
      action('copies made from it ⇥', () => copy('child')),
    );
  }
  pane.append(hops, el('h3', d.causes.length ? 'caused by, back to the scenario command' : 'a scenario command'));
  const chain = el('ol', undefined, 'chain mono');
  chain.setAttribute('aria-label', 'Cause chain');
  for (const c of d.causes) {
    const li = el('li');
    li.append(seqLink(c.seq, c.line, go));
    chain.append(li);
  }
  pane.append(chain);
  if (d.moreCauses) pane.append(el('p', `… and earlier causes: hoplab trace REC.db ${d.seq} lists the whole chain.`));
}

/** The Frame pane: the frame decoded by layer beside its bytes as a hex dump; the field under the pointer lights up in both. */
export function renderFrame(pane: HTMLElement, d: Detail | undefined): void {
  pane.replaceChildren();
  if (!d?.frame) {
    pane.append(el('p', d ? `#${d.seq} carries no frame.` : 'No event selected.'));
    return;
  }
  const bytes = d.frame.hex.match(/../g) ?? [];
  pane.append(el('h3', d.frame.summary), el('p', `${bytes.length} bytes`));
  const layers = el('div', undefined, 'layers');
  const hex = el('div', undefined, 'hex');
  hex.setAttribute('aria-label', 'Frame bytes');
  const spans = bytes.map((b, i) => {
    const s = el('span', b);
    s.dataset.i = String(i);
    return s;
  });
  for (let i = 0; i < spans.length; i += 16) {
    hex.append(el('span', `${i.toString(16).padStart(4, '0')}  `, 'offset'));
    hex.append(...spans.slice(i, i + 16).flatMap((s, j) => (j === 7 ? [s, ' '] : [s])), '\n');
  }
  const light = (start: number, end: number, on: boolean): void => {
    for (let i = start; i < end; i++) spans[i]?.classList.toggle('hot', on);
  };
  const rows: HTMLTableRowElement[] = [];
  for (const layer of d.frame.layers) {
    const box = el('details');
    box.open = true;
    box.append(el('summary', layer.name));
    const table = el('table');
    for (const f of layer.fields) {
      const tr = el('tr');
      tr.append(el('td', f.name), el('td', f.value));
      tr.dataset.start = String(f.start);
      tr.dataset.end = String(f.end);
      tr.tabIndex = 0;
      const on = (v: boolean): void => {
        tr.classList.toggle('hot', v);
        light(f.start, f.end, v);
      };
      tr.addEventListener('mouseenter', () => on(true));
      tr.addEventListener('mouseleave', () => on(false));
      tr.addEventListener('focus', () => on(true));
      tr.addEventListener('blur', () => on(false));
      rows.push(tr);
      table.append(tr);
    }
    box.append(table);
    layers.append(box);
  }
  // Pointing at a byte lights up the field it belongs to (the innermost, so the narrowest).
  hex.addEventListener('mouseover', (e) => {
    const i = Number((e.target as HTMLElement).dataset?.i);
    if (!Number.isInteger(i)) return;
    for (const tr of rows) tr.classList.remove('hot');
    for (const s of spans) s.classList.remove('hot');
    const row = rows.filter((r) => Number(r.dataset.start) <= i && i < Number(r.dataset.end)).pop();
    if (row) {
      row.classList.add('hot');
      light(Number(row.dataset.start), Number(row.dataset.end), true);
    }
  });
  pane.append(layers, hex);
}

/** The Tables pane: a node's tables just after the event, the same rows `hoplab state --at` prints, the row the event changed lit up. */
export function renderTables(pane: HTMLElement, t: Tables | undefined, recName?: string): void {
  pane.replaceChildren();
  if (!t) {
    pane.append(el('p', 'Click a node (or focus it and press Enter) to see its tables at the current event.'));
    return;
  }
  pane.append(el('h3', `${t.node}${recName ? ` in ${recName}` : ''}, just after #${t.seq}`));
  const list = el('ul', undefined, 'lines');
  list.setAttribute('aria-label', `Tables of ${t.node}`);
  for (const line of t.lines) {
    const li = el('li', line);
    if (t.changed && line.includes(t.changed) && /^ {4}\S/.test(line)) li.classList.add('changed');
    list.append(li);
  }
  pane.append(list);
}

/** The On-the-wire pane: every envelope and drop mark in words (the picture's text alternative). */
export function renderWire(pane: HTMLElement, pictures: readonly Picture[]): void {
  pane.replaceChildren();
  for (const p of pictures) {
    const count = p.placed.length;
    pane.append(el('h3', `${p.info.name}: ${count} frame${count === 1 ? '' : 's'} on the wires`));
    const list = el('ol', undefined, 'lines');
    list.dataset.recording = String(p.index);
    list.setAttribute('aria-label', `Frames on the wires in ${p.info.name}`);
    for (const x of p.placed.slice(0, MAX_WIRE_ROWS)) list.append(el('li', p.describe(x)));
    if (count > MAX_WIRE_ROWS) list.append(el('li', `… and ${count - MAX_WIRE_ROWS} more`));
    pane.append(list);
    if (p.drops.length) {
      const drops = el('ul', undefined, 'lines');
      drops.setAttribute('aria-label', `Drops in ${p.info.name}`);
      for (const d of p.drops)
        drops.append(el('li', `✕ #${d.mark[0]} ${d.mark[4]} at ${p.cableEnds(d.mark[2], d.mark[3]).split(' → ')[0]}`));
      pane.append(el('h3', 'dropped just before'), drops);
    }
  }
}
