/**
 * The example API's handlers: they implement the generated `Handlers` interface, so returning a
 * status or body the spec does not declare fails `tsc`.
 */
import { timingSafeEqual } from "node:crypto";
import type { Handlers, SecurityVerifiers } from "../../generated/handlers.js";
import type { CorsOptions, Hooks } from "specwright/runtime";
import { exampleCapacity, type BookChange, type BookRepository, type UserRepository } from "./store.js";

/** Who called: the holder of an API key. */
export interface Caller {
  name: string;
  role: "admin" | "member";
}

/** The services the handlers use; tests pass their own. */
export interface Services {
  books: BookRepository;
  users: UserRepository;
  /** API key → caller. */
  apiKeys: ReadonlyMap<string, Caller>;
  /** Where deferred work writes what happened (an in-memory list in the example). */
  audit: string[];
}

/**
 * Thrown by handlers when a book does not exist; the `onError` hook of {@link createServerOptions}
 * maps it to the operations' declared 404 (FastAPI's exception handlers).
 */
export class BookNotFound extends Error {
  constructor(readonly bookId: number) {
    super(`Book ${bookId} not found`);
    this.name = "BookNotFound";
  }
}

function problem(status: 403 | 404 | 409 | 507, detail: string) {
  const titles = { 403: "Forbidden", 404: "Not Found", 409: "Conflict", 507: "Insufficient Storage" } as const;
  return { type: "about:blank", title: titles[status], status, detail };
}

/** Builds the handlers over the given services. */
export function createHandlers(services: Services): Handlers<Caller> {
  const { books, users } = services;
  return {
    listBooks({ query }) {
      // limit and offset have defaults in the spec: the runtime fills them in, so they are numbers here.
      // One filter object, built once (an object spread here cost more than the rest of the handler).
      const filter = { genre: query.genre, limit: query.limit, offset: query.offset };
      return { status: 200, body: books.list(filter), headers: { "X-Total-Count": books.count(filter) } };
    },
    watchBookChanges(_input, context) {
      return { status: 200, body: changesUntilAborted(books, context.signal) };
    },
    exportBooks() {
      return { status: 200, body: csvLines(books), headers: { "Content-Disposition": 'attachment; filename="books.csv"' } };
    },
    listFeaturedBooks() {
      return { status: 200, body: books.featured() };
    },
    getBook({ path }) {
      const book = books.get(path.bookId);
      return book ? { status: 200, body: book } : { status: 404, body: problem(404, `Book ${path.bookId} not found`) };
    },
    createBook({ body }, context) {
      const book = books.create(body);
      if (!book) return { status: 507, body: problem(507, `The catalogue is full (${exampleCapacity} books); delete some first`) };
      // Work that need not delay the response (FastAPI's BackgroundTasks).
      context.defer(() => services.audit.push(`book ${book.id} created`));
      return { status: 201, body: book, headers: { Location: `/books/${book.id}` } };
    },
    replaceBook({ path, body }) {
      const book = books.replace(path.bookId, body);
      if (!book) throw new BookNotFound(path.bookId);
      return { status: 200, body: book };
    },
    updateBook({ path, body }) {
      const book = books.update(path.bookId, body);
      if (!book) throw new BookNotFound(path.bookId);
      return { status: 200, body: book };
    },
    deleteBook({ path }) {
      return books.delete(path.bookId) ? { status: 204 } : { status: 404, body: problem(404, `Book ${path.bookId} not found`) };
    },
    createUser({ body }) {
      if (users.findByEmail(body.email)) return { status: 409, body: problem(409, `A user with email ${body.email} exists`) };
      // The stored user carries its password; the response schema marks it writeOnly, so the
      // runtime drops it even though this object has it (FastAPI's response_model).
      const user = users.create(body);
      if (!user) return { status: 507, body: problem(507, `No more users can register (${exampleCapacity})`) };
      return { status: 201, body: user };
    },
    deleteUser({ path }, context) {
      if (context.principal?.role !== "admin") return { status: 403, body: problem(403, "Only administrators can remove users") };
      return users.delete(path.userId) ? { status: 204 } : { status: 404, body: problem(404, `User ${path.userId} not found`) };
    },
  };
}

/**
 * The catalogue's changes as server-sent events, from now until the client disconnects
 * (`signal` aborts), at which point the subscription is dropped.
 */
async function* changesUntilAborted(books: BookRepository, signal: AbortSignal): AsyncGenerator<{ data: BookChange; event: string; id: string }> {
  const pending: BookChange[] = [];
  let wake: (() => void) | undefined;
  const stop = books.watch((change) => {
    pending.push(change);
    wake?.();
  });
  const onAbort = () => wake?.();
  signal.addEventListener("abort", onAbort);
  let sequence = 0;
  try {
    while (!signal.aborted) {
      const change = pending.shift();
      if (change) {
        sequence += 1;
        yield { data: change, event: change.kind, id: String(sequence) };
        continue;
      }
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
  } finally {
    stop();
    signal.removeEventListener("abort", onAbort);
  }
}

/** Every book as CSV lines (RFC 4180 quoting), produced one line at a time. */
async function* csvLines(books: BookRepository): AsyncGenerator<string> {
  const quote = (value: string | number | undefined) => (value === undefined ? "" : /[",\r\n]/.test(String(value)) ? `"${String(value).replace(/"/g, '""')}"` : String(value));
  yield "id,title,author,year,genre\r\n";
  const pageSize = 100;
  for (let offset = 0; ; offset += pageSize) {
    const page = books.list({ limit: pageSize, offset });
    for (const book of page) yield [book.id, book.title, book.author, book.year, book.genre].map(quote).join(",") + "\r\n";
    if (page.length < pageSize) return;
  }
}

/**
 * Compares two strings in time independent of where they differ, with crypto.timingSafeEqual
 * (an early exit would leak how much of a guessed key is right: CWE-208).
 */
function constantTimeEquals(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  // Compare equal-length buffers always, so the length check does not short-circuit the timing.
  const padded = Buffer.alloc(left.length);
  right.copy(padded, 0, 0, Math.min(right.length, left.length));
  return timingSafeEqual(left, padded) && left.length === right.length;
}

/** The security verifiers: the API key must be one of `services.apiKeys`. */
export function createSecurity(services: Services): SecurityVerifiers<Caller> {
  return {
    apiKeyAuth(key) {
      for (const [candidate, caller] of services.apiKeys) if (constantTimeEquals(candidate, key)) return caller;
      return null;
    },
  };
}

/**
 * Everything createServer needs besides the handlers: the API-key verifier, CORS for a browser
 * frontend (`CORS_ORIGIN`, default Vite's dev server http://localhost:5173), and an exception
 * handler that turns {@link BookNotFound} into the declared 404 problem.
 */
export function createServerOptions(services: Services, corsOrigin = process.env["CORS_ORIGIN"] ?? "http://localhost:5173"): {
  security: SecurityVerifiers<Caller>;
  cors: CorsOptions;
  hooks: Hooks;
} {
  return {
    security: createSecurity(services),
    cors: { origin: corsOrigin.split(",").map((origin) => origin.trim()), exposedHeaders: ["Location", "X-Request-Id"] },
    hooks: {
      onError: (error) => (error instanceof BookNotFound ? { status: 404, body: problem(404, error.message) } : undefined),
    },
  };
}
