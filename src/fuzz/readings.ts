/**
 * The values a text on the wire can stand for. A parameter, form field or header carries text
 * only, which a server may read as a string, a number, a boolean or null (OpenAPI 3.1 §4.8.12.4
 * leaves the typing to the schema). The fuzzer calls a wire value valid when any reading is valid
 * and invalid only when none is, so a negative case never rests on one server's coercion rules.
 */

/** The readings of one text: itself, and the JSON number, boolean or null it spells. */
export function readingsOf(text: string): unknown[] {
  const readings: unknown[] = [text];
  if (/^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/.test(text)) readings.push(Number(text));
  if (text === "true") readings.push(true);
  if (text === "false") readings.push(false);
  if (text === "null" || text === "") readings.push(null);
  return readings;
}

/** At most this many combinations of item readings are tried before a value counts as valid. */
const maxCombinations = 256;

/**
 * Whether some reading of `value` as it travels in text (each primitive replaced by one of its
 * readings; arrays and objects keep their shape) satisfies `isValid`. Gives true, the cautious
 * answer, when there are too many combinations to try.
 */
export function someReadingIsValid(value: unknown, isValid: (candidate: unknown) => boolean): boolean {
  const options = readingOptions(value);
  if (options.length > maxCombinations) return true;
  return options.some(isValid);
}

function readingOptions(value: unknown): unknown[] {
  if (value === undefined) return [undefined];
  if (Array.isArray(value)) {
    let combinations: unknown[][] = [[]];
    for (const item of value) {
      const next: unknown[][] = [];
      for (const reading of readingOptions(item)) for (const prefix of combinations) next.push([...prefix, reading]);
      combinations = next;
      if (combinations.length > maxCombinations) return new Array(maxCombinations + 1);
    }
    return combinations;
  }
  if (value !== null && typeof value === "object") {
    let combinations: Record<string, unknown>[] = [{}];
    for (const [key, item] of Object.entries(value)) {
      const next: Record<string, unknown>[] = [];
      for (const reading of readingOptions(item)) for (const prefix of combinations) next.push({ ...prefix, [key]: reading });
      combinations = next;
      if (combinations.length > maxCombinations) return new Array(maxCombinations + 1);
    }
    return combinations;
  }
  return readingsOf(value === null ? "null" : String(value));
}
