// Types of stats.mjs, for the TypeScript that imports it (test/soak).
export function median(values: number[]): number;
export function percentile(sorted: ArrayLike<number>, p: number): number;
export class Samples {
  push(value: number): void;
  get length(): number;
  sorted(): Float64Array;
}
export function fixed(value: number, digits?: number): string;
export function ratio(numerator: number, denominator: number): string;
export function renderTable(title: string, header: string[], rows: string[][], notes?: string[]): string;
