import { get, parseTime, rec, speedText } from './api.js';
import { EventList } from './event-list.js';
import { renderEvent, renderFrame, renderTables, renderWire } from './panes.js';
import { Picture } from './picture.js';
import { aliveAt, seqAt, Track } from './player.js';
import { Charts } from './charts.js';
import { loadDiff } from './diff.js';
import { Tabs } from './tabs.js';
import type { At, CopyStep, Detail, Info, Tables } from './types.js';

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
/** Wall milliseconds a drop stays marked while playing. */
const DROP_FADE_MS = 600;

/**
 * The viewer: one recording (or two on one clock), a cursor on an event,
 * and everything on screen computed by the server for that event. Moving the
 * cursor, backwards as well as forwards, asks the server again: what is
 * shown is what was true then.
 */
class App {
  seq = 0;
  t = 0;
  playing = false;
  speed = 1e-4;
  selected: { index: number; node: string } | undefined;
  charts: Charts | undefined;
  /** The events the other recordings show (on the shared clock, or as a link chose). */
  otherSeqs: number[] = [];
  private token = 0;
  private tracks: Track[] = [];
  private lastFrame = 0;
  private lastSide = 0;

  constructor(
    readonly info: Info,
    readonly pictures: Picture[],
    readonly list: EventList,
    readonly tabs: Tabs,
  ) {
    this.tracks = pictures.map((p) => new Track(p.index, p.info.events));
  }

  get last(): number {
    return this.info.recordings[0]!.events;
  }

  /** Moves to event `seq` (0: before the first) and shows everything as it was just after it. */
  async seek(seq: number, options: { keepPlaying?: boolean; others?: Record<number, number> } = {}): Promise<void> {
    if (!options.keepPlaying) this.pause();
    $('copy-note').textContent = '';
    const target = Math.max(0, Math.min(this.last, Math.round(seq)));
    const token = ++this.token;
    // The event list and the event's panes need only the seq: asked at once, the server answers
    // them while the page draws the envelopes; they are shown after the picture, as before.
    const listed = this.list.follow(target);
    const detail = target > 0 ? get<Detail>(rec(0, 'event', { seq: target })) : Promise.resolve(undefined);
    // Should the picture's answer fail first, these are not awaited: they must not fail unheard.
    for (const p of [listed, detail]) p.catch(() => undefined);
    const at = await get<At>(rec(0, 'at', { seq: target }));
    const others = await Promise.all(
      this.pictures.slice(1).map(async (p) => {
        const s = options.others?.[p.index] ?? (await get<{ seq: number }>(rec(p.index, 'time', { t: at.t }))).seq;
        return get<At>(rec(p.index, 'at', { seq: s }));
      }),
    );
    if (token !== this.token) return;
    this.seq = target;
    this.t = at.t;
    this.otherSeqs = others.map((a) => a.seq);
    [at, ...others].forEach((a, i) => {
      const p = this.pictures[i]!;
      p.shape(a.shape);
      p.ports(a.ports);
      p.show(a.envelopes, a.drops, a.t);
    });
    document.body.dataset.seq = String(target);
    document.body.dataset.others = this.otherSeqs.join(',');
    this.showNow(at.current, at.time);
    history.replaceState(null, '', `#seq=${target}`);
    ($('slider') as HTMLInputElement).value = String(at.t);
    this.charts?.mark(at.t);
    await Promise.all([listed, this.showDetail(detail, token), this.showTables(token)]);
    renderWire($('pane-wire'), this.pictures);
    if (token === this.token) document.body.dataset.ready = String(target);
  }

  step(direction: 1 | -1): Promise<void> {
    if (!this.list.filter) return this.seek(this.seq + direction);
    return get<{ seq: number | null }>(rec(0, 'step', { seq: this.seq, dir: direction, filter: this.list.filter })).then((r) =>
      r.seq === null ? undefined : this.seek(r.seq),
    );
  }

  /** N, P, ], [: along this copy of the frame, or to the copies made from it; says why when it cannot move. */
  async copy(go: 'next' | 'prev' | 'child' | 'parent'): Promise<void> {
    if (this.seq < 1) return;
    const r = await get<CopyStep>(rec(0, 'copy', { seq: this.seq, go }));
    if (r.seq !== null) await this.seek(r.seq);
    $('copy-note').textContent = r.note ?? '';
  }

  /** Shows event `seq` of recording `index`, the others at the same virtual time. */
  async seekIn(index: number, seq: number): Promise<void> {
    if (index === 0) return this.seek(seq);
    const detail = await get<Detail>(rec(index, 'event', { seq }));
    const { seq: own } = await get<{ seq: number }>(rec(0, 'time', { t: detail.t }));
    await this.seek(own, { others: { [index]: seq } });
  }

  async seekTime(t: number): Promise<void> {
    const { seq } = await get<{ seq: number }>(rec(0, 'time', { t }));
    await this.seek(seq);
  }

  selectNode(index: number, node: string): void {
    this.selected = { index, node };
    for (const p of this.pictures) p.select(p.index === index ? node : undefined);
    this.tabs.show('tables');
    void this.showTables(this.token).then(() => {
      document.body.dataset.tables = `${node}@${this.seq}`;
    });
  }

  play(): void {
    if (this.playing) return;
    if (this.seq >= this.last) return;
    this.playing = true;
    $('play').textContent = 'pause';
    $('play').setAttribute('aria-label', 'Pause');
    for (const t of this.tracks) t.reset();
    this.lastFrame = performance.now();
    const t0 = this.t;
    let now = t0;
    const frame = async (wall: number): Promise<void> => {
      if (!this.playing) return;
      now += this.speed * (wall - this.lastFrame) * 1e6;
      this.lastFrame = wall;
      const chunks = await Promise.all(
        this.tracks.map((track, i) =>
          track.ensure(now, async () => (i === 0 ? this.seq : (await get<{ seq: number }>(rec(track.index, 'time', { t: now }))).seq)),
        ),
      );
      if (!this.playing) return;
      const c0 = chunks[0];
      if (!c0) return;
      chunks.forEach((c, i) => {
        if (!c) return;
        const p = this.pictures[i]!;
        p.shape(c.shape);
        p.ports(c.ports, c.portChanges, now);
        const fade = this.speed * DROP_FADE_MS * 1e6;
        p.show(
          c.envelopes,
          c.drops.filter((d) => d[1] <= now && d[1] > now - fade),
          now,
          aliveAt(now),
        );
      });
      this.seq = seqAt(c0, now);
      this.t = now;
      ($('slider') as HTMLInputElement).value = String(Math.round(now));
      this.charts?.mark(now);
      if (wall - this.lastSide > 250) {
        this.lastSide = wall;
        this.showNow(`#${this.seq}`, (now / 1e9).toFixed(9));
        void this.list.follow(this.seq);
      }
      if (this.seq >= this.last) {
        this.pause();
        void this.seek(this.last);
        return;
      }
      requestAnimationFrame((w) => void frame(w));
    };
    requestAnimationFrame((w) => void frame(w));
  }

  pause(): void {
    if (!this.playing) return;
    this.playing = false;
    $('play').textContent = 'play';
    $('play').setAttribute('aria-label', 'Play');
    void this.seek(this.seq);
  }

  setSpeed(log10: number): void {
    this.speed = 10 ** log10;
    $('speed-text').textContent = speedText(this.speed);
  }

  private showNow(current: string, time: string): void {
    $('now').textContent = current.startsWith('#') && current.length > 8 ? current : `${time} s  ${current}`;
  }

  private async showDetail(asked: Promise<Detail | undefined>, token: number): Promise<void> {
    const d = await asked;
    if (token !== this.token) return;
    for (const p of this.pictures) p.current(p.index === 0 ? d?.node : undefined);
    renderEvent(
      $('pane-event'),
      d,
      (s) => void this.seek(s),
      (go) => void this.copy(go),
    );
    renderFrame($('pane-frame'), d);
  }

  private async showTables(token: number): Promise<void> {
    const sel = this.selected;
    if (!sel) return renderTables($('pane-tables'), undefined);
    const p = this.pictures[sel.index]!;
    const seq = sel.index === 0 ? this.seq : (this.otherSeqs[sel.index - 1] ?? 0);
    const t = await get<Tables>(rec(sel.index, 'tables', { seq, node: sel.node }));
    if (token !== this.token) return;
    renderTables($('pane-tables'), t, this.pictures.length > 1 ? p.info.name : undefined);
  }
}

function bindKeys(app: App): void {
  document.addEventListener('keydown', (e) => {
    const target = e.target as HTMLElement;
    if (e.key === 'Escape') {
      target.blur?.();
      return;
    }
    if (target.matches('input[type=text]') || e.ctrlKey || e.metaKey || e.altKey) return;
    if (target.matches('input[type=range]') && ['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(e.key)) return;
    const actions: Record<string, () => void> = {
      ArrowRight: () => void app.step(1),
      n: () => void app.step(1),
      ArrowLeft: () => void app.step(-1),
      p: () => void app.step(-1),
      N: () => void app.copy('next'),
      P: () => void app.copy('prev'),
      ']': () => void app.copy('child'),
      '[': () => void app.copy('parent'),
      ' ': () => (app.playing ? app.pause() : app.play()),
      k: () => (app.playing ? app.pause() : app.play()),
      Home: () => void app.seek(0),
      End: () => void app.seek(app.last),
      g: () => $('jump').focus(),
      f: () => $('filter').focus(),
      '+': () => nudgeSpeed(app, 0.25),
      '=': () => nudgeSpeed(app, 0.25),
      '-': () => nudgeSpeed(app, -0.25),
    };
    const act = actions[e.key];
    if (!act || (target.matches('button, [role=tab], [role=button]') && (e.key === ' ' || e.key === 'Enter'))) return;
    e.preventDefault();
    act();
  });
}

function nudgeSpeed(app: App, by: number): void {
  const input = $('speed') as HTMLInputElement;
  input.value = String(Math.max(Number(input.min), Math.min(Number(input.max), Number(input.value) + by)));
  app.setSpeed(Number(input.value));
}

function bindControls(app: App): void {
  $('first').addEventListener('click', () => void app.seek(0));
  $('last').addEventListener('click', () => void app.seek(app.last));
  $('prev').addEventListener('click', () => void app.step(-1));
  $('next').addEventListener('click', () => void app.step(1));
  $('hop-prev').addEventListener('click', () => void app.copy('prev'));
  $('hop-next').addEventListener('click', () => void app.copy('next'));
  $('copy-parent').addEventListener('click', () => void app.copy('parent'));
  $('copy-child').addEventListener('click', () => void app.copy('child'));
  $('play').addEventListener('click', () => (app.playing ? app.pause() : app.play()));
  const speed = $('speed') as HTMLInputElement;
  speed.addEventListener('input', () => app.setSpeed(Number(speed.value)));
  app.setSpeed(Number(speed.value));
  const slider = $('slider') as HTMLInputElement;
  slider.max = String(app.info.recordings[0]!.endTime);
  slider.step = String(Math.max(1, Math.round(app.info.recordings[0]!.endTime / 2000)));
  let sliding: number | undefined;
  slider.addEventListener('input', () => {
    clearTimeout(sliding);
    sliding = window.setTimeout(() => void app.seekTime(Number(slider.value)), 60);
  });
  $('jump-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const input = $('jump') as HTMLInputElement;
    const text = input.value.trim();
    const seq = /^#?\d+$/.test(text) && (text.startsWith('#') || !/[a-zµ]/.test(text)) ? Number(text.replace('#', '')) : undefined;
    const t = seq === undefined ? parseTime(text) : undefined;
    input.setCustomValidity(seq === undefined && t === undefined ? 'an event (#1234) or a time (1.5ms, 35us, 2s)' : '');
    input.reportValidity();
    if (seq !== undefined) void app.seek(seq);
    else if (t !== undefined) void app.seekTime(t);
  });
  $('filter-form').addEventListener('submit', (e) => {
    e.preventDefault();
    void app.list.setFilter(($('filter') as HTMLInputElement).value, app.seq).then((ok) => {
      if (ok) void app.list.follow(app.seq);
    });
  });
  window.addEventListener('hashchange', () => {
    const seq = hashSeq();
    if (seq !== undefined && seq !== app.seq) void app.seek(seq);
  });
}

function hashSeq(): number | undefined {
  const m = /seq=(\d+)/.exec(location.hash);
  return m ? Number(m[1]) : undefined;
}

async function start(): Promise<void> {
  const info = await get<Info>('/api/info');
  document.title = `hoplab view: ${info.recordings.map((r) => r.name).join(' vs ')}`;
  $('title').textContent = info.recordings.map((r) => r.name).join(' vs ');
  const tabs = new Tabs(document.querySelector('[role=tablist]')!);
  let app: App | undefined;
  const pictures = info.recordings.map((r, i) => new Picture(i, r, (index, node) => app?.selectNode(index, node)));
  $('stage').replaceChildren(...pictures.map((p) => p.root));
  const list = new EventList($('event-list'), $('filter-error'), (seq) => void app?.seek(seq));
  app = new App(info, pictures, list, tabs);
  const charts = new Charts($('pane-charts'), info, (t) => void app?.seekTime(t));
  app.charts = charts;
  let diffShown = false;
  tabs.onShow = (name) => {
    if (name === 'charts') void charts.show(app?.t ?? 0).then(() => (document.body.dataset.charts = 'shown'));
    if (name === 'diff' && !diffShown) {
      diffShown = true;
      void loadDiff($('pane-diff'), pictures, (index, seq) => void app?.seekIn(index, seq));
    }
  };
  if (info.diff) $('tab-diff').hidden = false;
  bindControls(app);
  bindKeys(app);
  await app.seek(Math.min(hashSeq() ?? 0, info.recordings[0]!.events));
}

start().catch((e: unknown) => {
  document.body.dataset.error = (e as Error).message;
  $('now').textContent = `error: ${(e as Error).message}`;
});
