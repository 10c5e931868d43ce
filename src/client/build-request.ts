/**
 * Builds the request of one call from the operation's descriptor and the call's arguments:
 * parameters, credentials, headers, body, URL. Browser-safe.
 */
import type { TransportRequest } from "../wire/transport.js";
import { applyCredentials, type SchemeDescriptor } from "./credentials.js";
import { InvalidRequestError } from "./errors.js";
import type { CallArguments, OperationCodecs, OperationDescriptor } from "./operation.js";
import type { CallOptions, ClientOptions } from "./options.js";
import { encodeBody } from "./request-body.js";
import { serialiseParameters, type SerialisedParameters } from "./request-parameters.js";

/** What is fixed for a client: its base URL (no trailing slash), options and security schemes. */
export interface ClientSetup {
  baseUrl: string;
  options: ClientOptions;
  securitySchemes: Readonly<Record<string, SchemeDescriptor>>;
}

/**
 * The request of one call. Headers, lowest precedence first: the client's `headers`, header
 * parameters, credentials, the call's `headers`; `Accept` from the descriptor unless one was set;
 * `Content-Type` from the body. With a `dates` codec, `Date` arguments are sent as RFC 3339
 * strings. The request asks the transport for a streamed body when the response may be an event
 * stream or the call asks for `parseAs: "stream"`. Throws {@link InvalidRequestError} when an
 * argument cannot be sent (a header value with CR or LF: header injection), before anything is sent.
 */
export async function buildRequest(
  setup: ClientSetup,
  operation: OperationDescriptor,
  codecs: OperationCodecs,
  requestArguments: CallArguments,
  callOptions: CallOptions,
): Promise<TransportRequest> {
  const args = codecs.dates ? (codecs.dates.serialise(requestArguments) as CallArguments) : requestArguments;
  const target: SerialisedParameters = { path: operation.path, query: [], headers: { ...setup.options.headers }, cookies: [] };
  serialiseParameters(operation, codecs, args, target);
  const { headers, query, cookies } = target;
  if (operation.security && setup.options.security) await applyCredentials(operation.security, setup.securitySchemes, setup.options.security, target);
  if (cookies.length > 0) headers["cookie"] = cookies.join("; ");
  Object.assign(headers, callOptions.headers);
  if (operation.accept) headers["accept"] ??= operation.accept;
  const request: TransportRequest = { method: operation.method, url: setup.baseUrl + target.path + (query.length > 0 ? `?${query.join("&")}` : ""), headers };
  if (args.body !== undefined) {
    const encoded = await encodeBody(operation, codecs, args.body, args.contentType);
    headers["content-type"] = encoded.contentType;
    request.body = encoded.body;
  }
  for (const name in headers) {
    if (/[\r\n]/.test(headers[name]!)) throw new InvalidRequestError(`header ${name} contains CR or LF`);
  }
  if (callOptions.signal) request.signal = callOptions.signal;
  if ((operation.events && codecs.eventStream) || callOptions.parseAs === "stream") request.stream = true;
  return request;
}
