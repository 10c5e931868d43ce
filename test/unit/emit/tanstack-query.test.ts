/**
 * emitTanStackQuery on its own: which operations get query options, which mutation options and
 * which none, the data and error types, and the key, for small inline specs (given, want). How
 * the options behave with TanStack Query is test/e2e/tanstack-query.test.ts's and
 * test/browser/tanstack-query.test.ts's.
 */
import { describe, expect, it } from "vitest";
import { emitTanStackQuery } from "../../../src/emit/tanstack-query.js";
import type { BuildModelOptions } from "../../../src/model/build-model.js";
import { expectOutput, json, modelOf, noContent, specWith, type WantedOutput } from "../../helpers/emitter-cases.js";

interface Given {
  spec: object;
  options?: Omit<BuildModelOptions, "source" | "defaultFits">;
}

const cases: [string, { given: Given; want: WantedOutput }][] = [
  [
    "gives GET and HEAD query options and a key, the other methods mutation options; arguments are optional when nothing is required",
    {
      given: {
        spec: specWith({
          "/books": {
            get: { operationId: "listBooks", parameters: [{ name: "limit", in: "query", schema: { type: "integer" } }], responses: { "200": { description: "ok", content: json({ type: "array" }) } } },
            head: { operationId: "countBooks", responses: noContent },
            post: { operationId: "createBook", requestBody: { required: true, content: json({ type: "object" }) }, responses: { "201": { description: "made", content: json({ type: "object" }) } } },
            delete: { operationId: "clearBooks", responses: noContent },
          },
        }),
      },
      want: {
        declarations: [
          "export function listBooksQueryKey(request: ListBooksRequest = {}): ListBooksQueryKey {\n" +
            "  // The tag is a type only: the key is the array itself.\n" +
            '  return ["listBooks", request] as unknown as ListBooksQueryKey;\n' +
            "}",
          "export function listBooksQueryOptions(core: ClientCore, request: ListBooksRequest = {}, callOptions?: QueryCallOptions): OperationQueryOptions<ListBooksData, ListBooksError, ListBooksQueryKey> {\n" +
            "  return {\n" +
            "    queryKey: listBooksQueryKey(request),\n" +
            "    queryFn: async ({ signal }) => successBody(listBooksOperation, await listBooks(core, request, { ...callOptions, signal })),\n" +
            "  };\n" +
            "}",
          'export type ListBooksData = SuccessResult<ListBooksResult>["body"];',
          "export type ListBooksError = ResponseErrorOf<ListBooksResult> | ClientError;",
          'export type ListBooksQueryKey = DataTag<readonly ["listBooks", ListBooksRequest], ListBooksData, ListBooksError>;',
          // TanStack refuses undefined as a query's data: a success without a body is null.
          'export type CountBooksData = Exclude<SuccessResult<CountBooksResult>["body"], undefined> | null;',
          "export function createBookMutationOptions(core: ClientCore, callOptions?: MutationCallOptions): OperationMutationOptions<CreateBookData, CreateBookError, CreateBookRequest, readonly [\"createBook\"]> {\n" +
            "  return {\n" +
            '    mutationKey: ["createBook"],\n' +
            "    mutationFn: async (request) => successBody(createBookOperation, await createBook(core, request, callOptions)),\n" +
            "  };\n" +
            "}",
          "export function clearBooksMutationOptions(core: ClientCore, callOptions?: MutationCallOptions): OperationMutationOptions<ClearBooksData, ClearBooksError, ClearBooksRequest | void, readonly [\"clearBooks\"]> {\n" +
            "  return {\n" +
            '    mutationKey: ["clearBooks"],\n' +
            "    mutationFn: async (request) => successBody(clearBooksOperation, await clearBooks(core, request || {}, callOptions)),\n" +
            "  };\n" +
            "}",
        ],
        contains: [
          "    queryFn: async ({ signal }) => successBody(countBooksOperation, await countBooks(core, request, { ...callOptions, signal })) ?? null,\n",
          'import type { DataTag, MutationFunction, MutationKey, MutationObserverOptions, QueryFunction, QueryKey, QueryObserverOptions } from "@tanstack/query-core";',
        ],
        excludes: ["createBookQueryOptions", "listBooksMutationOptions", "hashQueryKey", "react"],
      },
    },
  ],
  [
    "leaves out an operation whose success streams server-sent events, and imports only what it uses",
    {
      given: {
        spec: specWith({
          "/changes": { get: { operationId: "watchChanges", responses: { "200": { description: "events", content: { "text/event-stream": { schema: { type: "object" } } } } } } },
          "/ping": { post: { operationId: "ping", responses: noContent } },
        }),
      },
      want: {
        excludes: ["watchChanges", "QueryObserverOptions", "QueryCallOptions", "DataTag"],
        contains: ['import type { MutationFunction, MutationKey, MutationObserverOptions } from "@tanstack/query-core";', "export function pingMutationOptions("],
      },
    },
  ],
  [
    "imports a client name the file uses itself (a parameter, successBody, SuccessResult) under another, and calls that",
    {
      given: {
        spec: specWith({
          "/core": { put: { operationId: "core", responses: noContent } },
          "/signal": { get: { operationId: "signal", responses: { "200": { description: "ok", content: json({ type: "string" }) } } } },
          "/success": { get: { operationId: "success", responses: { "200": { description: "ok", content: json({ type: "string" }) } } } },
          "/success-body": { post: { operationId: "successBody", responses: noContent } },
        }),
      },
      want: {
        declarations: [
          "export function coreMutationOptions(core: ClientCore, callOptions?: MutationCallOptions): OperationMutationOptions<CoreData, CoreError, CoreRequest | void, readonly [\"core\"]> {\n" +
            "  return {\n" +
            '    mutationKey: ["core"],\n' +
            "    mutationFn: async (request) => successBody(coreOperation, await coreCall(core, request || {}, callOptions)),\n" +
            "  };\n" +
            "}",
          'export type SuccessData = SuccessResult<SuccessResultType>["body"];',
        ],
        contains: [
          "    queryFn: async ({ signal }) => successBody(signalOperation, await signalCall(core, request, { ...callOptions, signal })),\n",
          "    mutationFn: async (request) => successBody(successBodyOperation, await successBodyCall(core, request || {}, callOptions)),\n",
          'import { core as coreCall, coreOperation, signal as signalCall, signalOperation, success, successOperation, successBody as successBodyCall, successBodyOperation, ' +
            'type CoreRequest, type CoreResult, type SignalRequest, type SignalResult, type SuccessRequest, type SuccessResult as SuccessResultType, type SuccessBodyRequest, type SuccessBodyResult } from "./client.js";',
        ],
      },
    },
  ],
  [
    "writes an empty module for a spec without operations",
    {
      given: { spec: specWith({}) },
      want: { contains: ["export {};"], excludes: ["import "] },
    },
  ],
  [
    "sets hashQueryKey on queries whose request may hold the bigint of an int64 parameter",
    {
      given: {
        spec: specWith({
          "/accounts/{id}": { get: { operationId: "getAccount", parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer", format: "int64" } }], responses: noContent } },
          "/accounts": { get: { operationId: "listAccounts", parameters: [{ name: "limit", in: "query", schema: { type: "integer", format: "int32" } }], responses: noContent } },
        }),
        options: { int64: "bigint" },
      },
      want: { counts: { "    queryKeyHashFn: hashQueryKey,\n": 1, "export function hashQueryKey(queryKey: QueryKey): string {": 1 } },
    },
  ],
  [
    "keeps TanStack's own hash when int64 parameters are numbers",
    {
      given: {
        spec: specWith({
          "/accounts/{id}": { get: { operationId: "getAccount", parameters: [{ name: "id", in: "path", required: true, schema: { type: "integer", format: "int64" } }], responses: noContent } },
        }),
      },
      want: { excludes: ["hashQueryKey"] },
    },
  ],
];

describe("emitTanStackQuery", () => {
  it.each(cases)("%s", async (_name, { given, want }) => {
    const { model } = await modelOf(given.spec, given.options);
    const [file, ...others] = emitTanStackQuery(model);
    expect(others).toEqual([]);
    expect(file!.path).toBe("tanstack-query.ts");
    expectOutput(file!.text, want);
  });
});
