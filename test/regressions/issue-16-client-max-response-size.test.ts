/**
 * Issue 16 (found by the soak run's client fault matrix, RELIABILITY C4): `undiciTransport({
 * maxResponseSize })` passed the limit to undici as a request option, which undici ignores (it is
 * a Client, Pool and Agent option), so a 10 MiB body was read whole and failed as invalid JSON.
 */
import { afterEach, expect, it } from "vitest";
import { Pool } from "undici";
import { NetworkError } from "specwright/client";
import { undiciTransport } from "specwright/client/undici";
import { createClient } from "../../generated/client.js";
import { closeScriptedServers, scripted } from "../helpers/scripted-server.js";

afterEach(closeScriptedServers);

const MiB = 1_048_576;
const tooLarge = (_n: number, _request: unknown, response: import("node:http").ServerResponse) => {
  response.writeHead(200, { "content-type": "application/json" });
  response.end(`{"id": 1, "title": "${"x".repeat(2 * MiB)}", "author": "AB", "year": 2000}`);
};

it("rejects a body over maxResponseSize with undici's ResponseExceededMaxSizeError as the cause", async () => {
  const { url } = await scripted(tooLarge);
  const error = await createClient({ baseUrl: url, transport: undiciTransport({ maxResponseSize: MiB }) }).getBook({ path: { bookId: 1 } }).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(NetworkError);
  expect((error as NetworkError).cause).toMatchObject({ code: "UND_ERR_RES_EXCEEDED_MAX_SIZE" });
  // Under the limit, the same body is read.
  const read = await createClient({ baseUrl: url, transport: undiciTransport({ maxResponseSize: 4 * MiB }) }).getBook({ path: { bookId: 1 } });
  expect(read.status).toBe(200);
});

it("refuses maxResponseSize together with a dispatcher, whose own option it is", async () => {
  const pool = new Pool("http://127.0.0.1:1");
  expect(() => undiciTransport({ maxResponseSize: MiB, dispatcher: pool })).toThrow(/set it on yours/);
  await pool.close();
});
