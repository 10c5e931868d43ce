import { escapePointerSegment } from "../wire/json-pointer.js";
import type { ChangeLog, DiffSide } from "./change-log.js";
import type { IndexedOperation, OperationPair } from "./operations.js";
import type { OperationRuleId } from "./rules.js";

type SpecObject = Record<string, unknown>;
/** One Security Requirement Object: scheme name → scopes (every scheme must pass, OpenAPI 3.1 §4.8.30). */
type Requirement = Map<string, Set<string>>;

/**
 * The security an operation applies (OpenAPI 3.1 §4.8.10: its own `security`, else the
 * document's), as alternatives (OR) of requirements (AND), and where it is written. An empty list,
 * or an empty requirement among the alternatives, means no credentials are needed.
 */
function securityOf(document: SpecObject, operation: IndexedOperation): { alternatives: Requirement[]; pointer: string; inherited: boolean } {
  const own = operation.operation["security"];
  const inherited = own === undefined;
  const raw = inherited ? document["security"] : own;
  const alternatives = (Array.isArray(raw) ? raw : []).map((requirement: unknown) =>
    new Map(Object.entries((requirement ?? {}) as Record<string, unknown>).map(([scheme, scopes]) => [scheme, new Set(Array.isArray(scopes) ? scopes.map(String) : [])])),
  );
  return { alternatives, pointer: inherited ? "#/security" : `${operation.pointer}/security`, inherited };
}

/** Whether a client that satisfies `held` also satisfies `needed`: every scheme of `needed`, with every scope. */
function satisfies(held: Requirement, needed: Requirement): boolean {
  for (const [scheme, scopes] of needed) {
    const have = held.get(scheme);
    if (!have) return false;
    for (const scope of scopes) if (!have.has(scope)) return false;
  }
  return true;
}

/**
 * Compares the security of two versions of an operation. A change is breaking for clients when
 * some set of credentials that satisfied the old requirements satisfies none of the new ones (an
 * operation that was public now needs credentials, an alternative or scope was dropped or
 * added); otherwise it is info. Changes the document's default security causes are reported
 * once, as `api-global-security-…`, with every operation that inherits it.
 */
export function compareSecurity(pair: OperationPair, old: DiffSide, current: DiffSide, log: ChangeLog): void {
  const before = securityOf(old.document, pair.old);
  const after = securityOf(current.document, pair.new);
  const oldAlternatives = before.alternatives.length > 0 ? before.alternatives : [new Map()];
  const newAlternatives = after.alternatives.length > 0 ? after.alternatives : [new Map()];
  const clientsBreak = oldAlternatives.some((held) => !newAlternatives.some((needed) => satisfies(held, needed)));
  const global = before.inherited && after.inherited;
  const id = (local: "api-security-added" | "api-security-removed" | "api-security-scope-added" | "api-security-scope-removed"): OperationRuleId =>
    (global ? local.replace("api-security", "api-global-security") : local) as OperationRuleId;
  const add = (rule: Parameters<typeof id>[0], message: string): void =>
    log.add(pair.scope, { id: id(rule), message, direction: "none", oldPointer: before.pointer, newPointer: after.pointer, clients: clientsBreak ? "breaking" : "info" });
  const schemesOf = (alternatives: Requirement[]): Map<string, Set<string>> => {
    const schemes = new Map<string, Set<string>>();
    for (const requirement of alternatives) {
      for (const [scheme, scopes] of requirement) {
        const known = schemes.get(scheme) ?? new Set<string>();
        for (const scope of scopes) known.add(scope);
        schemes.set(scheme, known);
      }
    }
    return schemes;
  };
  const schemesBefore = schemesOf(before.alternatives);
  const schemesAfter = schemesOf(after.alternatives);
  const where = global ? "the document's default security" : "the operation's security";
  const wasPublic = oldAlternatives.some((requirement) => requirement.size === 0);
  const isPublic = newAlternatives.some((requirement) => requirement.size === 0);
  for (const [scheme, scopes] of schemesAfter) {
    const had = schemesBefore.get(scheme);
    if (!had) add("api-security-added", `the security scheme ${scheme} was added to ${where}${wasPublic && !isPublic ? " (credentials are now required)" : ""}`);
    else for (const scope of scopes) if (!had.has(scope)) add("api-security-scope-added", `the scope ${scope} was added to the security scheme ${scheme} in ${where}`);
  }
  for (const [scheme, scopes] of schemesBefore) {
    const has = schemesAfter.get(scheme);
    if (!has) add("api-security-removed", `the security scheme ${scheme} was removed from ${where}${isPublic && !wasPublic ? " (no credentials are required any more)" : ""}`);
    else for (const scope of scopes) if (!has.has(scope)) add("api-security-scope-removed", `the scope ${scope} was removed from the security scheme ${scheme} in ${where}`);
  }
  if (isPublic && !wasPublic && schemesAfter.size > 0 && [...schemesBefore.keys()].every((scheme) => schemesAfter.has(scheme))) {
    add("api-security-removed", `an empty requirement was added to ${where}: credentials became optional`);
  }
  if (wasPublic && !isPublic && schemesBefore.size > 0 && [...schemesAfter.keys()].every((scheme) => schemesBefore.has(scheme))) {
    add("api-security-added", `the empty requirement was removed from ${where}: credentials became required`);
  }
}

/**
 * Compares the Security Scheme Objects both documents define (OpenAPI 3.1 §4.8.27): a changed
 * `type`, HTTP `scheme`, or API key `in`/`name` means clients send credentials where servers no
 * longer read them. Reported once per scheme, with the operations of the new document that use it.
 */
export function compareSecuritySchemes(old: DiffSide, current: DiffSide, log: ChangeLog, operationsUsing: (scheme: string) => string[]): void {
  const schemesOf = (document: SpecObject): Record<string, SpecObject> =>
    ((document["components"] as SpecObject | undefined)?.["securitySchemes"] ?? {}) as Record<string, SpecObject>;
  const before = schemesOf(old.document);
  const after = schemesOf(current.document);
  for (const [name, was] of Object.entries(before)) {
    const is = after[name];
    if (!is || !was || typeof was !== "object" || typeof is !== "object") continue;
    const describe = (scheme: SpecObject): string =>
      scheme["type"] === "apiKey" ? `apiKey in ${String(scheme["in"])} ${String(scheme["name"])}` : scheme["type"] === "http" ? `http ${String(scheme["scheme"]).toLowerCase()}` : String(scheme["type"]);
    if (describe(was) === describe(is)) continue;
    const pointer = `#/components/securitySchemes/${escapePointerSegment(name)}`;
    const operations = operationsUsing(name);
    // An empty operation key records a change no operation uses (ChangeLog.finish leaves it out).
    for (const operation of operations.length > 0 ? operations : [""]) {
      log.add({ operation }, { id: "api-security-component-type-changed", message: `the security scheme ${name} changed from ${describe(was)} to ${describe(is)}`, direction: "none", oldPointer: pointer, newPointer: pointer });
    }
  }
}
