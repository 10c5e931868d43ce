/**
 * Spec patterns are ECMA-262 regular expressions (JSON Schema Validation 2020-12 §6.3.3). Many are
 * written for engines without Unicode mode and escape characters that need no escape (`\:`,
 * `\_`), which Unicode mode (the `u` flag, required by the JSON Schema library the oracle uses and
 * by fast-check's generator) refuses, or write literal braces unescaped. This rewrites identity
 * escapes to the plain character and escapes literal braces, which matches the same strings.
 */

/** Characters a backslash may precede in Unicode mode (ECMA-262 §22.2.1 SyntaxCharacter, `/`, `-`, class escapes and control escapes). */
const escapable = new Set([..."^$\\.*+?()[]{}|/-", ..."dDwWsSbBnrtfv0123456789cxuk", "p", "P"]);

/** The pattern with identity escapes Unicode mode refuses made plain; the pattern itself when it is valid already. */
export function unicodePattern(pattern: string): string {
  if (isValid(pattern)) return pattern;
  let result = "";
  let inClass = false;
  let quantifierOpen = false;
  for (let index = 0; index < pattern.length; index++) {
    const character = pattern[index]!;
    if (character === "\\" && index + 1 < pattern.length) {
      const next = pattern[index + 1]!;
      result += escapable.has(next) ? character + next : next;
      index += 1;
    } else if (character === "[" && !inClass) {
      inClass = true;
      result += character;
    } else if (character === "]" && inClass) {
      inClass = false;
      result += character;
    } else if (character === "{" && !inClass) {
      // A brace that does not start a quantifier (`{4}`, `{2,}`, `{1,3}`) is a literal brace,
      // which Unicode mode wants escaped (Annex B reads it literally).
      quantifierOpen = /^\{[0-9]+(?:,[0-9]*)?\}/.test(pattern.slice(index));
      result += quantifierOpen ? character : "\\{";
    } else if (character === "}" && !inClass) {
      result += quantifierOpen ? character : "\\}";
      quantifierOpen = false;
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
