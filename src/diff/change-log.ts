import type { SourcePosition } from "../load/source-map.js";
import { parsePointer, formatPointer } from "../wire/json-pointer.js";
import { compareChanges, type Change, type ChangeLocation, type Direction, type Severity } from "./change.js";
import { severitiesOf } from "./rules.js";
import type { DocumentNodes } from "./schema-view.js";

/** One of the two documents being compared. */
export interface DiffSide {
  /** The spec path as given. */
  file: string;
  /** The bundled document (every `$ref` internal). */
  document: Record<string, unknown>;
  /** Its nodes by pointer. */
  nodes: DocumentNodes;
  /** Positions of pointers in the spec file, or in the file a `$ref` reached (load/source-map.ts). */
  locate(pointer: string): SourcePosition | undefined;
}

/**
 * The comparison of one pair of referenced schemas (old target, new target), made once per
 * direction and place however many operations reach it. `parents` are what reached it: operation
 * keys (`GET /books`) or enclosing comparisons, so the operations a change affects are found by
 * walking up when the diff is finished.
 */
export class ReferencedComparison {
  readonly parents = new Set<ReferencedComparison | string>();
  /** `component` is the referenced schema's pointer in the new document. */
  constructor(readonly component: string) {}
}

/** What a change is found within: the operation being compared and, inside a `$ref`, the referenced comparison. */
export interface Scope {
  /** `GET /books`; empty for a change outside every operation (a security scheme no operation uses). */
  operation: string;
  referenced?: ReferencedComparison;
}

/** A change as a rule reports it; severities default to the rule's (rules.ts). */
export interface ReportedChange {
  id: string;
  message: string;
  direction: Direction;
  oldPointer: string;
  newPointer: string;
  clients?: Severity;
  servers?: Severity;
}

interface Pending {
  change: ReportedChange;
  clients: Severity;
  servers: Severity;
  owners: Set<ReferencedComparison | string>;
  component?: string;
}

/**
 * Collects changes as the comparison finds them. The same change found again (the same rule at the
 * same pointers with the same message, as a shared schema reached from several operations) is
 * kept once, with every operation that reached it.
 */
export class ChangeLog {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly old: DiffSide, private readonly current: DiffSide) {}

  /** Records a change found in `scope`. Throws on an id that is not in the rule table (a bug). */
  add(scope: Scope, change: ReportedChange): void {
    const key = `${change.id}\u0000${change.oldPointer}\u0000${change.newPointer}\u0000${change.message}`;
    const existing = this.pending.get(key);
    const owner = scope.referenced ?? scope.operation;
    if (existing) {
      existing.owners.add(owner);
      return;
    }
    const defaults = severitiesOf(change.id);
    if (!defaults) throw new Error(`specwright diff: ${change.id} is not a rule`);
    this.pending.set(key, {
      change,
      clients: change.clients ?? defaults.clients,
      servers: change.servers ?? defaults.servers,
      owners: new Set([owner]),
      ...(scope.referenced ? { component: scope.referenced.component } : {}),
    });
  }

  /**
   * The changes, each with the operations it affects (ordered by `operationOrder`) and both
   * locations resolved to file, line and column, sorted by {@link compareChanges}.
   */
  finish(operationOrder: readonly string[]): Change[] {
    const order = new Map(operationOrder.map((operation, index) => [operation, index]));
    const reachable = new Map<ReferencedComparison, Set<string>>();
    const operationsOf = (comparison: ReferencedComparison): Set<string> => {
      const known = reachable.get(comparison);
      if (known) return known;
      const found = new Set<string>();
      const seen = new Set<ReferencedComparison>([comparison]);
      const stack = [comparison];
      while (stack.length > 0) {
        for (const parent of stack.pop()!.parents) {
          if (typeof parent === "string") found.add(parent);
          else if (!seen.has(parent)) {
            seen.add(parent);
            stack.push(parent);
          }
        }
      }
      reachable.set(comparison, found);
      return found;
    };
    const changes = [...this.pending.values()].map(({ change, clients, servers, owners, component }): Change => {
      const operations = new Set<string>();
      for (const owner of owners) {
        if (typeof owner === "string") {
          if (owner !== "") operations.add(owner);
        } else for (const operation of operationsOf(owner)) operations.add(operation);
      }
      return {
        id: change.id,
        clients,
        servers,
        direction: change.direction,
        message: change.message,
        operations: [...operations].sort((a, b) => (order.get(a) ?? Infinity) - (order.get(b) ?? Infinity) || (a < b ? -1 : a > b ? 1 : 0)),
        ...(component ? { component } : {}),
        old: locationIn(this.old, change.oldPointer),
        new: locationIn(this.current, change.newPointer),
      };
    });
    return changes.sort(compareChanges);
  }
}

/**
 * The location of `pointer` in a side: its nearest existing ancestor's pointer, file, line and
 * column; the file is the one the node was written in (another file a `$ref` reached, or the spec).
 */
function locationIn(side: DiffSide, pointer: string): ChangeLocation {
  const existing = existingAncestor(side.document, pointer);
  const position = side.locate(existing);
  return { file: position?.file ?? side.file, pointer: existing, ...(position ? { line: position.line, column: position.column } : {}) };
}

/** `pointer` itself when it exists in `document`, else its deepest existing ancestor (`#` at worst). */
export function existingAncestor(document: unknown, pointer: string): string {
  const segments = parsePointer(pointer);
  let node: unknown = document;
  let depth = 0;
  for (const segment of segments) {
    if (!node || typeof node !== "object" || !Object.hasOwn(node, segment)) break;
    node = (node as Record<string, unknown>)[segment];
    depth += 1;
  }
  return depth === segments.length ? pointer : formatPointer(segments.slice(0, depth));
}
