/**
 * Times generated validators on adversarial strings, in a process the caller can kill when one
 * validation runs away (a regular expression with exponential backtracking never returns):
 * `node test/soak/regex-child.ts <validators.cjs> <cases.json> <first index>`. For each case from
 * the first index it writes `start <index>`, then `{"index":…,"ms":…}` with the slowest of its
 * candidate strings (one validation each, in ms).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

/** One case: the validator export and the strings to validate. */
export interface RegexCase {
  label: string;
  validator: string;
  candidates: string[];
  /** The case comes from the example API (which must have no slow case). */
  example: boolean;
}

const [validatorsFile, casesFile, first] = process.argv.slice(2);
const validators = createRequire(import.meta.url)(validatorsFile!) as Record<string, (value: unknown) => boolean>;
const cases = JSON.parse(readFileSync(casesFile!, "utf8")) as RegexCase[];
for (let index = Number(first); index < cases.length; index++) {
  process.stdout.write(`start ${index}\n`);
  const validate = validators[cases[index]!.validator];
  let slowest = 0;
  for (const candidate of cases[index]!.candidates) {
    const started = performance.now();
    validate?.(candidate);
    slowest = Math.max(slowest, performance.now() - started);
  }
  process.stdout.write(`${JSON.stringify({ index, ms: validate ? slowest : -1 })}\n`);
}
