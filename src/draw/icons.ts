/**
 * One icon per node kind, as SVG symbols on a 40 x 40 grid, in the shapes
 * network diagrams use: a screen for a host, a box with crossing arrows for
 * a switch, a circle with arrows for a router. They take their colours from
 * the drawing's stylesheet (classes `icon`, `mark`).
 */
export const ICON_SIZE = 40;

const SYMBOLS: Record<string, string> = {
  host:
    '<rect class="icon" x="4" y="5" width="32" height="22" rx="2"/><rect class="mark" x="8" y="9" width="24" height="14" rx="1"/>' +
    '<path class="icon" d="M16 27h8v5h-8zM10 32h20v3H10z"/>',
  switch:
    '<rect class="icon" x="2" y="9" width="36" height="22" rx="3"/>' +
    '<path class="mark" d="M8 16h18l-4-4M32 24H14l4 4" fill="none" stroke-width="2.2"/>',
  hub:
    '<rect class="icon" x="2" y="11" width="36" height="18" rx="3"/>' +
    '<circle class="dot" cx="10" cy="20" r="2.6"/><circle class="dot" cx="20" cy="20" r="2.6"/><circle class="dot" cx="30" cy="20" r="2.6"/>',
  bridge:
    '<rect class="icon" x="5" y="9" width="30" height="22" rx="3"/>' +
    '<path class="mark" d="M11 20h18M15 16l-4 4 4 4M25 16l4 4-4 4" fill="none" stroke-width="2.2"/>',
  repeater: '<path class="icon" d="M7 6 35 20 7 34z"/><path class="mark" d="M12 20h12" fill="none" stroke-width="2.2"/>',
  router:
    '<circle class="icon" cx="20" cy="20" r="16"/>' +
    '<path class="mark" d="M9 20h22M20 9v22M12 17l-3 3 3 3M28 17l3 3-3 3M17 12l3-3 3 3M17 28l3 3 3-3" fill="none" stroke-width="2"/>',
  unknown:
    '<rect class="icon" x="6" y="6" width="28" height="28" rx="4"/><path class="mark" d="M16 16a4 4 0 1 1 4 4v3M20 27v1" fill="none" stroke-width="2"/>',
};

export const NODE_KINDS_DRAWN = Object.keys(SYMBOLS);

export function iconId(kind: string): string {
  return `icon-${kind in SYMBOLS ? kind : 'unknown'}`;
}

/** The `<symbol>`s of the kinds given (each once, in a fixed order). */
export function iconDefs(kinds: Iterable<string>): string {
  const wanted = new Set([...kinds].map((k) => (k in SYMBOLS ? k : 'unknown')));
  return NODE_KINDS_DRAWN.filter((k) => wanted.has(k))
    .map((k) => `<symbol id="icon-${k}" viewBox="0 0 ${ICON_SIZE} ${ICON_SIZE}">${SYMBOLS[k]}</symbol>`)
    .join('');
}
