import { escapePointerSegment as escapePointer, unescapePointerSegment as unescapePointer } from "../wire/json-pointer.js";
import { maxValidationIssues, type RequestPart, type ValidationIssue } from "../wire/problem.js";
import type { CompiledValidator, ValidatorError } from "./route-definition.js";
import { describeValidatorError } from "./validation-messages.js";

/**
 * Runs a compiled validator and turns its errors into {@link ValidationIssue}s, at most
 * {@link maxValidationIssues}.
 * For parameters (`part` ≠ body) the validated object is keyed by parameter name, so the first
 * pointer segment is the parameter's name: `/limit` → `loc: ["query", "limit"]`, `name: "limit"`.
 * For bodies, `loc` is `["body", …path]` as FastAPI reports it. Validators report every error of
 * the part (ajv `allErrors`), each function stopping at 100 (src/emit/error-budget.ts), so a form
 * can show every invalid field at once while a hostile body costs bounded work.
 */
export function validatePart(validate: CompiledValidator, data: unknown, part: RequestPart): readonly ValidationIssue[] {
  if (validate(data)) return noIssues;
  const errors = validate.errors ?? [];
  const issues: ValidationIssue[] = [];
  for (let index = 0; index < errors.length && issues.length < maxValidationIssues; index++) issues.push(toIssue(errors[index]!, part));
  return withoutRepeatedTagIssues(issues);
}

/**
 * A missing discriminator tag that the schema also requires is reported twice by ajv (with every
 * error collected): `required` and `discriminator` ("tag must be string"), at the same place.
 * The first says it.
 */
function withoutRepeatedTagIssues(issues: ValidationIssue[]): ValidationIssue[] {
  if (!issues.some((issue) => issue.keyword === "discriminator")) return issues;
  const missing = new Set(issues.filter((issue) => issue.keyword === "required").map((issue) => issue.pointer));
  return issues.filter((issue) => issue.keyword !== "discriminator" || !missing.has(issue.pointer));
}

/** What a valid part gives: shared, frozen. */
const noIssues: readonly ValidationIssue[] = Object.freeze([]);

function toIssue(error: ValidatorError, part: RequestPart): ValidationIssue {
  const segments = error.instancePath === "" ? [] : error.instancePath.slice(1).split("/").map(unescapePointer);
  let pointer = error.instancePath;
  if (error.keyword === "required" && typeof error.params["missingProperty"] === "string") {
    segments.push(error.params["missingProperty"]);
    pointer += "/" + escapePointer(error.params["missingProperty"]);
  } else if (error.keyword === "additionalProperties" && typeof error.params["additionalProperty"] === "string") {
    segments.push(error.params["additionalProperty"]);
    pointer += "/" + escapePointer(error.params["additionalProperty"]);
  } else if (error.keyword === "discriminator" && typeof error.params["tag"] === "string") {
    // ajv reports a missing or unknown tag at the object; the tag property is what is wrong.
    segments.push(error.params["tag"]);
    pointer += "/" + escapePointer(error.params["tag"]);
  }
  const loc: (string | number)[] = [part, ...segments.map((segment) => (/^(0|[1-9][0-9]*)$/.test(segment) ? Number(segment) : segment))];
  const message = describe(error);
  if (part === "body") return { in: part, loc, pointer, keyword: error.keyword, message };
  const name = segments[0];
  const parameterPointer = "/" + segments.slice(1).map(escapePointer).join("/");
  return {
    in: part,
    ...(name !== undefined ? { name } : {}),
    loc,
    pointer: segments.length > 1 ? parameterPointer : "",
    keyword: error.keyword,
    message,
  };
}

function describe(error: ValidatorError): string {
  switch (error.keyword) {
    case "required":
      return `${String(error.params["missingProperty"])} is required`;
    case "additionalProperties":
      return `${String(error.params["additionalProperty"])} is not allowed`;
    case "readOnly":
      return "this property is read-only: the server sets it, requests must not send it";
    default:
      return describeValidatorError(error);
  }
}
