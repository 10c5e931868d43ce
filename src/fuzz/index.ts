/**
 * Contract fuzzing: `fuzz(target, options)` tests a running or in-process server against its
 * spec with the checks Schemathesis names (see checks.ts), and `formatReport` prints what it found.
 */
export { allChecks, fuzz } from "./fuzz.js";
export type { FuzzFailure, FuzzOptions, FuzzReport, FuzzTarget, OperationReport, ReportedResponse } from "./fuzz.js";
export { checks } from "./checks.js";
export type { CheckName, WireResponse } from "./checks.js";
export type { WireRequest } from "./requests.js";
export { formatReport } from "./report.js";
