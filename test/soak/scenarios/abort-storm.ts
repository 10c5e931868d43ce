/**
 * L5 of RELIABILITY §3: requests aborted at random points, over raw sockets, against the example
 * API and the every-form fixture's multipart upload (files above the 64 KiB memory threshold
 * spill to a temporary folder): in the request head, in a JSON body, while the handler runs,
 * while a response streams (server-sent events), and in a multipart upload. Afterwards no
 * uncaught exception or warning in either server, the next requests all succeed, the upload
 * folder is empty, and each heap is within the L2 bound of its baseline.
 */
import { mkdir, readdir } from "node:fs/promises";
import path from "node:path";
import { Pool } from "undici";
import { generate } from "specwright";
import { mebibytes, ScenarioResult } from "../figures.js";
import type { SoakContext } from "../context.js";
import { rawMultipart } from "../../helpers/multipart.js";
import { RawConnection } from "../../helpers/raw-connection.js";
import { startSoakServer, type SoakServer } from "../server-process.js";

/** getBook of this id takes 50 ms, so an abort can land while the handler runs. */
const slowBookId = 999_999;
const boundary = "soak-boundary";
const uploadBody = rawMultipart(boundary, [
  { headers: ['Content-Disposition: form-data; name="title"'], content: "abort storm" },
  { headers: ['Content-Disposition: form-data; name="attachment"; filename="a.bin"', "Content-Type: application/octet-stream"], content: Buffer.alloc(200_000, 7) },
]);
const uploadHead = `POST /multipart/documents HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${uploadBody.length}\r\n\r\n`;
const jsonBody = JSON.stringify({ title: "Aborted", author: "Nobody", year: 2000, genre: "x".repeat(1900) });

const random = (below: number) => Math.floor(Math.random() * below);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The ways a request is cut off, in turn. */
const abortPoints = ["head", "body", "handler", "response", "multipart"] as const;
type AbortPoint = (typeof abortPoints)[number];

/** Sends one request and aborts it at `point` (a random offset or moment within it). */
async function abortOne(point: AbortPoint, example: SoakServer, forms: SoakServer): Promise<void> {
  const connection = await RawConnection.open(point === "multipart" ? forms.port : example.port);
  try {
    if (point === "head") {
      const head = "GET /books/1?genre=x HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n\r\n";
      await connection.write(head.slice(0, 1 + random(head.length - 2)));
    } else if (point === "body") {
      await connection.write(`POST /books HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${jsonBody.length}\r\n\r\n${jsonBody.slice(0, random(jsonBody.length))}`);
    } else if (point === "handler") {
      await connection.write(`GET /books/${slowBookId} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
      await sleep(random(45));
    } else if (point === "response") {
      await connection.write("GET /books/changes HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n");
      await Promise.race([connection.answeredOrClosed(), sleep(2000)]);
    } else {
      await connection.write(Buffer.concat([Buffer.from(uploadHead), uploadBody.subarray(0, random(uploadBody.length))]));
      await sleep(random(3));
    }
  } finally {
    connection.socket.destroy();
  }
}

/** Generates the every-form fixture into the workspace (once per run); resolves with its routes.ts. */
async function formsRoutes(workspace: string): Promise<string> {
  const out = path.join(workspace, "every-form");
  await generate({ spec: path.resolve("test/fixtures/every-form/openapi.yaml"), out });
  return path.join(out, "routes.ts");
}

/** `count` GET /books/1 and `uploads` complete uploads; resolves with how many did not succeed. */
async function followUp(example: SoakServer, forms: SoakServer, count: number, uploads: number): Promise<string[]> {
  const failures: string[] = [];
  const pool = new Pool(example.url, { connections: 10 });
  let next = 0;
  await Promise.all(Array.from({ length: 10 }, async () => {
    for (let index = next++; index < count; index = next++) {
      await pool.request({ method: "GET", path: "/books/1" }).then(async (response) => {
        await response.body.dump();
        if (response.statusCode !== 200) failures.push(`GET /books/1 → ${response.statusCode}`);
      }, (error: Error) => failures.push(`GET /books/1: ${error.message}`));
    }
  }));
  await pool.close();
  for (let index = 0; index < uploads; index++) {
    const response = await fetch(`${forms.url}/multipart/documents`, { method: "POST", headers: { "content-type": `multipart/form-data; boundary=${boundary}` }, body: new Uint8Array(uploadBody) });
    const text = await response.text();
    if (response.status !== 200) failures.push(`upload → ${response.status} ${text.slice(0, 100)}`);
  }
  return failures;
}

/** Polls `check` every 100 ms until it is true or `timeoutMs` passed; resolves with its last answer. */
async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
}

/** L5: `aborts` requests cut off at random points, a fifth at each point. */
export async function abortStorm(context: SoakContext, result: ScenarioResult): Promise<void> {
  const { aborts } = context.counts;
  const uploads = path.join(context.workspace, "uploads");
  await mkdir(uploads, { recursive: true });
  const routes = await formsRoutes(context.workspace);
  const example = await startSoakServer({ api: "example", getBookDelays: { [slowBookId]: 50 } });
  const forms = await startSoakServer({ api: "forms", formsRoutes: routes, uploadsDirectory: uploads });
  try {
    await followUp(example, forms, 500, 20);
    const baselines = [await example.sample(), await forms.sample()];
    const started = performance.now();
    let next = 0;
    const errors: string[] = [];
    await Promise.all(Array.from({ length: 50 }, async () => {
      for (let index = next++; index < aborts; index = next++) {
        await abortOne(abortPoints[index % abortPoints.length]!, example, forms).catch((error: Error) => errors.push(`${abortPoints[index % abortPoints.length]}: ${error.message}`));
      }
    }));
    const seconds = (performance.now() - started) / 1000;
    result.info("aborted requests (head, body, handler, response, multipart: a fifth each)", `${aborts} in ${seconds.toFixed(1)} s`);
    result.equals("aborts that could not be sent (connection refused, say)", errors.length, 0);
    for (const error of errors.slice(0, 3)) result.notes.push(error);
    const followUpCount = context.counts.normalRequests;
    const failures = await followUp(example, forms, followUpCount, 20);
    result.equals(`next ${followUpCount} requests and 20 uploads: failures`, failures.length, 0);
    for (const failure of failures.slice(0, 5)) result.notes.push(failure);
    const emptied = await eventually(async () => (await readdir(uploads)).length === 0, 10_000);
    result.equals("entries left in the upload folder", emptied ? 0 : (await readdir(uploads)).length, 0);
    const afters = [await example.sample(), await forms.sample()];
    ["example", "multipart"].forEach((name, index) => {
      const before = baselines[index]!;
      const after = afters[index]!;
      result.atMost(`${name} server: heapUsed growth after GC`, after.heapUsed - before.heapUsed, 8 * 1_048_576 * context.slack, mebibytes);
      result.equals(`${name} server: uncaught exceptions or unhandled rejections`, after.uncaught.length, 0);
      for (const error of after.uncaught.slice(0, 3)) result.notes.push(`${name}: ${error}`);
      result.equals(`${name} server: warning events`, after.warnings.length, 0);
      for (const warning of after.warnings.slice(0, 3)) result.notes.push(`${name}: ${warning}`);
    });
  } finally {
    await example.stop();
    await forms.stop();
  }
}
