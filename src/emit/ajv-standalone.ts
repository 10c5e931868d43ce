/**
 * What specwright changes in ajv's standalone output, by changing what ajv's code generator and
 * standalone builder are given (never by editing the text they write): error objects without
 * `schemaPath`, schema constants cut down to what the code reads, and the names of the compiled
 * functions for export aliases. On GitHub's spec the first two take validators.cjs from 5.6 MB
 * to 4.8 MB. Used by validators.ts only. These are ajv internals (CodeGen#object, a validator's
 * `source.validateName` and `source.scopeValues`), so ajv is pinned to an exact version in
 * package.json, and test/unit/ajv-internals.test.ts fails when a release changes them.
 */
import { CodeGen, stringify } from "ajv/dist/2020.js";

/**
 * Makes ajv's code generator leave `schemaPath` out of the error objects it writes, until the
 * returned function is called (call it in a `finally`). The runtime reads `instancePath`,
 * `keyword` and `params` only, and validators.d.cts never declared `schemaPath`; it was 0.35 MB of
 * GitHub's validators (`schemaPath:"#/properties/…/type"` in each of their 9,000 error objects),
 * and ajv has no option for it. ajv builds every error object with `CodeGen#object`
 * (lib/compile/errors.ts), its only other caller being the context object of a validator call,
 * whose keys are ajv's own names; the key is ajv's `Name` for `schemaPath`, never spec text. The
 * compile is synchronous, so no other ajv user in this process runs while the method is replaced.
 */
export function leaveOutSchemaPaths(): () => void {
  type KeyValue = [{ toString(): string }, unknown];
  const prototype = CodeGen.prototype as unknown as { object: (this: unknown, ...keyValues: KeyValue[]) => unknown };
  const object = prototype.object;
  prototype.object = function (this: unknown, ...keyValues: KeyValue[]) {
    return object.apply(this, keyValues.filter(([key]) => key.toString() !== "schemaPath"));
  };
  return () => {
    prototype.object = object;
  };
}

/**
 * The name ajv's standalone code gives a compiled validator's function (`validate12`). Throws when
 * the validator has no such name, which would be an ajv change this emitter does not know.
 */
export function validatorFunctionName(validate: unknown): string {
  const name = String((validate as { source?: { validateName?: unknown } } | undefined)?.source?.validateName);
  if (!/^validate\d+$/.test(name)) throw new Error(`unexpected ajv validator name ${JSON.stringify(name)}`);
  return name;
}

/** A name in ajv's generated code with the value it stands for (ajv's `ValueScopeName`). */
interface ScopeName {
  str: string;
  value?: { ref?: unknown; code?: unknown };
}

/** What ajv keeps of a compiled validator for its standalone builder (ajv's `SourceCode`). */
interface StandaloneSource {
  validateCode: string;
  scopeValues: { [prefix: string]: Set<ScopeName> | undefined };
}

/** The parts of a schema constant that generated code reads: `true` for all of it. */
type ReadParts = true | Map<string, ReadParts>;

/** One static step of a property chain as ajv's codegen writes it: `.name`, `[0]` or `["a-b"]`. */
const chainStep = /^(?:\.([A-Za-z_$][\w$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\])/;

/**
 * Adds to `read` the property chain that follows a constant's name at `code[from]`; what the
 * chain ends on (a value passed on, indexed dynamically, iterated) is read whole. Returns `true`
 * when the constant itself is used without a chain.
 */
function markRead(read: Map<string, ReadParts>, code: string, from: number): ReadParts {
  let parts = read;
  let parent: Map<string, ReadParts> | undefined;
  let key = "";
  let rest = code.slice(from, from + 1000);
  for (let step = chainStep.exec(rest); step !== null; step = chainStep.exec(rest)) {
    key = step[1] ?? step[2] ?? (JSON.parse(step[3]!) as string);
    const next = parts.get(key);
    if (next === true) return read;
    parent = parts;
    parts = next ?? new Map();
    parent.set(key, parts);
    rest = rest.slice(step[0].length);
  }
  if (!parent) return true;
  parent.set(key, true);
  return read;
}

/** The parts of `value` that `read` names, keys in their original order; arrays keep their length. */
function pickRead(value: unknown, read: ReadParts): unknown {
  if (read === true || value === null || typeof value !== "object") return value;
  const own = (key: string) => Object.hasOwn(value, key);
  // A step that is not an own key (`.length` of an array, say) means the code uses the whole value.
  for (const key of read.keys()) if (!own(key)) return value;
  if (Array.isArray(value)) return value.map((item, index) => (read.has(String(index)) ? pickRead(item, read.get(String(index))!) : null));
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (read.has(key)) result[key] = pickRead(item, read.get(key)!);
  return result;
}

/**
 * Shrinks the schema constants of the compiled validators that `roots` reach, before ajv's
 * standalone builder writes them out. ajv registers each function's whole schema as a constant
 * (`const schema610 = {…}`) and writes every registered one, read or not, although the code reads
 * at most a few parts of it (`schema546.properties.alt_domain.type`, an array `type` or an `enum`
 * for an error's params). A constant no function names is dropped; one only read through static
 * property chains keeps just those parts (arrays keep their length, unread items become null);
 * one used in any other way is kept whole. On GitHub's spec this saves 0.53 MB of validators.cjs
 * (870 of 1,475 constants were never read). Mutates ajv's per-function source records; call it after compiling.
 */
export function trimSchemaConstants(roots: Iterable<unknown>): void {
  const visited = new Set<unknown>();
  const queue = [...roots];
  const reads = new Map<ScopeName, ReadParts>();
  while (queue.length > 0) {
    const validate = queue.pop();
    if (typeof validate !== "function" || visited.has(validate)) continue;
    visited.add(validate);
    const source = (validate as { source?: StandaloneSource }).source;
    if (!source) continue;
    for (const name of source.scopeValues["validate"] ?? []) queue.push(name.value?.ref);
    const constants = source.scopeValues["schema"];
    if (!constants) continue;
    const byName = new Map([...constants].map((name) => [name.str, name]));
    const used = new Set<ScopeName>();
    for (const match of source.validateCode.matchAll(/\bschema\d+\b/g)) {
      const name = byName.get(match[0]);
      if (!name) continue;
      used.add(name);
      const read = reads.get(name) ?? new Map<string, ReadParts>();
      reads.set(name, read === true ? true : markRead(read, source.validateCode, match.index + match[0].length));
    }
    for (const name of constants) if (!used.has(name)) constants.delete(name);
  }
  for (const [name, read] of reads) {
    if (read !== true && name.value && "ref" in name.value) name.value.code = stringify(pickRead(name.value.ref, read));
  }
}
