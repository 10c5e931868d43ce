/**
 * The counts a soak run uses and what every scenario receives. The defaults are RELIABILITY §3's
 * figures, except where noted in {@link soakCountsFromEnvironment}; `npm test` runs the scenarios
 * with small counts (test/soak/soak.test.ts).
 */

/** How much each scenario does. */
export interface SoakCounts {
  /** L1 and L2: measured requests (L2: per mix). */
  requests: number;
  /** L2: warm-up requests before the baseline. */
  warmup: number;
  /** L1, L2, L8: keep-alive connections (L8: concurrent calls). */
  connections: number;
  /** L3: concurrent chunked uploads, and the size each offers (MiB). */
  uploads: number;
  uploadMebibytes: number;
  /** L4: sockets trickling their headers, and normal requests served meanwhile. */
  slowSockets: number;
  normalRequests: number;
  /** L5: requests aborted at random points. */
  aborts: number;
  /** L6: requests in flight at close(), and idle keep-alive sockets. */
  inFlight: number;
  idleSockets: number;
  /** L7: calls per bad server. */
  clientFaultCalls: number;
  /** L8: calls through the generated client. */
  clientCalls: number;
  /** L9: fast-check runs per property of the wire rules, per end-to-end (HTTP) round-trip property, and mutated JSON bodies sent. */
  propertyRuns: number;
  roundTripRuns: number;
  mutations: number;
  /** L10: the reduced corpus (six specs) or the whole public list. */
  corpus: "reduced" | "full";
  /** G2: generate runs killed at a random moment. */
  generateKills: number;
}

/** RELIABILITY §3's counts. */
export const fullCounts: SoakCounts = {
  requests: 100_000, warmup: 10_000, connections: 100, uploads: 50, uploadMebibytes: 100, slowSockets: 500, normalRequests: 1000,
  aborts: 10_000, inFlight: 200, idleSockets: 50, clientFaultCalls: 100, clientCalls: 50_000, propertyRuns: 10_000, roundTripRuns: 1000, mutations: 10_000,
  corpus: "full", generateKills: 20,
};

/** What a scenario gets. */
export interface SoakContext {
  counts: SoakCounts;
  /** Progress lines (stderr in `npm run soak`). */
  log: (line: string) => void;
  /** A folder of this run inside the repository (generated imports of specwright/* resolve there). */
  workspace: string;
  /**
   * What time and memory bounds are multiplied by: 1 for `npm run soak` (RELIABILITY's figures),
   * 5 in `npm test`, whose bounds check correctness on a loaded machine, not speed.
   */
  slack: number;
}
