/**
 * L3 of RELIABILITY §3: concurrent chunked uploads of 100 MiB each to POST /books (body limit
 * 1 MiB), over raw sockets: each must get 413 as soon as the limit is passed, the server's peak
 * RSS must stay within 64 MiB of its baseline, and a normal request during the storm succeeds.
 */
import { mebibytes, ScenarioResult } from "../figures.js";
import type { SoakContext } from "../context.js";
import { RawConnection } from "../../helpers/raw-connection.js";
import { startSoakServer } from "../server-process.js";

const MiB = 1_048_576;

/** One chunked upload offering `total` bytes; it stops writing once the server answered or closed. */
async function upload(port: number, total: number): Promise<{ status: number | undefined; sent: number; error?: string }> {
  const connection = await RawConnection.open(port);
  try {
    await connection.write("POST /books HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]);
    const answered = connection.answeredOrClosed();
    let sent = 0;
    let stopped = false;
    void answered.then(() => (stopped = true));
    while (sent < total && !stopped) {
      // A write the server no longer reads would wait forever: the answer ends the wait too.
      await Promise.race([connection.write(frame), answered]);
      sent += chunk.length;
    }
    if (!stopped) await connection.write("0\r\n\r\n");
    const response = await connection.response(30_000).catch((error: Error) => ({ status: undefined, error: error.message }));
    return { status: response.status, sent, ...("error" in response ? { error: response.error } : {}) };
  } finally {
    connection.socket.destroy();
  }
}

/** L3: `uploads` concurrent chunked uploads of `uploadMebibytes` MiB to a 1 MiB route. */
export async function oversizedBodies(context: SoakContext, result: ScenarioResult): Promise<void> {
  const { uploads, uploadMebibytes } = context.counts;
  const server = await startSoakServer({ api: "example" });
  try {
    for (let index = 0; index < 100; index++) await (await fetch(`${server.url}/books/1`)).arrayBuffer();
    const baseline = await server.sample();
    const started = performance.now();
    const storm = Promise.all(Array.from({ length: uploads }, () => upload(server.port, uploadMebibytes * MiB)));
    // A normal request while the uploads are being refused.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const normal = await fetch(`${server.url}/books/1`).then(async (response) => response.status, (error: Error) => error.message);
    const outcomes = await storm;
    const seconds = (performance.now() - started) / 1000;
    const after = await server.sample();
    const refused = outcomes.filter((outcome) => outcome.status === 413).length;
    result.info("uploads × size offered", `${uploads} × ${uploadMebibytes} MiB, chunked`);
    result.equals("uploads answered 413", refused, uploads);
    const others = outcomes.filter((outcome) => outcome.status !== 413);
    if (others.length > 0) result.notes.push(`not 413: ${others.slice(0, 5).map((outcome) => `${outcome.status ?? "no answer"} ${outcome.error ?? ""}`).join("; ")}`);
    result.info("bytes sent per upload before the answer (max)", mebibytes(Math.max(...outcomes.map((outcome) => outcome.sent))));
    result.atMost("server peak RSS over its baseline", Math.max(0, after.maxRss - baseline.rss), 64 * MiB * context.slack, mebibytes);
    result.atMost("storm wall time", seconds, 30 * context.slack, (value) => `${value.toFixed(1)} s`);
    result.equals("normal request during the storm", normal, 200);
    result.equals("uncaught exceptions in the server", after.uncaught.length, 0);
  } finally {
    await server.stop();
  }
}
