/**
 * The value names the generated client gives each operation (its function and its exported
 * descriptor), unique in client.ts and in the index.ts barrel, and which operations need an
 * argument object. Read by the client emitter and by the outputs that import the client's
 * functions (tanstack-query.ts), so both name them alike.
 */
import type { ApiModel, Operation } from "../model/ir.js";
import { identifier } from "./code/literals.js";

/** Whether the caller must pass an argument object (some parameter or the body is required). */
export function argumentsRequired(operation: Operation): boolean {
  return operation.parameters.some((parameter) => parameter.required) || operation.requestBody?.required === true;
}

/** The functions of specwright/client a codec may name, and those `dateTimes` names. */
export const codecFunctions = ["addContentParameter", "addCookieParameter", "addHeaderParameter", "encodeMultipart", "parseEventStream", "reviveDates", "serialiseDates", "serialiseFormBody"];

/**
 * The value names the client file declares or imports besides the per-operation ones; an
 * operation whose function or descriptor name would be one of them gets a numbered name instead.
 */
const fileValueNames = ["basePath", "securitySchemes", "dateTimes", "createCore", "createClient", "createCallEngine", ...codecFunctions];

/**
 * Names the other generated files export through the `index.ts` barrel, or that client.ts imports
 * as types: a client value of the same name would not compile (`export *` of two modules naming
 * one member is ambiguous; an imported type and a local value cannot share a name). The root
 * types of openapi-typescript, the routes' exports, the enum constants, and per operation the
 * handler, shared and client type names (`_1stInput`, `_1stOperation` for an operationId `1st`).
 */
function generatedNames(model: ApiModel): string[] {
  return [
    "paths", "webhooks", "components", "operations", "api", "createServer", "Handlers", "SecurityVerifiers", "RequestSchemas", "ResponseSchemas",
    ...model.enums.map((constant) => constant.identifier),
    ...model.operations.flatMap((operation) => ["Input", "Operation", "Parameters", "Output", "Handler", "Request", "Result"].map((suffix) => `${operation.typeName}${suffix}`)),
  ];
}

/** The per-operation value names: the operation function and its exported descriptor. */
export interface OperationNames {
  call: string;
  descriptor: string;
}

/**
 * Names for every operation's function (its identifier) and descriptor (`…Operation`), unique in
 * the file and the barrel: a name already taken gets the first free number (`createClient2`).
 * Case-sensitive, as JavaScript names are (`listBooksOperation` the value beside
 * `ListBooksOperation` the handler type is fine). Deterministic: spec order decides.
 */
export function operationNames(model: ApiModel): Map<Operation, OperationNames> {
  const taken = new Set([...fileValueNames, ...generatedNames(model)]);
  const unique = (preferred: string): string => {
    let candidate = preferred;
    for (let counter = 2; taken.has(candidate); counter++) candidate = `${preferred}${counter}`;
    taken.add(candidate);
    return candidate;
  };
  const calls = model.operations.map((operation) => unique(operation.identifier));
  // identifier() refuses anything but a plain identifier: these names are written into code as they are.
  return new Map(model.operations.map((operation, index) => [operation, { call: identifier(calls[index]!), descriptor: identifier(unique(`${operation.identifier}Operation`)) }]));
}
