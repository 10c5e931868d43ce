/**
 * `specwright`: the compiler API. `generate()` turns an OpenAPI 3.0/3.1 document into types,
 * handler interfaces, validators, a route table and a typed client.
 */
export { generate } from "./generate.js";
export type { CompiledResult, GenerateOptions, GenerateProgress, GenerateResult, UnchangedResult } from "./generate.js";
export { defineConfig } from "./config/define-config.js";
export type { SpecwrightConfig, SpecwrightConfigEntry } from "./config/define-config.js";
export type { LintLevel, LintRule, LintSettings } from "./lint/lint-settings.js";
export { diffSpecs } from "./diff/diff-specs.js";
export type { DiffOptions } from "./diff/diff-specs.js";
export type { Change, ChangeLocation, DiffResult, Direction, Severity, SeverityCounts } from "./diff/change.js";
export { SpecError } from "./diagnostics/diagnostic.js";
export type { Diagnostic } from "./diagnostics/diagnostic.js";
export { diagnosticCodes } from "./diagnostics/codes.js";
export type { DiagnosticCode } from "./diagnostics/codes.js";
export { renderDiagnostic } from "./diagnostics/render.js";
export type { ApiModel } from "./model/ir.js";
export type { GeneratedFile } from "./emit/generated-file.js";
export { allChecks, checks, formatReport, fuzz } from "./fuzz/index.js";
export type { CheckName, FuzzFailure, FuzzOptions, FuzzReport, FuzzTarget, OperationReport, ReportedResponse, WireRequest, WireResponse } from "./fuzz/index.js";
