/**
 * d3-zoom's transform (d3-zoom/src/transform.js, the same arithmetic and text), so that the tree is placed
 * and drawn before d3-zoom's code has loaded: that code, with d3-selection and the d3-transition,
 * d3-interpolate and d3-color it brings, loads with the first tree drawn (useZoom.ts, zoomCode.ts).
 */
import type { ZoomTransform } from 'd3';

class Transform {
  constructor(
    readonly k: number,
    readonly x: number,
    readonly y: number,
  ) {}
  scale(k: number): Transform {
    return k === 1 ? this : new Transform(this.k * k, this.x, this.y);
  }
  translate(x: number, y: number): Transform {
    return x === 0 && y === 0 ? this : new Transform(this.k, this.x + this.k * x, this.y + this.k * y);
  }
  apply(p: [number, number]): [number, number] {
    return [p[0] * this.k + this.x, p[1] * this.k + this.y];
  }
  applyX(x: number): number {
    return x * this.k + this.x;
  }
  applyY(y: number): number {
    return y * this.k + this.y;
  }
  invert(p: [number, number]): [number, number] {
    return [(p[0] - this.x) / this.k, (p[1] - this.y) / this.k];
  }
  invertX(x: number): number {
    return (x - this.x) / this.k;
  }
  invertY(y: number): number {
    return (y - this.y) / this.k;
  }
  toString(): string {
    return `translate(${this.x},${this.y}) scale(${this.k})`;
  }
}

/** The identity transform, as d3's zoomIdentity (the tree has no use for rescaleX and rescaleY). */
export const zoomIdentity = new Transform(1, 0, 0) as unknown as ZoomTransform;
