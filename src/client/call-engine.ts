/**
 * The call engine behind a generated client: builds a call's request (./build-request.ts), sends
 * it through the middleware and the transport (./send.ts), reads the result (./read-result.ts).
 * It carries no codec of its own: multipart bodies, event streams and dates come with the
 * descriptors of the operations that use them, so bundles hold only what their spec needs.
 * Browser-safe.
 */
import { buildRequest, type ClientSetup } from "./build-request.js";
import type { SchemeDescriptor } from "./credentials.js";
import type { ClientCore, OperationCodecs } from "./operation.js";
import type { ClientOptions } from "./options.js";
import { readResult } from "./read-result.js";
import { send } from "./send.js";
import { fetchTransport } from "./transports.js";

/**
 * Creates the engine of a generated client. `securitySchemes` describes how each scheme carries
 * its credential; `codecs` apply to every operation, under those of its own descriptor. Each
 * call serialises its parameters per `style`/`explode` (OpenAPI 3.1 §4.8.12.4) and its body per
 * media type, runs the middleware, and resolves with the result discriminated by status. Rejects
 * with `InvalidRequestError` (nothing sent), `NetworkError`/`TimeoutError` (no response),
 * `UnexpectedResponseError` (an undeclared status or unreadable body), or the signal's reason
 * when the call is aborted.
 */
export function createCallEngine(
  options: ClientOptions,
  securitySchemes: Readonly<Record<string, SchemeDescriptor>> = {},
  codecs: OperationCodecs = {},
): ClientCore {
  const transport = options.transport ?? fetchTransport(options.fetch);
  const setup: ClientSetup = { baseUrl: options.baseUrl.replace(/\/+$/, ""), options, securitySchemes };
  return {
    async call(operation, requestArguments, callOptions = {}) {
      const operationCodecs = operation.codecs ? { ...codecs, ...operation.codecs } : codecs;
      const rebuild = () => buildRequest(setup, operation, operationCodecs, requestArguments, callOptions);
      const middleware = callOptions.middleware ? [...(options.middleware ?? []), ...callOptions.middleware] : (options.middleware ?? []);
      const plan = { transport, middleware, timeout: callOptions.timeout ?? options.timeout, operation, options: callOptions, rebuild };
      const response = await send(plan, await rebuild(), 0);
      // The engine returns a CallResult; the generated client knows the narrower type it is.
      return readResult(operation, operationCodecs, response, callOptions.parseAs) as never;
    },
  };
}
