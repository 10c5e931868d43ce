/**
 * Child process of the client benchmark: `node client-worker.mjs <mode> <baseUrl> <route> <seconds> <callers> <warmupSeconds>`.
 * mode `specwright`: the generated client (dist/generated/client.js) over undiciTransport();
 * mode `undici`: `undici.request` and `body.json()` by hand, sending the same headers the generated
 * client sends (the Accept header the spec gives, which alone costs undici a few µs per request),
 * so the ratio is the client's own overhead. route: `get` (GET /books/1) or
 * `post` (POST /books, a valid book). `callers` async loops call back to back for `seconds`
 * after a warm-up; prints one JSON line: { completed, failed, seconds, p50, p99 } (latencies in ms).
 */
import { request } from "undici";
import { createClient } from "../../dist/generated/client.js";
import { undiciTransport } from "../../dist/src/client/undici.js";
import { validBook } from "./routes.mjs";
import { Samples, percentile } from "./lib/stats.mjs";

const [mode, baseUrl, route, secondsText, callersText, warmupText] = process.argv.slice(2);
const seconds = Number(secondsText);
const callers = Number(callersText);
const warmupSeconds = Number(warmupText ?? 0);

// Exit if the runner goes away.
process.stdin.on("close", () => process.exit(1));
process.stdin.resume();

/** One call; resolves true when the expected status came back with its parsed body. */
function callFunction() {
  if (mode === "specwright") {
    const client = createClient({ baseUrl, transport: undiciTransport() });
    if (route === "get") return async () => (await client.getBook({ path: { bookId: 1 } })).status === 200;
    return async () => (await client.createBook({ body: validBook })).status === 201;
  }
  if (route === "get") {
    const url = `${baseUrl}/books/1`;
    return async () => {
      const response = await request(url, { headers: { accept: "application/json, application/problem+json" } });
      await response.body.json();
      return response.statusCode === 200;
    };
  }
  const url = `${baseUrl}/books`;
  return async () => {
    const response = await request(url, {
      method: "POST",
      headers: { accept: "application/json, application/problem+json", "content-type": "application/json" },
      body: JSON.stringify(validBook),
    });
    await response.body.json();
    return response.statusCode === 201;
  };
}

/** Runs `callers` loops for `durationSeconds`; returns counts and latencies. */
async function drive(call, durationSeconds) {
  const latencies = new Samples();
  let completed = 0;
  let failed = 0;
  const started = performance.now();
  const deadline = started + durationSeconds * 1000;
  async function loop() {
    while (performance.now() < deadline) {
      const before = performance.now();
      const ok = await call().catch(() => false);
      latencies.push(performance.now() - before);
      if (ok) completed++;
      else failed++;
    }
  }
  await Promise.all(Array.from({ length: callers }, loop));
  return { completed, failed, seconds: (performance.now() - started) / 1000, latencies };
}

const call = callFunction();
if (warmupSeconds > 0) await drive(call, warmupSeconds);
const { completed, failed, seconds: elapsed, latencies } = await drive(call, seconds);
const sorted = latencies.sorted();
process.stdout.write(JSON.stringify({ completed, failed, seconds: elapsed, p50: percentile(sorted, 50), p99: percentile(sorted, 99) }) + "\n");
process.exit(0);
