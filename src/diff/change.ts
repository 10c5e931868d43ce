/**
 * The data `specwright diff` produces: one {@link Change} per difference between two versions of a
 * contract that can affect the programs on either end of it, with a severity for each end.
 */

/**
 * How a change affects one end of the contract, in oasdiff's three levels: `breaking` (ERR: a
 * program written against the old contract can stop working), `warning` (WARN: it may, the
 * documents do not say enough to decide) and `info` (INFO: it keeps working).
 */
export type Severity = "breaking" | "warning" | "info";

/** Which way the changed data travels: in requests (client → server), responses, or neither (an operation, its security). */
export type Direction = "request" | "response" | "none";

/** Where a change is in one of the two documents. */
export interface ChangeLocation {
  /** The spec path as given on the command line. */
  file: string;
  /**
   * JSON pointer (RFC 6901, URI-fragment form) of the changed node in this document; for something
   * that does not exist on this side (a removed operation, in the new document), the pointer of
   * its nearest existing ancestor.
   */
  pointer: string;
  /** 1-based line and column of the pointer in the file, when known. */
  line?: number;
  column?: number;
}

/** One difference between the old and the new document. */
export interface Change {
  /** The rule that found it, in oasdiff's vocabulary (`request-parameter-became-required`); see docs/diff.md. */
  id: string;
  /** How the change affects clients: programs that call the API as the old document describes it. */
  clients: Severity;
  /** How the change affects servers: implementations of the old document, now serving the new one. */
  servers: Severity;
  direction: Direction;
  /** One sentence: what changed, naming the parameter, property or status and the old and new values. */
  message: string;
  /**
   * The operations the change affects, as `METHOD /path/template` (the new document's template),
   * in document order. A change in a shared component schema lists every operation that reaches it.
   */
  operations: string[];
  /** For a change inside a referenced schema, that schema's pointer in the new document (`#/components/schemas/Book`). */
  component?: string;
  old: ChangeLocation;
  new: ChangeLocation;
}

/** Counts of changes per severity, for one end of the contract. */
export interface SeverityCounts {
  breaking: number;
  warning: number;
  info: number;
}

/** What `diffSpecs` found. */
export interface DiffResult {
  old: { file: string; title: string; version: string };
  new: { file: string; title: string; version: string };
  /** Every change, ordered by the most severe end (breaking first), then by location in the new document. */
  changes: Change[];
  /** How many changes are breaking, warnings or info for clients and for servers. */
  summary: { clients: SeverityCounts; servers: SeverityCounts };
}

const rank: Record<Severity, number> = { breaking: 0, warning: 1, info: 2 };

/** The more severe of two severities. */
export function worst(a: Severity, b: Severity): Severity {
  return rank[a] <= rank[b] ? a : b;
}

/** Whether `severity` is at least as severe as `threshold` (`breaking` ≥ `warning` ≥ `info`). */
export function atLeast(severity: Severity, threshold: Severity): boolean {
  return rank[severity] <= rank[threshold];
}

/** Orders changes: most severe end first, then by line in the new document, then by rule id (code-unit order). */
export function compareChanges(a: Change, b: Change): number {
  const severity = rank[worst(a.clients, a.servers)] - rank[worst(b.clients, b.servers)];
  if (severity !== 0) return severity;
  const line = (a.new.line ?? Number.MAX_SAFE_INTEGER) - (b.new.line ?? Number.MAX_SAFE_INTEGER);
  if (line !== 0) return line;
  const column = (a.new.column ?? 0) - (b.new.column ?? 0);
  if (column !== 0) return column;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}
