/**
 * The TanStack Query output (`generate --tanstack-query`), run with @tanstack/query-core in Node
 * (a QueryClient with QueryObserver, fetchQuery and MutationObserver) against the example's
 * server on 127.0.0.1: data is the success body; a declared 404 lands in `error` as a
 * ResponseError carrying its body; a refused connection as a NetworkError; cancelling a query
 * aborts its request (the handler's `context.signal` aborts); invalidating by the key prefix
 * refetches; mutations send their variables as the request. The usage types (react-query's hooks
 * and query-core's observers) pass tsc --strict with the file, wrong shapes refused.
 */
import { readFile, rm, writeFile } from "node:fs/promises";
import net, { type AddressInfo } from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { hashKey, MutationObserver, QueryClient, QueryObserver, type MutationObserverOptions, type QueryObserverOptions, type QueryObserverResult } from "@tanstack/query-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { generate } from "specwright";
import { NetworkError, ResponseError, type ClientCore, type Middleware } from "specwright/client";
import { startExample } from "../helpers/example.js";
import { typecheckGenerated } from "../helpers/typecheck.js";

const out = path.resolve(".test-output", `tanstack-${process.pid}`);
const again = path.resolve(".test-output", `tanstack-again-${process.pid}`);
const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (stops.length > 0) await stops.pop()!();
});
afterAll(() => Promise.all([rm(out, { recursive: true, force: true }), rm(again, { recursive: true, force: true })]));

/** Type-level promises of tanstack-query.ts, checked by tsc with the generated files. */
const usage = `import { MutationObserver, QueryClient, QueryObserver } from "@tanstack/query-core";
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from "@tanstack/react-query";
import { ResponseError } from "specwright/client";
import { createCore } from "./client.js";
import { createBookMutationOptions, deleteBookMutationOptions, getBookQueryKey, getBookQueryOptions, listBooksQueryKey, listBooksQueryOptions, type GetBookError } from "./tanstack-query.js";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
const core = createCore({ baseUrl: "http://127.0.0.1:3000" });

export function useBook(bookId: number) {
  const query = useQuery(getBookQueryOptions(core, { path: { bookId } }));
  const title: string | undefined = query.data?.title;
  const errorIsTyped: Equal<typeof query.error, GetBookError | null> = true;
  if (query.error instanceof ResponseError) {
    // @ts-expect-error only a 422 body has errors: narrow on status first
    void query.error.body.errors;
    if (query.error.status === 404) void query.error.body.title.toUpperCase();
    if (query.error.status === 422) void query.error.body.errors.length;
    // @ts-expect-error 418 is not a status getBook can fail with
    if (query.error.status === 418) void 0;
  }
  const selected = useQuery({ ...getBookQueryOptions(core, { path: { bookId } }), select: (book) => book.year, staleTime: 60_000 });
  const year: number | undefined = selected.data;
  const suspense = useSuspenseQuery(getBookQueryOptions(core, { path: { bookId } }));
  const author: string = suspense.data.author;
  // @ts-expect-error bookId is an integer
  getBookQueryOptions(core, { path: { bookId: "1" } });
  // @ts-expect-error getBook needs its path parameter
  getBookQueryOptions(core, {});
  // @ts-expect-error a Book has no isbn
  void suspense.data.isbn;
  return { title, errorIsTyped, year, author };
}

export function useCreateBook() {
  const client = useQueryClient();
  const cached = client.getQueryData(getBookQueryKey({ path: { bookId: 1 } }));
  const cachedTitle: string | undefined = cached?.title;
  const list = useQuery(listBooksQueryOptions(core, { query: { genre: "fiction" } }));
  const ids: number[] | undefined = list.data?.map((book) => book.id);
  const create = useMutation({
    ...createBookMutationOptions(core),
    onSuccess: (book) => client.invalidateQueries({ queryKey: listBooksQueryKey().slice(0, 1) }).then(() => book.id),
  });
  create.mutate({ body: { title: "Dune", author: "Frank Herbert", year: 1965 } });
  // @ts-expect-error title is a string
  create.mutate({ body: { title: 1, author: "Frank Herbert", year: 1965 } });
  if (create.error instanceof ResponseError && create.error.status === 422) void create.error.body.errors[0]?.loc;
  const remove = useMutation({
    ...deleteBookMutationOptions(core),
    onMutate: () => ({ previous: cached }),
    onError: (_error, _request, context) => context?.previous?.title,
  });
  const removed: undefined = remove.data;
  return { cachedTitle, ids, removed };
}

export async function inNode(): Promise<number> {
  const queryClient = new QueryClient();
  const book = await queryClient.fetchQuery(getBookQueryOptions(core, { path: { bookId: 1 } }));
  const observer = new QueryObserver(queryClient, listBooksQueryOptions(core));
  const books: { title: string }[] | undefined = observer.getCurrentResult().data;
  const created = await new MutationObserver(queryClient, createBookMutationOptions(core)).mutate({ body: { title: "Emma", author: "Jane Austen", year: 1815 } });
  // @ts-expect-error the cache holds Books under a getBook key
  queryClient.setQueryData(getBookQueryKey({ path: { bookId: 1 } }), { isbn: "x" });
  return book.id + created.id + (books?.length ?? 0);
}
`;

/** What the test uses of the generated tanstack-query.ts, loosely typed (its own types are checked by `usage` above). */
type Options = QueryObserverOptions<unknown, Error, unknown, unknown, readonly unknown[]> & { queryKey: readonly unknown[] };
type Mutation = MutationObserverOptions<unknown, Error, object>;
interface TanStackModule {
  getBookQueryKey(request: object): readonly unknown[];
  listBooksQueryKey(request?: object): readonly unknown[];
  getBookQueryOptions(core: ClientCore, request: object, callOptions?: object): Options;
  listBooksQueryOptions(core: ClientCore, request?: object, callOptions?: object): Options;
  createBookMutationOptions(core: ClientCore, callOptions?: object): Mutation;
  deleteBookMutationOptions(core: ClientCore, callOptions?: object): Mutation;
}

let tanstack: TanStackModule;
let createCore: (options: { baseUrl: string; timeout?: number; middleware?: Middleware[] }) => ClientCore;

beforeAll(async () => {
  await generate({ spec: "spec/openapi.yaml", out, tanstackQuery: true, force: true });
  tanstack = (await import(pathToFileURL(path.join(out, "tanstack-query.ts")).href)) as TanStackModule;
  ({ createCore } = (await import(pathToFileURL(path.join(out, "client.ts")).href)) as { createCore: typeof createCore });
}, 300_000);

/** A QueryClient that does not retry (TanStack retries failed queries 3 times by default). */
function queryClient(): QueryClient {
  return new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
}

/** Resolves with the observer's first result that `accept` takes, or rejects after 5 s. */
function resultOf(observer: QueryObserver<unknown, Error, unknown, unknown, readonly unknown[]>, accept: (result: QueryObserverResult<unknown, Error>) => boolean): Promise<QueryObserverResult<unknown, Error>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (unsubscribe(), reject(new Error(`no such result; last: ${JSON.stringify(observer.getCurrentResult().status)}`))), 5_000);
    const unsubscribe = observer.subscribe((result) => {
      if (!accept(result)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(result);
    });
  });
}

/** Resolves once `signal` aborts. */
const aborted = (signal: AbortSignal) => new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));

describe("generate --tanstack-query on the example spec", () => {
  it("writes tanstack-query.ts, which passes tsc --strict with react-query's hooks and query-core's observers, wrong shapes refused", async () => {
    await writeFile(path.join(out, "usage.ts"), usage);
    expect(await typecheckGenerated(out, ["index.ts", "tanstack-query.ts", "usage.ts"])).toBe("");
  }, 300_000);

  it("keys a query by its operation and request: serialisable, the same hash whatever the property order", () => {
    const key = tanstack.getBookQueryKey({ path: { bookId: 1 } });
    expect(key).toEqual(["getBook", { path: { bookId: 1 } }]);
    expect(JSON.parse(JSON.stringify(key))).toEqual(key);
    expect(hashKey(tanstack.listBooksQueryKey({ query: { genre: "fiction", limit: 5 } }))).toBe(hashKey(tanstack.listBooksQueryKey({ query: { limit: 5, genre: "fiction" } })));
    expect(tanstack.listBooksQueryKey()).toEqual(["listBooks", {}]);
    expect(tanstack.createBookMutationOptions(createCore({ baseUrl: "http://127.0.0.1:9" })).mutationKey).toEqual(["createBook"]);
  });

  it("resolves a query with the success body, through fetchQuery and a QueryObserver", async () => {
    const { url } = await startExample(stops);
    const core = createCore({ baseUrl: url });
    const client = queryClient();
    const book = await client.fetchQuery(tanstack.getBookQueryOptions(core, { path: { bookId: 1 } }));
    expect(book).toEqual({ id: 1, title: "Clean Code", author: "Robert C. Martin", year: 2008, genre: "Software Engineering" });
    expect(client.getQueryData(tanstack.getBookQueryKey({ path: { bookId: 1 } }))).toEqual(book);

    const observer = new QueryObserver(client, tanstack.listBooksQueryOptions(core, { query: { limit: 5 } }));
    const result = await resultOf(observer, (next) => next.status === "success");
    expect(result.data).toEqual([book]);
    client.clear();
  });

  it("puts a declared 404 in `error` as a ResponseError with its body; a refused connection as a NetworkError", async () => {
    const { url } = await startExample(stops);
    const client = queryClient();
    const observer = new QueryObserver(client, tanstack.getBookQueryOptions(createCore({ baseUrl: url }), { path: { bookId: 999 } }));
    const result = await resultOf(observer, (next) => next.status === "error");
    expect(result.error).toBeInstanceOf(ResponseError);
    const error = result.error as ResponseError;
    expect(error.status).toBe(404);
    expect(error.body).toMatchObject({ status: 404, title: "Not Found", detail: "Book 999 not found" });
    expect(error.headers.get("content-type")).toBe("application/problem+json");
    expect(error.message).toBe("error response 404: Not Found");
    expect(result.data).toBeUndefined();

    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const refused = await client.fetchQuery(tanstack.getBookQueryOptions(createCore({ baseUrl: `http://127.0.0.1:${port}` }), { path: { bookId: 1 } })).catch((caught: unknown) => caught);
    expect(refused).toBeInstanceOf(NetworkError);
    client.clear();
  });

  it("aborts the request when the query is cancelled: the handler's context.signal aborts", async () => {
    let handlerStarted!: () => void;
    const started = new Promise<void>((resolve) => (handlerStarted = resolve));
    let handlerAborted: Promise<void> | undefined;
    const { url } = await startExample(stops, {
      getBook: async (_input, context) => {
        handlerAborted = aborted(context.signal);
        handlerStarted();
        await handlerAborted;
        return { status: 404, body: { type: "about:blank", title: "Not Found", status: 404 } };
      },
    });
    const client = queryClient();
    const options = tanstack.getBookQueryOptions(createCore({ baseUrl: url, timeout: 10_000 }), { path: { bookId: 1 } });
    const observer = new QueryObserver(client, options);
    const unsubscribe = observer.subscribe(() => {});
    await started;
    await client.cancelQueries({ queryKey: ["getBook"] });
    // Without the signal reaching the request, the handler would wait for its 10 s timeout.
    await Promise.race([handlerAborted, new Promise((_, reject) => setTimeout(() => reject(new Error("the handler's signal did not abort")), 5_000))]);
    expect(client.getQueryState(options.queryKey)?.fetchStatus).toBe("idle");
    unsubscribe();
    client.clear();
  });

  it("runs a mutation with the variables as the request; invalidating by the key prefix refetches the lists only", async () => {
    const { url } = await startExample(stops);
    // Counts the requests each operation sends (the descriptor's method and path).
    const sent: string[] = [];
    const counting: Middleware = { onRequest: ({ operation }) => void sent.push(`${operation.method} ${operation.path}`) };
    const core = createCore({ baseUrl: url, middleware: [counting] });
    const client = queryClient();
    const list = new QueryObserver(client, tanstack.listBooksQueryOptions(core, { query: { limit: 10 } }));
    const book = new QueryObserver(client, tanstack.getBookQueryOptions(core, { path: { bookId: 1 } }));
    const unsubscribes = [list.subscribe(() => {}), book.subscribe(() => {})];
    await resultOf(list, (next) => next.status === "success");
    await resultOf(book, (next) => next.status === "success");
    expect(sent.sort()).toEqual(["GET /books", "GET /books/{bookId}"]);

    const create = new MutationObserver(client, {
      ...tanstack.createBookMutationOptions(core),
      onSuccess: () => client.invalidateQueries({ queryKey: ["listBooks"] }),
    });
    const created = await create.mutate({ body: { title: "Dune", author: "Frank Herbert", year: 1965 } });
    expect(created).toEqual({ id: 2, title: "Dune", author: "Frank Herbert", year: 1965 });
    // invalidateQueries refetches the active lists before onSuccess (and so mutate) settles.
    expect((list.getCurrentResult().data as { title: string }[]).map((item) => item.title)).toEqual(["Clean Code", "Dune"]);
    expect(sent.filter((request) => request === "GET /books")).toHaveLength(2);
    expect(sent.filter((request) => request === "GET /books/{bookId}")).toHaveLength(1);

    // A declared 422 rejects the mutation with its body.
    const invalid = await create.mutate({ body: { title: "", author: "A", year: 500 } }).catch((caught: unknown) => caught);
    expect(invalid).toBeInstanceOf(ResponseError);
    expect((invalid as ResponseError).status).toBe(422);
    expect(((invalid as ResponseError).body as { errors: unknown[] }).errors.length).toBeGreaterThan(0);
    expect(create.getCurrentResult().error).toBe(invalid);
    // A 204 resolves with no data.
    const removed = await new MutationObserver(client, tanstack.deleteBookMutationOptions(core)).mutate({ path: { bookId: 2 } });
    expect(removed).toBeUndefined();
    for (const unsubscribe of unsubscribes) unsubscribe();
    client.clear();
  });

  it("hashes keys holding the bigint of an int64 parameter (int64: \"bigint\"), which JSON.stringify refuses", async () => {
    const int64Out = path.resolve(".test-output", `tanstack-int64-${process.pid}`);
    stops.push(() => rm(int64Out, { recursive: true, force: true }));
    await generate({ spec: "test/fixtures/int64/openapi.yaml", out: int64Out, int64: "bigint", tanstackQuery: true, force: true });
    const routes = (await import(pathToFileURL(path.join(int64Out, "routes.ts")).href)) as { createServer: (handlers: object, options: object) => { listen: (port: number, host: string) => Promise<{ url: string }>; close: () => Promise<void> } };
    const server = routes.createServer({ getAccount: ({ path: { accountId } }: { path: { accountId: bigint } }) => ({ status: 200, body: { accountId: `${typeof accountId}:${accountId}` } }) }, { logger: false });
    const { url } = await server.listen(0, "127.0.0.1");
    stops.push(() => server.close());
    const int64Client = (await import(pathToFileURL(path.join(int64Out, "client.ts")).href)) as { createCore: typeof createCore };
    const module = (await import(pathToFileURL(path.join(int64Out, "tanstack-query.ts")).href)) as {
      hashQueryKey: (key: readonly unknown[]) => string;
      getAccountQueryKey: (request: object) => readonly unknown[];
      getAccountQueryOptions: (core: ClientCore, request: object) => Options;
    };
    const request = { path: { accountId: 9223372036854775807n }, query: { ids: [1n, 2n] } };
    expect(() => hashKey(module.getAccountQueryKey(request))).toThrow(TypeError);
    expect(module.hashQueryKey(module.getAccountQueryKey(request))).toBe('["getAccount",{"path":{"accountId":"9223372036854775807n"},"query":{"ids":["1n","2n"]}}]');
    // Without bigints it is TanStack's own hash.
    expect(module.hashQueryKey(["listBooks", { query: { limit: 5, genre: "x" } }])).toBe(hashKey(["listBooks", { query: { genre: "x", limit: 5 } }]));

    const client = new QueryClient({ defaultOptions: { queries: { retry: false, queryKeyHashFn: module.hashQueryKey } } });
    const data = await client.fetchQuery(module.getAccountQueryOptions(int64Client.createCore({ baseUrl: url }), request));
    expect(data).toEqual({ accountId: "bigint:9223372036854775807" });
    expect(client.getQueryData(module.getAccountQueryKey(request))).toEqual(data);
    client.clear();
    expect(await typecheckGenerated(int64Out, ["index.ts", "tanstack-query.ts"])).toBe("");
  }, 300_000);

  it("is deterministic: the same spec gives the same tanstack-query.ts, byte for byte", async () => {
    await generate({ spec: "spec/openapi.yaml", out: again, tanstackQuery: true });
    expect(await readFile(path.join(again, "tanstack-query.ts"), "utf8")).toBe(await readFile(path.join(out, "tanstack-query.ts"), "utf8"));
  }, 300_000);
});
