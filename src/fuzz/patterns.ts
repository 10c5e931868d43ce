/**
 * Spec patterns are ECMA-262 regular expressions (JSON Schema Validation 2020-12 §6.3.3). Many are
 * written for engines without Unicode mode and escape characters that need no escape (`\:`,
 * `\_`), which Unicode mode (the `u` flag, required by the JSON Schema library the oracle uses and
 * by fast-check's generator) refuses. This rewrites such identity escapes to the plain character,
 * which matches the same strings.
 */

/** Characters a backslash may precede in Unicode mode (ECMA-262 §22.2.1 SyntaxCharacter, `/`, `-`, class escapes and control escapes). */
const escapable = new Set([..."^$\\.*+?()[]{}|/-", ..."dDwWsSbBnrtfv0123456789cxuk", "p", "P"]);

/** The pattern with identity escapes Unicode mode refuses made plain; the pattern itself when it is valid already. */
export function unicodePattern(pattern: string): string {
  if (isValid(pattern)) return pattern;
  let result = "";
  for (let index = 0; index < pattern.length; index++) {
    const character = pattern[index]!;
    if (character === "\\" && index + 1 < pattern.length) {
      const next = pattern[index + 1]!;
      result += escapable.has(next) ? character + next : next;
      index += 1;
    } else result += character;
  }
  return result;
}

/** Whether a pattern compiles in Unicode mode. */
export function isValid(pattern: string): boolean {
  try {
    new RegExp(pattern, "u");
    return true;
  } catch {
    return false;
  }
}
