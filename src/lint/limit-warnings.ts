import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { lintRules, type LintRule } from "./lint-settings.js";

/**
 * Keeps the first `perRule` lint warnings of each rule for printing and says how many of each were
 * left out, so a terminal shows a sample, not a thousand code frames; every other diagnostic is
 * kept. The result of `generate` still holds every warning.
 * Returns the diagnostics to print and one line per rule that had more, naming how to silence it.
 */
export function limitLintWarnings(diagnostics: readonly Diagnostic[], perRule = 10): { shown: Diagnostic[]; omitted: string[] } {
  const ruleOf = new Map<string, LintRule>(Object.entries(lintRules).map(([rule, { code }]) => [code, rule as LintRule]));
  const counts = new Map<LintRule, number>();
  const shown = diagnostics.filter((diagnostic) => {
    const rule = ruleOf.get(diagnostic.code);
    if (!rule) return true;
    counts.set(rule, (counts.get(rule) ?? 0) + 1);
    return counts.get(rule)! <= perRule;
  });
  const omitted = [...counts]
    .filter(([, count]) => count > perRule)
    .map(([rule, count]) => `… and ${count - perRule} more ${lintRules[rule].code} warnings (lint rule ${rule}; silence it with --lint ${rule}=off, docs/lint.md)`);
  return { shown, omitted };
}
