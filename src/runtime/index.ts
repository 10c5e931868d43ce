/**
 * `specwright/runtime`: serves the handlers of a generated API on node:http.
 * Generated code imports this entry point only.
 */
export { createServer, defaultLimits, defaultTimeouts } from "./server.js";
export type { ApiServer, ServerOptions, ServerTimeouts } from "./server.js";
export { defaultDocsOptions } from "./docs.js";
export type { DocsOptions } from "./docs.js";
export { inject } from "./inject.js";
export type { InjectTarget } from "./inject.js";
export { HttpError, httpErrorCodes } from "./errors.js";
export type { HttpErrorCode, HttpErrorOptions } from "./errors.js";
export type { RequestContext } from "./context.js";
export type { TrustProxy } from "./proxy.js";
export type { CompressionOptions } from "./compression.js";
export { runCluster, type ClusterOptions, type ClusterPrimary } from "./cluster.js";
export type { HandlerResult } from "./respond.js";
export type { BinaryBody, EventStream, StreamingBody } from "./stream-response.js";
export type { BinaryRequestBody } from "./body/read-body.js";
export type { ServerSentEvent } from "../wire/event-stream.js";
export type { HandlerInput, RequestLimits } from "./pipeline.js";
export type { UploadedFile, UploadOptions } from "./body/uploaded-file.js";
export type { BasicCredentials, SecurityVerifier, VerifierContext } from "./security.js";
export type { Logger } from "./logger.js";
export { createDefaultLogger, silentLogger } from "./logger.js";
export type {
  ApiDefinition, CompiledValidator, MultipartFormDefinition, MultipartPropertyDefinition, OperationParameters, ParameterDefinition, ParameterLocation, ParameterReader,
  RequestContentDefinition, ResponseContentDefinition, ResponseContentKind, ResponseDefinition, ResponseHeaderDefinition, RouteDefinition,
  SecurityRequirementDefinition, SecuritySchemeDefinition, ValidatorError,
} from "./route-definition.js";
// What generated response serialisers are written with (see json-writer.ts).
export { hasOwn, isJsonObject, writeArray, writeJson, writeMember, writeOtherProperties, writeTuple, type JsonWriter } from "./json-writer.js";
export type { ProblemDetails, ValidationIssue, ValidationProblemDetails } from "../wire/problem.js";
export type {
  ClientErrorStatus, InformationalStatus, RedirectionStatus, ResponseHeaders, ServerErrorStatus, SuccessStatus,
} from "../wire/status.js";
export type { CorsOptions } from "./cors.js";
export type { Hooks, ResponseInfo } from "./hooks.js";
