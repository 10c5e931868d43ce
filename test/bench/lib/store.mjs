/**
 * The book store every benchmark server uses: the example's in-memory repository, holding at most
 * the 1000 most recent books the benchmark created (the seed book stays). Unbounded, the valid
 * POSTs of a run (hundreds of thousands) would grow each server's heap by hundreds of MiB, and the
 * POST figures would measure old-generation garbage collection rather than the servers. All three
 * servers get the same store, so they still do the same work behind their HTTP layer.
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
