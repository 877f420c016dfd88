/** A point of a drawing, in its units (x right, y down). */
export interface Point {
  x: number;
  y: number;
}

/** The point at parameter `u` (0..1) of a cable's curve, a cubic Bézier: where the viewer draws a frame `u` of the way along. */
export function pointOn(g: { p0: Point; c1: Point; c2: Point; p3: Point }, u: number): Point {
  const v = 1 - u;
  const a = v * v * v;
  const b = 3 * v * v * u;
  const c = 3 * v * u * u;
  const d = u * u * u;
  return {
    x: a * g.p0.x + b * g.c1.x + c * g.c2.x + d * g.p3.x,
    y: a * g.p0.y + b * g.c1.y + c * g.c2.y + d * g.p3.y,
  };
}
