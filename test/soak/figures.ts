/**
 * A scenario's figures against their bounds, and the table `npm run soak` prints. A figure with a
 * bound passes or misses; one without (a count used, a rate) is printed for information.
 */
import { renderTable } from "../bench/lib/stats.mjs";

/** One line of the table. */
export interface Figure {
  name: string;
  value: string;
  bound: string;
  /** undefined: information only. */
  pass: boolean | undefined;
}

/** Bytes as MiB with two decimals. */
export function mebibytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(2)} MiB`;
}

/** Milliseconds, whole. */
export function milliseconds(ms: number): string {
  return `${Math.round(ms)} ms`;
}

/** The figures of one scenario (L1…L11, G2), collected as it runs. */
export class ScenarioResult {
  readonly figures: Figure[] = [];
  readonly notes: string[] = [];
  seconds = 0;

  constructor(readonly id: string, readonly title: string) {}

  /** `value` must not exceed `max`; `show` formats both. */
  atMost(name: string, value: number, max: number, show: (value: number) => string = String): this {
    this.figures.push({ name, value: show(value), bound: `≤ ${show(max)}`, pass: value <= max });
    return this;
  }

  /** `value` must be below `limit`. */
  below(name: string, value: number, limit: number, show: (value: number) => string = String): this {
    this.figures.push({ name, value: show(value), bound: `< ${show(limit)}`, pass: value < limit });
    return this;
  }

  /** `value` must be at least `min`. */
  atLeast(name: string, value: number, min: number, show: (value: number) => string = String): this {
    this.figures.push({ name, value: show(value), bound: `≥ ${show(min)}`, pass: value >= min });
    return this;
  }

  /** `value` must be `expected` (compared as text). */
  equals(name: string, value: number | string, expected: number | string): this {
    this.figures.push({ name, value: String(value), bound: `= ${expected}`, pass: String(value) === String(expected) });
    return this;
  }

  /** A figure with no bound. */
  info(name: string, value: number | string): this {
    this.figures.push({ name, value: String(value), bound: "", pass: undefined });
    return this;
  }

  /** A scenario that could not run to its end: a miss, with the reason. */
  failed(reason: string): this {
    this.figures.push({ name: "ran to the end", value: reason.split("\n")[0]!.slice(0, 160), bound: "no error", pass: false });
    return this;
  }

  /** Figures with a bound that missed it. */
  get misses(): Figure[] {
    return this.figures.filter((figure) => figure.pass === false);
  }
}

/** The table of every scenario's figures, with a summary line. */
export function renderResults(results: ScenarioResult[], notes: string[] = []): string {
  const rows: string[][] = [];
  for (const result of results) {
    rows.push([`${result.id} ${result.title} (${result.seconds.toFixed(1)} s)`, "", "", ""]);
    for (const figure of result.figures) rows.push([`  ${figure.name}`, figure.value, figure.bound, figure.pass === undefined ? "" : figure.pass ? "pass" : "MISS"]);
  }
  const bounded = results.flatMap((result) => result.figures).filter((figure) => figure.pass !== undefined);
  const missed = bounded.filter((figure) => figure.pass === false).length;
  const scenarioNotes = results.flatMap((result) => result.notes.map((note) => `${result.id}: ${note}`));
  return renderTable("soak", ["scenario / figure", "value", "bound", "result"], rows, [
    ...scenarioNotes,
    ...notes,
    `${bounded.length - missed} of ${bounded.length} bounded figures pass${missed ? `; ${missed} MISS` : ""}`,
  ]);
}
