/**
 * Splitting a call's result into a success body and a thrown error response, for libraries that
 * expect a function to resolve with data or throw (TanStack Query's query and mutation functions:
 * https://tanstack.com/query/v5/docs/framework/react/guides/query-functions#handling-and-throwing-errors).
 * The generated client itself never throws for a declared response; this is opt-in. Browser-safe.
 */
import { matchDeclaredStatus, type SuccessStatus } from "../wire/status.js";
import { ResponseError, type ErrorResponseResult } from "./errors.js";
import type { OperationDescriptor } from "./operation.js";

/** The members of a result union whose status is `number`: the `default` responses. */
type DefaultResult<Result> = Result extends { status: infer Status } ? (number extends Status ? Result : never) : never;

/**
 * The members of a `…Result` union that {@link successBody} returns the body of: those with a 2xx
 * status (`200`, or a `2XX` range); when the operation declares none, its `default` response.
 */
export type SuccessResult<Result> = [Extract<Result, { status: SuccessStatus }>] extends [never] ? DefaultResult<Result> : Extract<Result, { status: SuccessStatus }>;

/**
 * The members of a `…Result` union that {@link successBody} throws for: every status that is not a
 * success (declared errors, the runtime's problem responses), and the `default` response, which
 * may be any status.
 */
export type ErrorResult<Result> = Exclude<Result, SuccessResult<Result>> | DefaultResult<Result>;

/**
 * What {@link successBody} throws for a result union: one {@link ResponseError} per error member,
 * so that a check of `error.status` narrows `error.body` to the body that status declares.
 */
export type ResponseErrorOf<Result> = ErrorResult<Result> extends infer Member ? (Member extends ErrorResponseResult ? ResponseError<Member> : never) : never;

/**
 * The body of a success result, or a thrown {@link ResponseError} carrying the result.
 *
 * A success is a 2xx status that falls under a declared 2xx response (`200`, `2XX`; OpenAPI 3.1
 * §4.8.16.2), or under `default` when the operation declares no 2xx response at all (a spec whose
 * only response is `default`). Everything else is an error response: a declared 4xx or 5xx, a 2xx
 * that only `default` covers beside declared 2xx responses, a 3xx (the fetch transport does not
 * follow redirects), a runtime problem response. The body is returned as the client read it
 * (undefined when empty).
 *
 * @throws {ResponseError} for a result that is not a success.
 */
export function successBody<Result extends ErrorResponseResult>(operation: Pick<OperationDescriptor, "statuses">, result: Result): SuccessResult<Result>["body"] {
  if (result.status >= 200 && result.status <= 299) {
    const declared = matchDeclaredStatus(operation.statuses, result.status);
    if (declared !== undefined && (declared !== "default" || !operation.statuses.some((status) => status.startsWith("2")))) return result.body;
  }
  throw new ResponseError(result);
}
