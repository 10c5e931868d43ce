/** Small statistics and formatting helpers for the benchmark tables. */

/** The median of a list of numbers (NaN for an empty list). */
export function median(values) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * The p-th percentile (0–100) of `sorted`, an ascending array, by the nearest-rank method.
 * @param {ArrayLike<number>} sorted
 * @param {number} p
 */
export function percentile(sorted, p) {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

/**
 * A growable Float64Array for many samples (latencies in milliseconds) without boxing.
 */
export class Samples {
  #values = new Float64Array(1 << 16);
  #length = 0;

  /** Appends one sample. */
  push(value) {
    if (this.#length === this.#values.length) {
      const grown = new Float64Array(this.#values.length * 2);
      grown.set(this.#values);
      this.#values = grown;
    }
    this.#values[this.#length++] = value;
  }

  get length() {
    return this.#length;
  }

  /** The samples in ascending order (a copy). */
  sorted() {
    return this.#values.slice(0, this.#length).sort();
  }
}

/** `value` with `digits` decimals, or "n/a" when it is not a finite number. */
export function fixed(value, digits = 0) {
  return Number.isFinite(value) ? value.toFixed(digits) : "n/a";
}

/** `numerator / denominator` as "0.87×", or "n/a". */
export function ratio(numerator, denominator) {
  return Number.isFinite(numerator) && Number.isFinite(denominator) && denominator !== 0 ? `${(numerator / denominator).toFixed(2)}×` : "n/a";
}

/**
 * Renders a plain-text table: the first column left-aligned, the others right-aligned.
 * @param {string} title
 * @param {string[]} header
 * @param {string[][]} rows
 * @param {string[]} [notes] lines printed under the table
 */
export function renderTable(title, header, rows, notes = []) {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => String(row[column]).length)));
  const line = (cells) =>
    cells.map((cell, column) => (column === 0 ? String(cell).padEnd(widths[column]) : String(cell).padStart(widths[column]))).join("  ");
  const rule = widths.map((width) => "-".repeat(width)).join("  ");
  return [``, `## ${title}`, ``, line(header), rule, ...rows.map(line), ...(notes.length ? ["", ...notes] : [])].join("\n");
}
