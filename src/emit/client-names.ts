/**
 * Which operations need an argument object in the generated client, read by the client emitter
 * and by the outputs that call the client's functions (tanstack-query.ts), so both agree. The
 * client's value names are decided in the model (model/names.ts, nameClientValues).
 */
import type { Operation } from "../model/ir.js";

/** Whether the caller must pass an argument object (some parameter or the body is required). */
export function argumentsRequired(operation: Operation): boolean {
  return operation.parameters.some((parameter) => parameter.required) || operation.requestBody?.required === true;
}
