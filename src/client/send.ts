/**
 * Sends one built request: through the middleware chain (./middleware.ts), each attempt bounded
 * by the call's timeout, transport failures turned into typed errors (./errors.ts). Browser-safe.
 */
import type { Transport, TransportRequest, TransportResponse } from "../wire/transport.js";
import { NetworkError, TimeoutError } from "./errors.js";
import type { Middleware, MiddlewareContext } from "./middleware.js";
import type { OperationDescriptor } from "./operation.js";
import type { CallOptions } from "./options.js";

/** Everything one call's sends share. */
export interface SendPlan {
  transport: Transport;
  /** The client's middleware, then the call's. */
  middleware: readonly Middleware[];
  /** Per attempt, ms; undefined for none. */
  timeout: number | undefined;
  operation: OperationDescriptor;
  options: CallOptions;
  /** Builds the request again from the call's arguments (what `resend()` without argument sends). */
  rebuild: () => Promise<TransportRequest>;
}

/**
 * Sends `request` as attempt number `attempt` of a call: every `onRequest` in order, the
 * transport (bounded by the plan's timeout), then every `onError` (on a failure) or
 * `onResponse` in reverse order. Rejects with a {@link NetworkError} or {@link TimeoutError} that
 * no `onError` recovered from, the caller's abort reason as it is, or what a hook threw.
 */
export async function send(plan: SendPlan, request: TransportRequest, attempt: number): Promise<TransportResponse> {
  const { middleware } = plan;
  // Most clients have no middleware: skip building contexts nobody reads.
  if (middleware.length === 0) return sendAttempt(plan.transport, request, plan.timeout);
  const base = { operation: plan.operation, options: plan.options, attempt };
  for (const hooks of middleware) {
    if (hooks.onRequest) request = (await hooks.onRequest({ ...base, request })) ?? request;
  }
  const context: MiddlewareContext = { ...base, request };
  let resent: TransportResponse | undefined;
  const resend = async (next?: TransportRequest): Promise<TransportResponse> =>
    (resent = await send(plan, next ?? (await plan.rebuild()), attempt + 1));
  let response: TransportResponse | undefined;
  try {
    response = await sendAttempt(plan.transport, request, plan.timeout);
  } catch (error) {
    for (let index = middleware.length - 1; index >= 0 && response === undefined; index--) {
      const onError = middleware[index]!.onError;
      if (onError) response = (await onError({ ...context, error, resend })) ?? undefined;
    }
    if (response === undefined) throw error;
    if (response === resent) return response;
  }
  for (let index = middleware.length - 1; index >= 0; index--) {
    const onResponse = middleware[index]!.onResponse;
    if (!onResponse) continue;
    response = (await onResponse({ ...context, response, resend })) ?? response;
    if (response === resent) return response;
  }
  return response;
}

/**
 * One attempt through the transport, bounded by `timeout` (ms) until the transport has the
 * response (for a streamed body, its headers). A transport failure becomes a
 * {@link NetworkError} (its cause kept), an attempt past its timeout a {@link TimeoutError}; an
 * abort of the caller's own signal, and what a custom transport throws that is not an Error,
 * pass as they are.
 */
async function sendAttempt(transport: Transport, request: TransportRequest, timeout: number | undefined): Promise<TransportResponse> {
  const callerSignal = request.signal;
  let timedOut = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onCallerAbort: (() => void) | undefined;
  if (timeout !== undefined) {
    const controller = new AbortController();
    onCallerAbort = () => controller.abort(callerSignal!.reason);
    if (callerSignal?.aborted) controller.abort(callerSignal.reason);
    else callerSignal?.addEventListener("abort", onCallerAbort, { once: true });
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new TimeoutError(timeout));
    }, timeout);
    request = { ...request, signal: controller.signal };
  }
  try {
    return await transport(request);
  } catch (error) {
    if ((callerSignal?.aborted && !timedOut) || !(error instanceof Error)) throw error;
    throw timedOut ? new TimeoutError(timeout!) : new NetworkError(`the request failed: ${error.message}`, { cause: error });
  } finally {
    clearTimeout(timer);
    // A streamed body is still read under this signal: the caller may abort it later.
    if (onCallerAbort && !request.stream) callerSignal?.removeEventListener("abort", onCallerAbort);
  }
}
