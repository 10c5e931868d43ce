/**
 * Traffic for graceful-shutdown checks: keep-alive connections each sending GETs and POSTs to the
 * example API in turn while the server closes, sorting every request into answered (any status
 * but 503), unavailable (503), refused (ECONNREFUSED once closing began: the listener was closed
 * and the request never sent) and lost (anything else: a reset, a timeout, a connection closed
 * under a sent request, which a client cannot safely retry when it was a POST).
 */
import { errors, type Pool } from "undici";

/** How the requests of {@link loadUntilClosed} ended. */
export interface ShutdownOutcomes {
  answered: number;
  unavailable: number;
  refused: number;
  /** One line per lost request: method, error code, message. */
  lost: string[];
}

/**
 * Opens every connection of `pool` with one GET each, so a close that follows does not race the
 * kernel completing connections the server has not accepted yet (those are reset by the kernel,
 * whatever the server does).
 */
export async function openConnections(pool: Pool, connections: number): Promise<void> {
  await Promise.all(Array.from({ length: connections }, async () => (await pool.request({ method: "GET", path: "/books/1" })).body.dump()));
}

/**
 * Runs `connections` callers over `pool`, each sending up to `rounds` requests (POST /books and
 * GET /books/1 alternately), until a request is refused once `closing()` is true. Throws what is
 * not a network error (a bug in the caller).
 */
export async function loadUntilClosed(pool: Pool, connections: number, rounds: number, closing: () => boolean): Promise<ShutdownOutcomes> {
  const outcomes: ShutdownOutcomes = { answered: 0, unavailable: 0, refused: 0, lost: [] };
  const book = JSON.stringify({ title: "Dune", author: "Frank Herbert", year: 1965 });
  const caller = async (index: number) => {
    for (let round = 0; round < rounds; round++) {
      const post = (index + round) % 2 === 0;
      try {
        const response = await pool.request(post
          ? { method: "POST", path: "/books", headers: { "content-type": "application/json" }, body: book }
          : { method: "GET", path: "/books/1" });
        await response.body.dump();
        if (response.statusCode === 503) outcomes.unavailable += 1;
        else outcomes.answered += 1;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (closing() && code === "ECONNREFUSED") {
          outcomes.refused += 1;
          return;
        }
        outcomes.lost.push(`${post ? "POST" : "GET"} ${code ?? ""} ${(error as Error).message}`);
        if (!(error instanceof errors.UndiciError) && code === undefined) throw error;
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, (_, index) => caller(index)));
  return outcomes;
}
