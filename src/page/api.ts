/** The viewer server's JSON API (src/view/routes.ts). An error answer becomes an Error with the server's message. */
export async function get<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json' } });
  const body = (await res.json()) as T & { error?: string };
  if (!res.ok) throw new Error(body.error ?? `${res.status} ${res.statusText}`);
  return body;
}

export const rec = (index: number, what: string, params: Record<string, string | number>): string =>
  `/api/r/${index}/${what}?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString()}`;

/** `1.5ms`, `35us`, `2 s`, `1200ns` (or bare seconds) in nanoseconds; undefined when it is not a time. */
export function parseTime(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|ms|us|µs|ns)?\s*$/.exec(text);
  if (!m) return undefined;
  const scale = { s: 1e9, ms: 1e6, us: 1e3, µs: 1e3, ns: 1 }[(m[2] ?? 's') as 's'];
  return Math.round(Number(m[1]) * scale);
}

/** Virtual seconds per wall second, readably. */
export function speedText(speed: number): string {
  const units: Array<[number, string]> = [
    [1, 's'],
    [1e-3, 'ms'],
    [1e-6, 'µs'],
    [1e-9, 'ns'],
  ];
  for (const [scale, unit] of units) if (speed >= scale) return `${+(speed / scale).toPrecision(2)} ${unit} per s`;
  return `${speed.toExponential(1)} s per s`;
}
