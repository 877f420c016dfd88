/** The side panel's tabs (WAI-ARIA tabs pattern): click or arrow keys to switch. */
export class Tabs {
  private readonly tabs: HTMLElement[];
  /** Called with a tab's name (`charts` for `tab-charts`) when it is shown. */
  onShow: (name: string) => void = () => {};

  constructor(list: HTMLElement) {
    this.tabs = [...list.querySelectorAll<HTMLElement>('[role=tab]')];
    for (const tab of this.tabs) tab.addEventListener('click', () => this.select(tab));
    list.addEventListener('keydown', (e) => {
      const visible = this.tabs.filter((t) => !t.hidden);
      const i = visible.indexOf(document.activeElement as HTMLElement);
      if (i < 0 || (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft')) return;
      e.preventDefault();
      e.stopPropagation();
      const next = visible[(i + (e.key === 'ArrowRight' ? 1 : visible.length - 1)) % visible.length]!;
      this.select(next);
      next.focus();
    });
  }

  /** Shows the tab whose id is `tab-NAME`. */
  show(name: string): void {
    const tab = this.tabs.find((t) => t.id === `tab-${name}`);
    if (tab) this.select(tab);
  }

  private select(tab: HTMLElement): void {
    for (const t of this.tabs) {
      const on = t === tab;
      t.setAttribute('aria-selected', String(on));
      t.tabIndex = on ? 0 : -1;
      document.getElementById(t.getAttribute('aria-controls')!)!.hidden = !on;
    }
    this.onShow(tab.id.replace(/^tab-/, ''));
  }
}
