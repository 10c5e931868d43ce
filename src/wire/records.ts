/**
 * Records keyed by names that come from requests or specs (parameter and property names), which
 * may be `__proto__`, `constructor` or `toString`. Browser-safe.
 */

/**
 * The constructor behind {@link createRecord}: its prototype has no prototype itself, so nothing
 * is inherited (no `__proto__` accessor, no `constructor`, no `toString`), and assigning
 * `record["__proto__"]` creates an own property as with any other name.
 */
function NameRecord(): void {}
NameRecord.prototype = Object.create(null) as object;

/**
 * An empty record that inherits nothing, for request-controlled keys. Same safety as
 * `Object.create(null)`, but V8 keeps it a fast-mode object (hidden classes, inline caches)
 * instead of a hash table: about five times cheaper to fill and to read, which the runtime
 * does for every parameter of every request.
 */
export function createRecord<Value>(): Record<string, Value> {
  return new (NameRecord as unknown as new () => Record<string, Value>)();
}
