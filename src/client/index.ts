/**
 * `specwright/client`: what the generated client calls. Browser-safe: nothing reachable from here
 * imports a Node built-in or undici, so any bundler takes it as it is; the package declares no
 * side effects, so a bundle keeps only the modules a client uses. The default transport is
 * `globalThis.fetch` (./transports.ts); Node programs may pass `undiciTransport()` from
 * `specwright/client/undici` instead.
 *
 * The modules, by job: ./call-engine.ts (one call, start to end) with ./build-request.ts,
 * ./request-parameters.ts, ./request-body.ts, ./credentials.ts, ./send.ts (middleware, timeouts)
 * and ./read-result.ts; ./errors.ts; ./success-body.ts (a result as data, or a thrown error
 * response); ./retry.ts (the `retries()` middleware); codecs an operation
 * may need: ./multipart.ts, ./header-parameters.ts, ./cookie-parameters.ts, ./content-parameters.ts,
 * src/wire/parameter-styles.ts (form bodies),
 * src/wire/event-stream.ts, src/wire/dates.ts; ./client-core.ts (the engine with every codec).
 */
export { createCallEngine } from "./call-engine.js";
export { createClientCore } from "./client-core.js";
export { ClientError, InvalidRequestError, NetworkError, ResponseError, TimeoutError, UnexpectedResponseError, type ErrorResponseResult } from "./errors.js";
export { successBody, type ErrorResult, type ResponseErrorOf, type SuccessResult } from "./success-body.js";
export { retries, type RetryOptions } from "./retry.js";
export { fetchTransport } from "./transports.js";
export { encodeMultipart, type FileContent, type FileUpload } from "./multipart.js";
export { addContentParameter } from "./content-parameters.js";
export { addCookieParameter } from "./cookie-parameters.js";
export { addHeaderParameter } from "./header-parameters.js";
export { serialiseFormBody } from "../wire/parameter-styles.js";
export { parseEventStream, serialiseEvent, type EventDataEncoding, type ServerSentEvent } from "../wire/event-stream.js";
export { matchDeclaredStatus } from "../wire/status.js";
export { reviveDates, serialiseDates, type DateShape } from "../wire/dates.js";
export { runtimeProblemStatuses, type RuntimeProblemStatus } from "./read-result.js";
export type { BasicCredential, CredentialSource, SchemeDescriptor } from "./credentials.js";
export type { BinaryUpload } from "./request-body.js";
export type { ErrorContext, Middleware, MiddlewareContext, ResendContext, ResponseContext } from "./middleware.js";
export type { CallArguments, CallResult, ClientCore, DateCodec, OperationCodecs, OperationDescriptor } from "./operation.js";
export type { CallOptions, ClientOptions, ResultAs } from "./options.js";
export type { ProblemDetails, RuntimeProblem, ValidationIssue, ValidationProblemDetails } from "../wire/problem.js";
export type { ParameterDescriptor, ParameterLocation } from "../wire/parameter.js";
export type { ClientErrorStatus, InformationalStatus, RedirectionStatus, ServerErrorStatus, SuccessStatus } from "../wire/status.js";
export type { Transport, TransportRequest, TransportResponse } from "../wire/transport.js";
