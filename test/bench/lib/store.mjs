/**
 * The book store every benchmark server uses: the example's in-memory repository, holding at most
 * the 1000 most recent books the benchmark created (the seed book stays). Unbounded, the valid
 * POSTs of a run (hundreds of thousands) would grow each server's heap by hundreds of MiB, and the
 * POST figures would measure old-generation garbage collection rather than the servers. All three
 * servers get the same store, so they still do the same work behind their HTTP layer. The soak
 * run (test/soak) uses it for the same reason: its figures are the runtime's memory, not the store's.
 */
import { createBookRepository } from "../../../dist/src/example/store.js";

/** Books the benchmark created, kept at most. */
const keptBooks = 1000;

/** The example's book repository, bounded as described above. */
export function createBenchBookRepository() {
  const books = createBookRepository();
  const created = [];
  return {
    ...books,
    create(book) {
      const made = books.create(book);
      if (made) created.push(made.id);
      if (created.length > keptBooks) books.delete(created.shift());
      return made;
    },
  };
}

/** Entries the audit log keeps at most before it is emptied. */
const keptAuditEntries = 1000;

/**
 * The audit log createBook appends to after each response (a deferred task): emptied whenever it
 * reaches 1000 entries. An unbounded one would grow by every POST of a run and tax the figures
 * with old-generation garbage collection (and heap growth) that is the example's, not the
 * runtime's. The deferred task itself still runs for every request.
 * @returns {string[]}
 */
export function createBenchAuditLog() {
  const entries = [];
  entries.push = (...items) => {
    if (entries.length >= keptAuditEntries) entries.length = 0;
    return Array.prototype.push.apply(entries, items);
  };
  return entries;
}
