/**
 * serialise ∘ parse = identity for the shared wire rules (src/wire/parameter-styles.ts), without
 * HTTP, so each property can afford many more cases than the end-to-end round trips in
 * test/e2e/parameter-round-trips.test.ts (which also cover coercion, headers and cookies). Values
 * are strings here, since parsing stops before type coercion. The exclusions are the ones the
 * end-to-end test documents: values the specification itself calls ambiguous.
 *
 * Bounded: RUNS cases per property (default 500). Reproduce a failure with
 * `FC_SEED=<seed> npx vitest run test/property/parameter-styles.test.ts`; widen with `FC_RUNS`.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formDecode, parsePathParameter, parseQueryParameter, serialisePathParameter, serialiseQueryParameter, splitQuery,
  type ParameterShape, type RawParameterValue,
} from "../../src/wire/parameter-styles.js";

const runs = Number(process.env["FC_RUNS"] ?? 500);
const seed = process.env["FC_SEED"] !== undefined ? Number(process.env["FC_SEED"]) : undefined;
const options = { numRuns: runs, ...(seed !== undefined ? { seed } : {}) };

const unit = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(..."abXY09-_~.") },
  { weight: 3, arbitrary: fc.constantFrom(...":/?#[]@!$&'()*+,;=%| \"<>`{}^\\") },
  { weight: 1, arbitrary: fc.constantFrom("é", "中", "😀", "\u00a0") },
);
const text = fc.string({ unit, maxLength: 8 });

/** Values by shape; arrays and objects are non-empty and `[""]` is left out (RFC 6570 §2.3). */
function valuesOf(item: fc.Arbitrary<string>, key: fc.Arbitrary<string>): Record<ParameterShape, fc.Arbitrary<RawParameterValue>> {
  return {
    primitive: item,
    array: fc.array(item, { minLength: 1, maxLength: 4 }).filter((items) => !(items.length === 1 && items[0] === "")),
    object: fc.dictionary(key.filter((name) => name !== ""), item, { minKeys: 1, maxKeys: 4 }),
  };
}

const plain = (value: RawParameterValue | undefined): unknown => (value && typeof value === "object" && !Array.isArray(value) ? { ...value } : value);

describe("path styles: parsePathParameter(serialisePathParameter(v)) = v", () => {
  for (const style of ["simple", "label", "matrix"]) {
    for (const explode of [false, true]) {
      for (const shape of ["primitive", "array", "object"] as const) {
        it(`${style} explode=${explode} ${shape}`, () => {
          fc.assert(
            fc.property(valuesOf(text, text)[shape], (value) => {
              const segment = serialisePathParameter("color", value, style, explode);
              // The router never hands an empty segment to a primitive simple parameter.
              fc.pre(!(style === "simple" && shape === "primitive" && value === ""));
              expect(segment).not.toMatch(/[/?#]/);
              expect(plain(parsePathParameter(segment, "color", style, explode, shape))).toEqual(value);
            }),
            options,
          );
        });
      }
    }
  }
});

describe("query styles: parseQueryParameter(serialiseQueryParameter(v)) = v", () => {
  const combinations: [style: string, explode: boolean, shape: ParameterShape][] = [
    ["form", false, "primitive"], ["form", false, "array"], ["form", false, "object"],
    ["form", true, "primitive"], ["form", true, "array"], ["form", true, "object"],
    ["spaceDelimited", false, "array"], ["spaceDelimited", false, "object"],
    ["pipeDelimited", false, "array"], ["pipeDelimited", false, "object"],
    ["deepObject", true, "object"],
  ];
  for (const [style, explode, shape] of combinations) {
    for (const allowReserved of [false, true]) {
      it(`${style} explode=${explode} ${shape} allowReserved=${allowReserved}`, () => {
        const delimiter = style === "spaceDelimited" ? " " : style === "pipeDelimited" ? "|" : undefined;
        const item = delimiter ? text.filter((value) => !value.includes(delimiter)) : text;
        // An exploded form object's keys share the query with the parameter names.
        const key = item.filter((name) => name !== "color" && name !== "other");
        fc.assert(
          fc.property(valuesOf(item, key)[shape], text, (value, other) => {
            const query = [...serialiseQueryParameter("color", value, style, explode, allowReserved), ...serialiseQueryParameter("other", other, "form", true)].join("&");
            expect(query).not.toMatch(/#/);
            const pairs = splitQuery(query, 1000);
            for (const pair of pairs) pair[0] = formDecode(pair[0]);
            expect(plain(parseQueryParameter(pairs, "color", style, explode, shape, new Set(["color", "other"])))).toEqual(value);
            expect(parseQueryParameter(pairs, "other", "form", true, "primitive", new Set(["color", "other"]))).toBe(other);
          }),
          options,
        );
      });
    }
  }
});
