import type { Change, ChangeLocation, DiffResult, Severity } from "./change.js";

/** How many operations a change's line names before "and N more". */
const namedOperations = 3;

function place(location: ChangeLocation): string {
  return [location.file, location.line, location.column].filter((part) => part !== undefined).join(":");
}

/** `breaking for clients`, `breaking for clients and servers`, `warning for servers`, `breaking for clients, warning for servers`, `info`. */
export function severityLabel(change: Pick<Change, "clients" | "servers">): string {
  const { clients, servers } = change;
  if (clients === servers) return clients === "info" ? "info" : `${clients} for clients and servers`;
  const parts: string[] = [];
  if (clients !== "info") parts.push(`${clients} for clients`);
  if (servers !== "info") parts.push(`${servers} for servers`);
  return parts.join(", ");
}

function operationsOf(change: Change): string {
  if (change.operations.length === 0) return "";
  const named = change.operations.slice(0, namedOperations).join(", ");
  const more = change.operations.length - namedOperations;
  return more > 0 ? `${named} and ${more} more` : named;
}

/**
 * Renders one change as two lines, compiler style: the new document's location, the severity,
 * the rule id and the message, then the operations it affects and the old document's location.
 */
export function renderChange(change: Change): string {
  const head = `${place(change.new)}: ${severityLabel(change)}: ${change.id}: ${change.message} (at ${change.new.pointer})`;
  const operations = operationsOf(change);
  const detail = `    ${operations ? `in ${operations}; ` : ""}was ${place(change.old)} (at ${change.old.pointer})`;
  return `${head}\n${detail}`;
}

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? "" : "s"}`;

/** One line of counts: `clients: 2 breaking, 1 warning, 5 info; servers: …`. */
export function renderSummary(result: DiffResult): string {
  const side = (counts: Record<Severity, number>): string => `${counts.breaking} breaking, ${plural(counts.warning, "warning")}, ${counts.info} info`;
  return `clients: ${side(result.summary.clients)}; servers: ${side(result.summary.servers)}`;
}

/**
 * The text report of `specwright diff`: a heading naming both documents, every change (breaking
 * first; see {@link renderChange}), then the counts per end.
 */
export function renderDiff(result: DiffResult): string {
  const heading = `${result.old.file} (${result.old.title} ${result.old.version}) → ${result.new.file} (${result.new.title} ${result.new.version}): ${plural(result.changes.length, "change")}`;
  if (result.changes.length === 0) return `${heading}\n`;
  return `${heading}\n\n${result.changes.map(renderChange).join("\n")}\n\n${renderSummary(result)}\n`;
}
