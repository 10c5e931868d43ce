import type { ApiModel, Operation } from "../model/ir.js";
import { identifier, stringLiteral } from "./code/literals.js";
import { docComment, printSourceFile, type Statement } from "./code/project.js";
import { argumentsRequired } from "./client-names.js";
import type { GeneratedFile } from "./generated-file.js";
import { generatedHeader } from "./header.js";
import { isEventStream } from "./media-types.js";
import { readsInt64 } from "../wire/coercion.js";

/** The methods whose operations become queries (RFC 9110 §9.2.1 safe methods that return a representation); every other method is a mutation. */
const queryMethods = new Set(["get", "head"]);

/** The names the file declares or imports besides the per-operation ones. */
const fileNames = [
  "DataTag", "MutationFunction", "MutationKey", "MutationObserverOptions", "QueryFunction", "QueryKey", "QueryObserverOptions",
  "successBody", "CallOptions", "ClientCore", "ClientError", "ResponseErrorOf", "SuccessResult",
  "QueryCallOptions", "MutationCallOptions", "OperationQueryOptions", "OperationMutationOptions", "hashQueryKey",
];

/**
 * Whether an operation's request may hold a `bigint` (an int64 parameter with `int64: "bigint"`),
 * which TanStack's default key hash (JSON.stringify) cannot write: its query options then set the
 * file's `hashQueryKey`.
 */
function keyHoldsBigInt(model: ApiModel, operation: Operation): boolean {
  return model.int64 === "bigint" && operation.parameters.some((parameter) => readsInt64(parameter.coercion));
}

/** The file's `hashQueryKey`, written when some query's key may hold a `bigint`. */
const hashQueryKeyStatement =
  docComment(
    "TanStack Query's key hash (JSON, the keys of plain objects sorted: its `hashKey`), which also writes the `bigint` of an int64 parameter " +
      "(`int64: \"bigint\"`), refused by JSON.stringify, as `\"123n\"`. The query options of operations with such parameters set it as their " +
      "`queryKeyHashFn`; give it to the QueryClient too (`defaultOptions: { queries: { queryKeyHashFn: hashQueryKey } }`), so that " +
      "`getQueryData` and `setQueryData` find those keys.",
  ) +
  [
    "export function hashQueryKey(queryKey: QueryKey): string {",
    "  return JSON.stringify(queryKey, (_key, value: unknown) => {",
    "    if (typeof value === \"bigint\") return `${value}n`;",
    "    if (typeof value !== \"object\" || value === null || Array.isArray(value)) return value;",
    "    const prototype: unknown = Object.getPrototypeOf(value);",
    "    if (prototype !== Object.prototype && prototype !== null) return value;",
    "    return Object.fromEntries(Object.keys(value).sort().map((key) => [key, (value as Record<string, unknown>)[key]]));",
    "  });",
    "}",
  ].join("\n");

/**
 * The parameters and locals of the generated functions: an operation function the client exports
 * under one of these names is imported under another (`core as coreCall`), so the call inside a
 * function that has a parameter of that name reaches the function, not the parameter.
 */
const localNames = ["core", "request", "callOptions", "signal"];

/**
 * What the file imports from `./client.js` for one operation, under the names it uses here: a
 * client name the file itself declares or imports (`successBody`, `DataTag`, `SuccessResult`) or
 * uses for a parameter (`core`) is imported under another (`import { core as coreCall }`).
 */
interface ClientImports {
  /** The operation function, as this file names it. */
  call: string;
  /** The operation function's name in client.ts, for doc comments. */
  callInClient: string;
  descriptor: string;
  request: string;
  result: string;
  /** The import specifiers of the function and descriptor (`name`, `name as local`), and of the types (`type name`). */
  valueSpecifiers: string[];
  typeSpecifiers: string[];
}

/** The names one operation's declarations take in the file. */
interface TanStackNames {
  data: string;
  error: string;
  queryKeyType: string;
  queryKey: string;
  queryOptions: string;
  mutationOptions: string;
}

/**
 * The responses whose body is a success's data, as `successBody()` (src/client/success-body.ts)
 * decides: the declared 2xx ones (`200`, `2XX`), else `default`.
 */
function successResponses(operation: Operation): Operation["responses"] {
  const declared = operation.responses.filter((response) => response.status.startsWith("2"));
  return declared.length > 0 ? declared : operation.responses.filter((response) => response.status === "default");
}

/**
 * Whether an operation gets options, and which: `query` for GET and HEAD, `mutation` for the
 * other methods, none when a success streams server-sent events (a query's data is one value;
 * such operations are called through the client's operation function).
 */
function optionsKind(operation: Operation): "query" | "mutation" | undefined {
  if (successResponses(operation).some((response) => response.contents.some((content) => isEventStream(content)))) return undefined;
  return queryMethods.has(operation.method) ? "query" : "mutation";
}

/**
 * Emits `tanstack-query.ts` (with the `tanstackQuery` generate option): for TanStack Query v5,
 * through `@tanstack/query-core`'s types only, so one file serves every framework adapter.
 *
 * Per GET or HEAD operation (say `getBook`): `getBookQueryKey(request)`, the key
 * `["getBook", request]` (the operation's identifier, then its arguments: serialisable, and
 * hierarchical as TanStack's query key guide asks, so `["getBook"]` as a filter matches every
 * getBook query), typed as a `DataTag` that carries the data and error types;
 * `getBookQueryOptions(core, request, callOptions?)`, query options whose query function calls
 * the client's `getBook` with TanStack's `signal` and resolves with the success body (`null` when
 * a success has no body, since TanStack refuses `undefined`) or throws a `ResponseError`. Per
 * other operation: `createBookMutationOptions(core, callOptions?)`, whose variables are the
 * request. Types per operation: `GetBookData`, `GetBookError` (the error responses as
 * `ResponseError`s narrowed by `status`, or a `ClientError`), `GetBookQueryKey`.
 *
 * Imports `@tanstack/query-core` (types), `specwright/client` and `./client.js`. Names follow the
 * client's (`clientNames` in the model), numbered where taken; a client name this file uses itself is
 * imported under another (`core as coreCall`, `SuccessResult as SuccessResultType`).
 */
export function emitTanStackQuery(model: ApiModel): GeneratedFile[] {
  const operations = model.operations.filter((operation) => optionsKind(operation) !== undefined);
  const queries = operations.filter((operation) => optionsKind(operation) === "query");
  const mutations = operations.filter((operation) => optionsKind(operation) === "mutation");
  const imported = operations.flatMap((operation) => {
    const { call, descriptor } = operation.clientNames;
    return [call, descriptor, `${operation.typeName}Request`, `${operation.typeName}Result`];
  });
  const taken = new Set([...fileNames, ...imported, ...localNames]);
  const unique = (preferred: string): string => {
    let candidate = preferred;
    for (let counter = 2; taken.has(candidate); counter++) candidate = `${preferred}${counter}`;
    taken.add(candidate);
    return identifier(candidate);
  };
  const clash = new Set([...fileNames, ...localNames]);
  const clients = new Map<Operation, ClientImports>(
    operations.map((operation) => {
      const { call, descriptor } = operation.clientNames;
      const local = (name: string, suffix: string): string => (clash.has(name) ? unique(`${name}${suffix}`) : name);
      const specifier = (name: string, as: string, type: boolean): string => `${type ? "type " : ""}${name === as ? name : `${name} as ${as}`}`;
      const request = `${operation.typeName}Request`;
      const result = `${operation.typeName}Result`;
      const names = { call: local(call, "Call"), callInClient: call, descriptor: local(descriptor, "Descriptor"), request: local(request, "Type"), result: local(result, "Type") };
      return [operation, {
        ...names,
        valueSpecifiers: [specifier(call, names.call, false), specifier(descriptor, names.descriptor, false)],
        typeSpecifiers: [specifier(request, names.request, true), specifier(result, names.result, true)],
      }];
    }),
  );
  const names = new Map(
    operations.map((operation) => {
      const query = optionsKind(operation) === "query";
      const value = operation.identifier;
      const type = operation.typeName;
      const entry: TanStackNames = {
        data: unique(`${type}Data`),
        error: unique(`${type}Error`),
        queryKeyType: query ? unique(`${type}QueryKey`) : "",
        queryKey: query ? unique(`${value}QueryKey`) : "",
        queryOptions: query ? unique(`${value}QueryOptions`) : "",
        mutationOptions: query ? "" : unique(`${value}MutationOptions`),
      };
      return [operation, entry];
    }),
  );

  const statements: Statement[] = [];
  const tanstackTypes = [
    ...(queries.length > 0 ? ["DataTag", "QueryFunction", "QueryKey", "QueryObserverOptions"] : []),
    ...(mutations.length > 0 ? ["MutationFunction", "MutationKey", "MutationObserverOptions"] : []),
  ].sort();
  if (tanstackTypes.length > 0) {
    statements.push(`import type { ${tanstackTypes.join(", ")} } from "@tanstack/query-core";`);
    statements.push(`import { successBody, type CallOptions, type ClientCore, type ClientError, type ResponseErrorOf, type SuccessResult } from ${stringLiteral(model.packages.client)};`);
    const values = operations.flatMap((operation) => clients.get(operation)!.valueSpecifiers);
    const types = operations.flatMap((operation) => clients.get(operation)!.typeSpecifiers);
    statements.push(`import { ${[...values, ...types].join(", ")} } from "./client.js";`);
  }
  if (queries.length > 0) {
    statements.push(
      docComment("Call options a query passes to its operation function: TanStack Query supplies the `signal` (cancelling a query aborts its request), and bodies are always parsed.") +
        'export type QueryCallOptions = Omit<CallOptions, "signal" | "parseAs">;',
      docComment(
        "What a `…QueryOptions()` function returns: query-core's `QueryObserverOptions` with the key (tagged with the data and error types, so `queryClient.getQueryData(key)` is typed) and the query function set. " +
          "Pass it to `useQuery` of any adapter, `useSuspenseQuery`, `queryClient.fetchQuery`, `new QueryObserver`, or spread it and add options (`select`, `staleTime`).",
      ) + "export type OperationQueryOptions<Data, Error, Key extends QueryKey> = QueryObserverOptions<Data, Error, Data, Data, Key> & { queryKey: Key; queryFn: QueryFunction<Data, Key> };",
    );
  }
  if (queries.some((operation) => keyHoldsBigInt(model, operation))) statements.push(hashQueryKeyStatement);
  if (mutations.length > 0) {
    statements.push(
      docComment("Call options a mutation passes to its operation function (bodies are always parsed).") + 'export type MutationCallOptions = Omit<CallOptions, "parseAs">;',
      docComment(
        "What a `…MutationOptions()` function returns: query-core's `MutationObserverOptions` with the key (`[operation]`) and the mutation function set; its variables are the operation's request. " +
          "Pass it to `useMutation` of any adapter or `new MutationObserver`, or spread it and add callbacks (`onSuccess`).",
      ) +
        "export type OperationMutationOptions<Data, Error, Request, Key extends MutationKey> = MutationObserverOptions<Data, Error, Request> & { mutationKey: Key; mutationFn: MutationFunction<Data, Request> };",
    );
  }
  for (const operation of operations) {
    statements.push(...(optionsKind(operation) === "query" ? queryStatements(operation, clients.get(operation)!, names.get(operation)!, keyHoldsBigInt(model, operation)) : mutationStatements(operation, clients.get(operation)!, names.get(operation)!)));
  }
  if (statements.length === 0) statements.push("export {};");
  return [{ path: "tanstack-query.ts", text: generatedHeader(model) + "\n" + printSourceFile(statements) }];
}

/** `GET /books/{bookId}: Get one book.`: the first line of an operation's doc comment. */
function operationLine(operation: Operation): string {
  const summary = operation.summary ? `: ${operation.summary.split(/\r\n?|\n/)[0]}` : "";
  return `${operation.method.toUpperCase()} ${operation.path}${summary}.`;
}

/** `@deprecated` for an operation the spec marks so. */
function deprecation(operation: Operation): string {
  return operation.deprecated ? "\n\n@deprecated" : "";
}

/** The error type of an operation: its error responses as `ResponseError`s, or the client's own error. */
function errorStatement(operation: Operation, client: ClientImports, names: TanStackNames): string {
  return (
    docComment(`What ${operation.identifier} fails with: a \`ResponseError\` per error response (its \`status\` narrows its \`body\`), or a \`ClientError\` (network, timeout, undeclared response).`) +
    `export type ${names.error} = ResponseErrorOf<${client.result}> | ClientError;`
  );
}

/** The data type, the key and the query options of a GET or HEAD operation. */
function queryStatements(operation: Operation, client: ClientImports, names: TanStackNames, bigIntKey: boolean): Statement[] {
  const request = client.request;
  const parameter = argumentsRequired(operation) ? `request: ${request}` : `request: ${request} = {}`;
  const key = stringLiteral(operation.identifier);
  // TanStack refuses `undefined` as a query's data: a success without a body resolves with null.
  const bodiless = successResponses(operation).some((response) => response.contents.length === 0);
  const body = `SuccessResult<${client.result}>["body"]`;
  const call = `successBody(${client.descriptor}, await ${client.call}(core, request, { ...callOptions, signal }))`;
  return [
    docComment(`What the ${operation.identifier} query resolves with: the body of its success response${bodiless ? " (null when it has none)" : ""}.`) +
      `export type ${names.data} = ${bodiless ? `Exclude<${body}, undefined> | null` : body};`,
    errorStatement(operation, client, names),
    docComment(`The key of a ${operation.identifier} query, \`[${key}, request]\`, tagged with its data and error types.`) +
      `export type ${names.queryKeyType} = DataTag<readonly [${key}, ${request}], ${names.data}, ${names.error}>;`,
    docComment(`\`[${key}, request]\`: the key of the ${operation.identifier} query for \`request\`. As a filter, \`[${key}]\` matches every ${operation.identifier} query, and \`[${key}, partialRequest]\` those whose arguments include it.`) +
      `export function ${names.queryKey}(${parameter}): ${names.queryKeyType} {\n` +
      "  // The tag is a type only: the key is the array itself.\n" +
      `  return [${key}, request] as unknown as ${names.queryKeyType};\n}`,
    docComment(
      `${operationLine(operation)}\n\nQuery options for it: the key \`${names.queryKey}(request)\`, and a query function that calls the client's \`${client.callInClient}\` with TanStack's \`signal\` (cancelling the query aborts the request) ` +
        `and resolves with the success body${bodiless ? " (or null)" : ""}, or throws a \`ResponseError\` for an error response.${deprecation(operation)}`,
    ) +
      `export function ${names.queryOptions}(core: ClientCore, ${parameter}, callOptions?: QueryCallOptions): OperationQueryOptions<${names.data}, ${names.error}, ${names.queryKeyType}> {\n` +
      "  return {\n" +
      `    queryKey: ${names.queryKey}(request),\n` +
      `    queryFn: async ({ signal }) => ${bodiless ? `${call} ?? null` : call},\n` +
      (bigIntKey ? "    queryKeyHashFn: hashQueryKey,\n" : "") +
      "  };\n}",
  ];
}

/** The data type and the mutation options of an operation of any other method. */
function mutationStatements(operation: Operation, client: ClientImports, names: TanStackNames): Statement[] {
  const request = client.request;
  const required = argumentsRequired(operation);
  const variables = required ? request : `${request} | void`;
  const argument = required ? "request" : "request || {}";
  const key = stringLiteral(operation.identifier);
  return [
    docComment(`What the ${operation.identifier} mutation resolves with: the body of its success response (undefined when it has none).`) +
      `export type ${names.data} = SuccessResult<${client.result}>["body"];`,
    errorStatement(operation, client, names),
    docComment(
      `${operationLine(operation)}\n\nMutation options for it: the key \`[${key}]\`, and a mutation function that calls the client's \`${client.callInClient}\` with the variables as its request ` +
        `and resolves with the success body, or throws a \`ResponseError\` for an error response.${deprecation(operation)}`,
    ) +
      `export function ${names.mutationOptions}(core: ClientCore, callOptions?: MutationCallOptions): OperationMutationOptions<${names.data}, ${names.error}, ${variables}, readonly [${key}]> {\n` +
      "  return {\n" +
      `    mutationKey: [${key}],\n` +
      `    mutationFn: async (request) => successBody(${client.descriptor}, await ${client.call}(core, ${argument}, callOptions)),\n` +
      "  };\n}",
  ];
}
