/**
 * The fuzz report as text for a terminal: one line per operation, then each failure with its
 * rule, the request as a curl command and the response, then the totals and the seed.
 */
import type { FuzzReport } from "./fuzz.js";

/** Formats a report. Failures are grouped by operation, in spec order. */
export function formatReport(report: FuzzReport): string {
  const lines: string[] = [];
  for (const operation of report.operations) {
    const mark = operation.failures.length > 0 ? "FAIL" : "ok  ";
    const checks = [...new Set(operation.failures.map((failure) => failure.check))].join(", ");
    lines.push(`${mark} ${`${operation.method} ${operation.path}`.padEnd(48)} ${String(operation.requests).padStart(5)} requests${checks ? `  ${checks}` : ""}`);
    for (const note of operation.notes) lines.push(`       note: ${note}`);
  }
  for (const failure of report.failures) {
    lines.push("", `✗ ${failure.check}: ${failure.method} ${failure.path} (${failure.operationId})`, `  ${failure.message}`);
    if (failure.broken) lines.push(`  the request breaks: ${failure.broken}`);
    lines.push(`  rule: ${failure.rule} (${failure.source})`, `  ${failure.curl}`);
    const contentType = failure.response.headers["content-type"];
    lines.push(`  → ${failure.response.status}${contentType ? ` ${contentType}` : ""} ${failure.response.body.slice(0, 500)}`);
  }
  lines.push(
    "",
    `${report.requests} requests, ${report.operations.length} operations, ${report.failures.length} failures ` +
      `(valid refused ${report.validRefused}, invalid accepted ${report.invalidAccepted}, 5xx ${report.serverErrors}) in ${report.durationMs} ms; seed ${report.seed}`,
  );
  return lines.join("\n");
}
