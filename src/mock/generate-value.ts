/**
 * Values generated from a schema for mock responses, with the fuzzer's generator (fast-check
 * arbitraries, src/fuzz/arbitraries.ts) and judged by its oracle (src/fuzz/oracle.ts): the same
 * key always gives the same value, so a mock answers the same way on every run and the MSW
 * output is the same on every generate.
 */
import fc from "fast-check";
import type { ApiModel, JsonSchema } from "../model/ir.js";
import { createGenerationContext, unsatisfiable, type GenerationContext, type TextChannel } from "../fuzz/arbitraries.js";
import { valueArbitrary } from "../fuzz/arbitraries.js";
import { operationSeed } from "../fuzz/fuzz.js";
import { createOracle, type Oracle } from "../fuzz/oracle.js";

/** Candidates drawn per attempt before the generator settles for an unchecked one. */
const candidatesPerAttempt = 12;

/** Generates response values for one model; holds the model's oracle and arbitraries (nothing at module scope). */
export interface ValueGenerator {
  /**
   * A value for `schema` (found in the document at `pointer`, a JSON pointer such as
   * `#/paths/~1books/get/responses/200/content/application~1json/schema`), on the response side
   * (`writeOnly` properties left out, OpenAPI 3.1 §4.8.24.4). The schema's own examples and
   * defaults are taken where it has them, at any depth (after `$ref`s too), unless `dynamic`.
   * `key` names the value (operation, status, media type) and seeds it: the same key gives the
   * same value. The first candidate the oracle confirms is returned; when none is confirmed (a
   * schema the generator cannot aim at, examples that break their schema), the first candidate
   * generated, or null. Never throws.
   */
  generate(schema: JsonSchema, pointer: string, key: string, options?: { channel?: TextChannel; dynamic?: boolean }): unknown;
  /** Whether `value` satisfies the schema at `pointer` on that side (the fuzzer's oracle). */
  isValid(pointer: string, side: "request" | "response", value: unknown): boolean;
}

/** Creates the {@link ValueGenerator} of a model. `seed` varies every value at once (default 0). */
export function createValueGenerator(model: ApiModel, seed = 0): ValueGenerator {
  let oracle: Oracle | undefined;
  const resolve = (ref: string): JsonSchema | undefined => model.referencedSchemas[ref];
  const withExamples: GenerationContext = { ...createGenerationContext(resolve, "response"), preferExamples: true, readableText: true };
  const generated: GenerationContext = { ...createGenerationContext(resolve, "response"), readableText: true };
  return {
    isValid(pointer, side, value) {
      oracle ??= createOracle(model.document, model.dialect);
      return oracle.isValid(pointer, side, value);
    },
    generate(schema, pointer, key, options = {}) {
      oracle ??= createOracle(model.document, model.dialect);
      const channel = options.channel ?? "body";
      let fallback: unknown;
      for (const context of options.dynamic ? [generated] : [withExamples, generated]) {
        let candidates: unknown[];
        try {
          candidates = fc.sample(valueArbitrary(schema, context, channel), { seed: operationSeed(seed, key), numRuns: candidatesPerAttempt });
        } catch {
          continue;
        }
        for (const candidate of candidates) {
          if (containsUnsatisfiable(candidate)) continue;
          const value = asJson(candidate);
          if (oracle.isValid(pointer, "response", value)) return value;
          fallback ??= value;
        }
      }
      return fallback ?? null;
    },
  };
}

/** Whether a generated value holds the marker of a schema branch that produced nothing. */
function containsUnsatisfiable(value: unknown, depth = 0): boolean {
  if (value === unsatisfiable) return true;
  if (!value || typeof value !== "object" || depth > 64) return false;
  return Object.values(value).some((item) => containsUnsatisfiable(item, depth + 1));
}

/** A value as JSON carries it: `undefined` members dropped, `-0` as 0; null when JSON has no text for it. */
function asJson(value: unknown): unknown {
  const text = JSON.stringify(value);
  return text === undefined ? null : JSON.parse(text);
}
