/**
 * L1 (mixed load) and L2 (memory soak) of RELIABILITY §3 against the example API in a child
 * process: every response checked against what its request must get, and the server's memory
 * after GC sampled over the run.
 */
import { Pool } from "undici";
import { mebibytes, ScenarioResult } from "../figures.js";
import type { SoakContext } from "../context.js";
import { driveMix, errorKinds, histogramText, mixedKinds, type MixOutcome, type RequestKind } from "../load-driver.js";
import { startSoakServer, type ServerSample, type SoakServer } from "../server-process.js";

const seconds = (value: number) => `${value.toFixed(1)} s`;
const total = (counts: Map<string, number>) => [...counts.values()].reduce((sum, count) => sum + count, 0);

/** Records what every mixed run must show: no 5xx, no socket error, the histogram of the mix, valid 2xx bodies. */
function recordCorrectness(result: ScenarioResult, outcome: MixOutcome, label = ""): void {
  result.equals(`${label}5xx responses`, outcome.serverErrors, 0);
  result.equals(`${label}socket errors or timeouts`, total(outcome.socketErrors), 0);
  if (outcome.socketErrors.size > 0) result.notes.push(`${label}socket errors: ${histogramText(outcome.socketErrors)}`);
  const matches = histogramText(outcome.histogram) === histogramText(outcome.expected);
  result.equals(`${label}status histogram matches the mix`, matches ? "yes" : "no", "yes");
  if (!matches) result.notes.push(`${label}histogram ${histogramText(outcome.histogram)}; the mix prescribes ${histogramText(outcome.expected)}`);
  result.equals(`${label}2xx bodies or headers off their schema (client side)`, outcome.bodyFailureCount, 0);
  for (const failure of outcome.bodyFailures) result.notes.push(`${label}${failure}`);
}

/** L1: the mix of RELIABILITY §3 at `connections` keep-alive connections. */
export async function mixedLoad(context: SoakContext, result: ScenarioResult): Promise<void> {
  const { requests, connections } = context.counts;
  const server = await startSoakServer({ api: "example" });
  try {
    const outcome = await driveMix(server.url, mixedKinds(), requests, { connections });
    result.info("requests × keep-alive connections", `${requests} × ${connections}`);
    recordCorrectness(result, outcome);
    result.info("2xx bodies checked", outcome.bodiesChecked);
    result.atMost("wall time", outcome.seconds, 120 * context.slack, seconds);
    result.info("req/s; latency p50 / p99", `${Math.round(outcome.requests / outcome.seconds)}; ${outcome.latencyP50.toFixed(2)} / ${outcome.latencyP99.toFixed(2)} ms`);
    result.notes.push(`mix per 20 requests: ${[...new Set(mixedKinds().map((kind) => `${kind.name} → ${kind.status}`))].join("; ")}`);
  } finally {
    await server.stop();
  }
}

/** Least-squares slope of `y` over `x`. */
function slope(points: [x: number, y: number][]): number {
  const n = points.length;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / n;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / n;
  const covariance = points.reduce((sum, [x, y]) => sum + (x - meanX) * (y - meanY), 0);
  const variance = points.reduce((sum, [x]) => sum + (x - meanX) ** 2, 0);
  return variance === 0 ? 0 : covariance / variance;
}

const resourceTotal = (sample: ServerSample) => Object.values(sample.resources).reduce((sum, count) => sum + count, 0);
const resourceText = (sample: ServerSample) => Object.entries(sample.resources).sort().map(([name, count]) => `${name} ${count}`).join(", ");

/**
 * One memory phase: warm-up, GC and baseline, then the measured requests in four quarters with an
 * after-GC sample after each, on one pool whose connections stay open (idle) at every sample.
 */
async function memoryPhase(result: ScenarioResult, server: SoakServer, kinds: RequestKind[], label: string, context: SoakContext): Promise<void> {
  const { requests, warmup, connections } = context.counts;
  const pool = new Pool(server.url, { connections, pipelining: 1, keepAliveTimeout: 120_000 });
  try {
    await driveMix(server.url, kinds, warmup, { connections, pool });
    const baseline = await server.sample();
    const points: [number, number][] = [[0, baseline.heapUsed]];
    let last = baseline;
    const quarter = Math.ceil(requests / 4);
    const outcomes: MixOutcome[] = [];
    for (let done = 0; done < requests; done += quarter) {
      outcomes.push(await driveMix(server.url, kinds, Math.min(quarter, requests - done), { connections, pool }));
      last = await server.sample();
      points.push([Math.min(done + quarter, requests), last.heapUsed]);
      context.log(`[L2] ${label}: ${Math.min(done + quarter, requests)} requests, heap ${mebibytes(last.heapUsed)}, RSS ${mebibytes(last.rss)}`);
    }
    result.atMost(`${label}: heapUsed growth after GC`, last.heapUsed - baseline.heapUsed, 8 * 1_048_576 * context.slack, mebibytes);
    result.atMost(`${label}: RSS growth`, last.rss - baseline.rss, 32 * 1_048_576 * context.slack, mebibytes);
    const perRequest = (value: number) => `${value.toFixed(1)} B/request`;
    // Below 50 000 requests, a few hundred KiB of noise in the heap is more than 20 B a request.
    if (requests >= 50_000) result.atMost(`${label}: slope of after-GC heap`, slope(points), 20, perRequest);
    else result.info(`${label}: slope of after-GC heap (not bounded below 50 000 requests)`, perRequest(slope(points)));
    result.info(`${label}: heap after GC at 0/25/50/75/100 %`, points.map(([, heap]) => (heap / 1_048_576).toFixed(2)).join(" / ") + " MiB");
    const merged: MixOutcome = { ...outcomes[0]!, histogram: new Map(), expected: new Map(), socketErrors: new Map(), serverErrors: 0, bodyFailures: [], bodyFailureCount: 0 };
    for (const outcome of outcomes) {
      for (const key of ["histogram", "expected", "socketErrors"] as const) for (const [name, count] of outcome[key]) merged[key].set(name, (merged[key].get(name) ?? 0) + count);
      merged.serverErrors += outcome.serverErrors;
      merged.bodyFailureCount += outcome.bodyFailureCount;
      merged.bodyFailures.push(...outcome.bodyFailures.slice(0, 10 - merged.bodyFailures.length));
    }
    recordCorrectness(result, merged, `${label}: `);
  } finally {
    await pool.close();
  }
}

/** L2: the memory soak, with the mixed load and again with an error-only mix. */
export async function memorySoak(context: SoakContext, result: ScenarioResult): Promise<void> {
  const { requests, warmup } = context.counts;
  const server = await startSoakServer({ api: "example" });
  try {
    const idle = await server.sample();
    result.info("requests per mix (after a warm-up of)", `${requests} (${warmup})`);
    await memoryPhase(result, server, mixedKinds(), "mixed", context);
    await memoryPhase(result, server, errorKinds(), "error-only", context);
    // The client's connections are closed: the server's resources return to what they were idle.
    let after = await server.sample();
    for (let attempt = 0; attempt < 50 && Math.abs(resourceTotal(after) - resourceTotal(idle)) > 2; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = await server.sample();
    }
    result.atMost("active resources vs before, ±", Math.abs(resourceTotal(after) - resourceTotal(idle)), 2);
    result.notes.push(`active resources before: ${resourceText(idle)}; after: ${resourceText(after)}`);
    result.equals("warning events in the server", after.warnings.length, 0);
    for (const warning of after.warnings.slice(0, 5)) result.notes.push(`warning: ${warning}`);
    result.equals("uncaught exceptions in the server", after.uncaught.length, 0);
  } finally {
    await server.stop();
  }
}
