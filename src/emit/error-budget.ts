/**
 * Bounded work for validators that report every error (ajv `allErrors: true`), so a 422 can list
 * every invalid field at once (FastAPI does) without letting a hostile body cost unbounded time.
 *
 * ajv's security notes advise against `allErrors` on untrusted data, for two reasons this module
 * removes instead:
 * - Errors pile up with the data: 100,000 invalid array items give 100,000 errors, and where the
 *   items are checked by a shared (`$ref`) validator, every call copies the errors so far into a
 *   new array (ajv's `vErrors.concat`), which is quadratic in the number of invalid items
 *   (docs/benchmarks.md has the measured cost). Every loop of the data (`items`,
 *   `additionalProperties`, `patternProperties`, `unevaluatedItems`, `unevaluatedProperties`)
 *   now checks, once per element, whether its function has collected {@link maxCollectedErrors}
 *   errors, and stops there: the schema is failing whatever follows.
 * - Guards stop guarding: with `allErrors`, `pattern` runs on a string that already broke its
 *   `maxLength`, and `uniqueItems` (quadratic for objects) on an array past its `maxItems`. Such
 *   groups are checked first-error-first, so the guard's failure ends the group.
 *
 * Inside `anyOf`, `oneOf` and `contains` an error is provisional (another branch or item may
 * pass), so stopping there would be wrong; their branches are checked first-error-first instead
 * (one error per branch, as before), which keeps them bounded too. `not` and `if` already are,
 * and `propertyNames` (a loop over keys no element schema marks) is checked first-error-first.
 * One quadratic case is ajv's own and remains, as without `allErrors`: `contains` whose schema
 * calls a shared validator keeps each non-matching item's errors until the loop ends, and every
 * call copies them.
 *
 * Both are ajv user-defined keywords whose code is generated into the standalone module (nothing
 * at run time). They use ajv internals (a keyword context's `it.allErrors`, `it.compositeRule`,
 * `it.validateName`, the `errors`/`vErrors` names of generated code, and `subschema()` with
 * `allErrors: false`, as ajv's own `not` uses it): ajv is pinned to an exact version and
 * test/unit/ajv-internals.test.ts checks them.
 */
import { _, type CodeKeywordDefinition, type KeywordCxt } from "ajv/dist/2020.js";
import namesModule from "ajv/dist/compile/names.js";
import { maxValidationIssues } from "../wire/problem.js";
import type { JsonSchema } from "../model/ir.js";
import { mapSchema } from "../model/schemas.js";

// ajv ships CommonJS with `exports.default` (and `__esModule`): Node's ESM import gives the module
// object, loaders that honour `__esModule` (vitest's) give the default export itself.
const names = (namesModule as unknown as { default?: typeof namesModule.default }).default ?? (namesModule as unknown as typeof namesModule.default);

/** A validator function stops collecting errors at this many (the runtime reports at most {@link maxValidationIssues}). */
export const maxCollectedErrors = maxValidationIssues;

/** Marks a loop's element schema: stop once the function holds {@link maxCollectedErrors} errors. */
export const errorCapKeyword = "x-specwright-error-cap";

/** Wraps a subschema that is checked first-error-first (ajv `allErrors: false` inside it). */
export const firstErrorKeyword = "x-specwright-first-error";

/** Registers the two keywords on an ajv instance that compiles with `allErrors: true`. */
export function addErrorBudgetKeywords(ajv: { addKeyword(definition: CodeKeywordDefinition): unknown }): void {
  ajv.addKeyword({
    keyword: errorCapKeyword,
    schemaType: "boolean",
    code(context: KeywordCxt) {
      const { gen, it } = context;
      // First-error code stops at its first error anyway; inside a union an error is provisional.
      if (!it.allErrors || it.compositeRule) return;
      gen.if(_`${names.errors} >= ${maxCollectedErrors}`, () => {
        gen.assign(_`${it.validateName}.errors`, names.vErrors);
        gen.return(false);
      });
    },
  });
  ajv.addKeyword({
    keyword: firstErrorKeyword,
    schemaType: ["object", "boolean"],
    code(context: KeywordCxt) {
      const valid = context.gen.name("valid");
      // compositeRule: with allErrors off and outside a composite rule, ajv would return at the first
      // error and drop the errors collected before it; inside one it records the error and moves on.
      const inner = context.subschema({ keyword: firstErrorKeyword, compositeRule: true, allErrors: false }, valid);
      context.ok(valid);
      context.mergeEvaluated(inner);
    },
  });
}

type SchemaObject = { [keyword: string]: unknown };

/** Keywords whose value is the schema of every element of a loop over the data. */
const loopKeywords = ["items", "additionalProperties", "unevaluatedItems", "unevaluatedProperties"];

/** Keywords whose subschemas' errors are provisional. */
const provisionalKeywords = ["anyOf", "oneOf"];

/** Keyword groups where the first (a size limit) guards the others (costly on large input). */
const guardedGroups = [
  { guard: "maxLength", guarded: ["pattern", "format"] },
  { guard: "maxItems", guarded: ["uniqueItems"] },
];

function isObject(value: unknown): value is SchemaObject {
  return !!value && typeof value === "object" && !Array.isArray(value);
}

/** Whether a subschema can fail at all (`true` and `{}` cannot). */
function canFail(schema: unknown): boolean {
  return schema === false || (isObject(schema) && Object.keys(schema).length > 0);
}

const capped = (schema: unknown): unknown => (isObject(schema) && canFail(schema) ? { ...schema, [errorCapKeyword]: true } : schema);
const firstError = (schema: unknown): unknown => (canFail(schema) ? { [firstErrorKeyword]: schema } : schema);

/**
 * A schema rewritten for bounded error collection (see the module comment): loop element schemas
 * get the error cap; `anyOf` branches, `oneOf` branches (unless ajv's discriminator picks one),
 * `contains`, `propertyNames` and guarded keyword groups are wrapped first-error-first. Validation is unchanged:
 * the same data is valid, and the errors are a subset of what plain `allErrors` reports.
 */
export function withErrorBudget(schema: JsonSchema): JsonSchema {
  return mapSchema(schema, (node) => {
    const result: SchemaObject = { ...node };
    for (const keyword of loopKeywords) if (keyword in result) result[keyword] = capped(result[keyword]);
    if (isObject(result["patternProperties"])) {
      result["patternProperties"] = Object.fromEntries(Object.entries(result["patternProperties"]).map(([pattern, item]) => [pattern, capped(item)]));
    }
    for (const keyword of provisionalKeywords) {
      // ajv's discriminator reads each oneOf branch's `properties` and checks only the chosen one.
      if (keyword === "oneOf" && result["discriminator"] !== undefined) continue;
      if (Array.isArray(result[keyword])) result[keyword] = (result[keyword] as unknown[]).map(firstError);
    }
    if ("contains" in result) result["contains"] = firstError(result["contains"]);
    const grouped: SchemaObject = {};
    // Property names are checked in a loop that no element schema marks: first-error, as before.
    if ("propertyNames" in result && canFail(result["propertyNames"])) {
      grouped["propertyNames"] = result["propertyNames"];
      delete result["propertyNames"];
    }
    for (const { guard, guarded } of guardedGroups) {
      if (!(guard in result) || !guarded.some((keyword) => keyword in result)) continue;
      for (const keyword of [guard, ...guarded]) {
        if (!(keyword in result)) continue;
        grouped[keyword] = result[keyword];
        delete result[keyword];
      }
    }
    if (Object.keys(grouped).length > 0) result[firstErrorKeyword] = grouped;
    return result;
  });
}
