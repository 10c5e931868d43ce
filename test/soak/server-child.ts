/**
 * The server of a soak scenario, in a process of its own so its memory is measured alone:
 * `node --expose-gc --import tsx test/soak/server-child.ts '<SoakServerConfig JSON>'` (started by
 * server-process.ts). It serves either the example API as main.ts builds it (security, CORS, the
 * exception hook; the benchmark's bounded book store and audit log, so a run's hundred thousand
 * POSTs neither fill the store, which would answer 507, nor grow the heap with the example's own
 * data) or the every-form fixture's multipart operations, listens on 127.0.0.1 with an
 * ephemeral port, writes its URL as its first stdout line, and answers over IPC:
 *
 *   { id, command: "sample" } → memory after two full garbage collections (process.memoryUsage()),
 *     peak RSS, active resources by type, open file descriptors, warnings and uncaught errors so far;
 *   { id, command: "stats" }  → handler calls in progress (of the delayed getBook);
 *   { id, command: "close" }  → sends { event: "closing" } once close() is called, then replies with
 *     how long close() took (and sends { event: "closed", … } with the same figures).
 *
 * It exits when its stdin closes (the runner is gone) or on SIGTERM (servers/lifecycle.mjs).
 */
import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { createServer as createApiServer, type ApiDefinition, type ApiServer, type ServerTimeouts, type UploadedFile } from "specwright/runtime";
import { createHandlers } from "../../src/example/handlers.js";
import { createUserRepository } from "../../src/example/store.js";
import { createBenchAuditLog, createBenchBookRepository } from "../bench/lib/store.mjs";
import { announce } from "../bench/servers/lifecycle.mjs";
import { exampleServer } from "../helpers/example.js";

/** What a scenario asks of its server. */
export interface SoakServerConfig {
  /** The example API, or the every-form fixture's multipart operations (generated into `formsRoutes`). */
  api: "example" | "forms";
  /** The generated routes.ts of the every-form fixture (for `api: "forms"`). */
  formsRoutes?: string;
  /** Where multipart uploads spill to temporary files. Default os.tmpdir(). */
  uploadsDirectory?: string;
  timeouts?: Partial<ServerTimeouts>;
  /** getBook of these ids waits this many ms before answering; `null`: never answers. */
  getBookDelays?: Record<string, number | null>;
  /**
   * Call close() as soon as this many delayed getBook calls are in progress at once (for an exact
   * count of requests in flight at close); the child then sends `{ event: "closing" }` and, once
   * closed, `{ event: "closed", closeMs, closedAt }`.
   */
  closeWhenInHandler?: number;
}

/** What `sample` answers. */
export interface ServerSample {
  heapUsed: number;
  rss: number;
  external: number;
  /** Peak RSS of the process so far, bytes. */
  maxRss: number;
  /** process.getActiveResourcesInfo(), counted by type. */
  resources: Record<string, number>;
  fileDescriptors: number;
  warnings: string[];
  uncaught: string[];
}

const config = JSON.parse(process.argv[2] ?? "{}") as SoakServerConfig;
const warnings: string[] = [];
const uncaught: string[] = [];
process.on("warning", (warning) => warnings.push(`${warning.name}: ${warning.message}`));
// A monitor counts without changing what happens: an uncaught error still ends the process.
process.on("uncaughtExceptionMonitor", (error, origin) => uncaught.push(`${origin}: ${(error as Error)?.message ?? String(error)}`));

let inHandler = 0;
let openGate: () => void = () => undefined;
const gate = config.closeWhenInHandler ? new Promise<void>((resolve) => (openGate = resolve)) : Promise.resolve();
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function exampleApi(): ApiServer {
  const services = {
    books: createBenchBookRepository(),
    users: createUserRepository(),
    apiKeys: new Map([["admin-key", { name: "admin", role: "admin" as const }], ["member-key", { name: "member", role: "member" as const }]]),
    audit: createBenchAuditLog(),
  };
  const handlers = createHandlers(services);
  const delays = config.getBookDelays ?? {};
  return exampleServer({ timeouts: config.timeouts ?? {} }, services, {
    getBook: async (input, context) => {
      const delay = delays[String(input.path.bookId)];
      if (delay === undefined) return handlers.getBook(input, context);
      inHandler += 1;
      if (inHandler === config.closeWhenInHandler) {
        openGate();
        void closeServer();
      }
      try {
        // With closeWhenInHandler, every call waits for the last one, so all are in flight at close().
        await gate;
        if (delay === null) await new Promise(() => undefined);
        else await sleep(delay);
        return handlers.getBook(input, context);
      } finally {
        inHandler -= 1;
      }
    },
  });
}

/** Reads every uploaded file to its end and describes it, as the fixture's UploadSummary says. */
async function summarise(body: Record<string, unknown>): Promise<{ fields: Record<string, unknown>; files: object[] }> {
  const fields: Record<string, unknown> = {};
  const files: object[] = [];
  for (const [name, value] of Object.entries(body)) {
    const items = Array.isArray(value) ? value : [value];
    if (items.length === 0 || !items.every((item) => typeof (item as UploadedFile)?.stream === "function")) {
      fields[name] = value;
      continue;
    }
    for (const file of items as UploadedFile[]) {
      const hash = createHash("sha256");
      for await (const chunk of file.stream()) hash.update(chunk as Buffer);
      files.push({ fieldName: file.fieldName, filename: file.filename, mediaType: file.mediaType, size: file.size, sha256: hash.digest("hex") });
    }
  }
  return { fields, files };
}

async function formsApi(): Promise<ApiServer> {
  const { api } = (await import(pathToFileURL(config.formsRoutes!).href)) as { api: ApiDefinition };
  // The fixture's other operations (parameters, forms, responses) are not exercised here.
  const handlers: Record<string, unknown> = Object.fromEntries(api.routes.map((route) => [route.handler, () => ({ status: 200, body: {} })]));
  for (const name of ["uploadDocuments", "replaceAvatar"]) handlers[name] = async ({ body }: { body: Record<string, unknown> }) => ({ status: 200, body: await summarise(body) });
  return createApiServer(api, handlers, {
    logger: false,
    docs: false,
    timeouts: config.timeouts ?? {},
    ...(config.uploadsDirectory ? { uploads: { directory: config.uploadsDirectory } } : {}),
  });
}

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("start the soak server with --expose-gc");

async function sample(): Promise<ServerSample> {
  // Two full collections with a turn of the event loop between, so finalizers and weak callbacks run.
  gc!();
  await new Promise((resolve) => setImmediate(resolve));
  gc!();
  const memory = process.memoryUsage();
  const resources: Record<string, number> = {};
  for (const resource of process.getActiveResourcesInfo()) resources[resource] = (resources[resource] ?? 0) + 1;
  let fileDescriptors = -1;
  try {
    fileDescriptors = readdirSync("/proc/self/fd").length;
  } catch {
    // Not Linux: reported as -1.
  }
  return { heapUsed: memory.heapUsed, rss: memory.rss, external: memory.external, maxRss: process.resourceUsage().maxRSS * 1024, resources, fileDescriptors, warnings: [...warnings], uncaught: [...uncaught] };
}

const server = config.api === "forms" ? await formsApi() : exampleApi();
const { port } = await server.listen(0, "127.0.0.1");

/** Calls close(), reporting when it began and how long it took. */
async function closeServer(): Promise<{ closeMs: number; closedAt: number }> {
  const started = performance.now();
  const closed = server.close();
  process.send?.({ event: "closing" });
  await closed;
  const figures = { closeMs: performance.now() - started, closedAt: Date.now() };
  process.send?.({ event: "closed", ...figures });
  return figures;
}

process.on("message", (message: { id: number; command: string }) => {
  const reply = (result: object) => process.send?.({ id: message.id, ...result });
  if (message.command === "sample") void sample().then(reply);
  else if (message.command === "stats") reply({ inHandler });
  else if (message.command === "close") void closeServer().then(reply);
});
announce(port);
