/**
 * The fast subset of `npm run soak` (test/soak/run.ts): the same scenarios with small counts and
 * every time and memory bound multiplied by 5, so they check correctness on a loaded machine
 * (no 5xx, the status histogram of the mix, 413 for every oversized upload, nothing lost on close,
 * a killed generate leaving a whole tree), not speed. Servers run in child processes on 127.0.0.1,
 * from the sources (tsx) and, for the SIGTERM and generate checks, from dist/ (pretest builds it).
 */
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { killAll } from "../bench/lib/processes.mjs";
import type { SoakContext, SoakCounts } from "./context.js";
import { runScenario, scenarios } from "./scenarios.js";

const counts: SoakCounts = {
  requests: 3000, warmup: 1000, connections: 10, uploads: 50, uploadMebibytes: 4, slowSockets: 50, normalRequests: 100,
  aborts: 500, inFlight: 50, idleSockets: 10, clientFaultCalls: 10, clientCalls: 2000, propertyRuns: 50, roundTripRuns: 10, mutations: 300,
  corpus: "reduced", generateKills: 3,
};
const workspace = path.resolve(".test-output", `soak-${process.pid}`);
const context: SoakContext = { counts, log: () => undefined, workspace, slack: 5 };
afterAll(async () => {
  killAll();
  await rm(workspace, { recursive: true, force: true });
});

/** Runs one scenario and expects every bounded figure to pass (the table of misses is the failure message). */
async function expectScenarioPasses(id: string): Promise<void> {
  await mkdir(workspace, { recursive: true });
  const result = await runScenario(scenarios.find((scenario) => scenario.id === id)!, context);
  const misses = result.misses.map((figure) => `${figure.name}: ${figure.value} (bound ${figure.bound})`);
  expect(misses, [...misses, ...result.notes].join("\n")).toEqual([]);
  // Something was measured: a scenario that checks nothing cannot pass.
  expect(result.figures.filter((figure) => figure.pass === true).length).toBeGreaterThan(0);
}

describe("npm run soak, with small counts", () => {
  it("L1: 3000 mixed requests give no 5xx, no socket error, the histogram of the mix and valid 2xx bodies", () => expectScenarioPasses("L1"), 180_000);
  it("L2: the server's heap and RSS after GC stay flat over the mixed and the error-only mix", () => expectScenarioPasses("L2"), 300_000);
  it("L3: 50 concurrent chunked uploads over the body limit all get 413", () => expectScenarioPasses("L3"), 120_000);
  it("L4: slowloris sockets are closed while normal requests are served", () => expectScenarioPasses("L4"), 120_000);
  it("L5: aborted requests leave no upload behind, no uncaught error and no warning", () => expectScenarioPasses("L5"), 180_000);
  it("L6: close() answers requests in flight, refuses later ones with 503, bounds a stuck handler; the example exits 0 on SIGTERM", () => expectScenarioPasses("L6"), 180_000);
  it("L7: the generated client settles every call to five bad servers with its typed error", () => expectScenarioPasses("L7"), 180_000);
  it("L8: the generated client's calls give no unexpected error, stay within the pool and keep its heap flat", () => expectScenarioPasses("L8"), 180_000);
  it("L11: no pattern or format of the example API takes over 100 ms on its adversarial strings", () => expectScenarioPasses("L11"), 300_000);
  it("G2: generate killed at random moments leaves the old tree or the new one", () => expectScenarioPasses("G2"), 600_000);
});
