/**
 * Whether a schema's `pattern` can make the validator backtrack for a time that grows faster
 * than linearly with the input (regular expression denial of service, ReDoS, CWE-1333):
 * `^(a+)+$` against `"aaaa…!"` takes exponential time, `\s*\s*$` quadratic. A request that
 * reaches such a pattern can keep the server's only thread busy. Decided by redos-detector, which
 * proves a pattern safe by walking its backtracking paths (bounded: a pattern it cannot prove
 * safe within its bounds counts as unsafe). Patterns are read as the validators compile them: as
 * ECMAScript regular expressions without the `u` flag (emit/validators.ts, `unicodeRegExp: false`).
 */
import { isSafePattern } from "redos-detector";

/** Most time spent proving one pattern safe, ms; past it the pattern counts as unsafe. */
const timeLimit = 1000;

/** Why a pattern is not safe: backtracking found beyond the checker's bound, or no proof within its steps or time. */
export type PatternRisk = "backtracks" | "undecided";

const verdicts = new Map<string, PatternRisk | undefined>();

/**
 * undefined for a pattern proven safe (or one that does not compile, which the validators report
 * themselves); `"backtracks"` when redos-detector found backtracking paths beyond its bound,
 * `"undecided"` when it ran out of steps or time. Verdicts are kept per pattern text, so a pattern
 * repeated across a spec is checked once per process.
 */
export function patternRisk(pattern: string): PatternRisk | undefined {
  if (verdicts.has(pattern)) return verdicts.get(pattern);
  let risk: PatternRisk | undefined;
  try {
    new RegExp(pattern);
    const result = isSafePattern(pattern, { unicode: false, timeout: timeLimit });
    risk = result.safe ? undefined : result.error === "hitMaxScore" ? "backtracks" : "undecided";
  } catch {
    risk = undefined;
  }
  verdicts.set(pattern, risk);
  return risk;
}
