/**
 * HTTP strictness at the edge (issue 16), over a real socket on 127.0.0.1 against the example API:
 * request bodies with Content-Encoding are decoded (gzip, deflate, br) within the body limit, any
 * other coding is a 415 and a body that is not what its coding says a 400; `Expect: 100-continue`
 * is answered with 100 only once the server will read the body (no 100 before a 404, 401, 413 or
 * 415); other expectations get 417; two Host headers get 400 (RFC 9112 §3.2). node:net is used
 * where fetch would normalise the request.
 */
import net from "node:net";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exampleServer } from "../helpers/example.js";
import type { ApiServer } from "specwright/runtime";

let server: ApiServer;
let port = 0;
let url = "";
const book = { title: "Dune", author: "Frank Herbert", year: 1965 };

beforeAll(async () => {
  server = exampleServer();
  ({ port, url } = await server.listen(0, "127.0.0.1"));
});
afterAll(() => server.close());

/** Writes `head` (and later `body`) on a fresh connection; resolves with everything read until the server ends it or `until` matches. */
function exchange(head: string, options: { body?: Buffer; sendBodyAfter?: "100" | "never"; until?: RegExp } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let received = "";
    let bodySent = false;
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(received);
    }, 3000);
    socket.on("connect", () => {
      socket.write(head);
      if (options.body && options.sendBodyAfter === undefined) {
        socket.write(options.body);
        bodySent = true;
      }
    });
    socket.on("data", (chunk) => {
      received += chunk.toString("latin1");
      if (options.body && !bodySent && options.sendBodyAfter === "100" && received.startsWith("HTTP/1.1 100 ")) {
        socket.write(options.body);
        bodySent = true;
      }
      if (options.until?.test(received)) {
        clearTimeout(timer);
        socket.destroy();
        resolve(received);
      }
    });
    socket.on("error", reject);
    socket.on("close", () => {
      clearTimeout(timer);
      resolve(received);
    });
  });
}

const finalResponse = /HTTP\/1\.1 [2-5]\d\d [^\r]*\r\n(?:[^\r]+\r\n)*\r\n/;

async function postBook(body: Buffer, encoding: string, contentType = "application/json") {
  const response = await fetch(`${url}/books`, { method: "POST", headers: { "content-type": contentType, "content-encoding": encoding }, body: new Uint8Array(body) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

describe("Content-Encoding on request bodies", () => {
  it.each([
    ["gzip", gzipSync],
    ["x-gzip", gzipSync],
    ["deflate", deflateSync],
    ["br", brotliCompressSync],
  ] as const)("decodes a %s body and validates what it decodes to", async (coding, encode) => {
    const created = await postBook(encode(Buffer.from(JSON.stringify(book))), coding);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject(book);
    const invalid = await postBook(encode(Buffer.from(JSON.stringify({ ...book, year: 500 }))), coding);
    expect(invalid.status).toBe(422);
  });

  it("refuses plain JSON labelled gzip, and a truncated gzip body, with 400", async () => {
    const plain = await postBook(Buffer.from(JSON.stringify(book)), "gzip");
    expect(plain.status).toBe(400);
    expect(plain.body["code"]).toBe("SPW_HTTP_MALFORMED_CONTENT_CODING");
    const whole = gzipSync(Buffer.from(JSON.stringify(book)));
    const truncated = await postBook(whole.subarray(0, whole.length - 6), "gzip");
    expect(truncated.status).toBe(400);
    expect(truncated.body["code"]).toBe("SPW_HTTP_MALFORMED_CONTENT_CODING");
  });

  it("answers 413 to a small gzip body that decodes past the body limit (a compression bomb)", async () => {
    const bomb = gzipSync(Buffer.from(`{"title":"x","author":"y","year":2000${" ".repeat(8 * 1_048_576)}}`));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const response = await postBook(bomb, "gzip");
    expect(response.status).toBe(413);
    expect(response.body["code"]).toBe("SPW_HTTP_BODY_TOO_LARGE");
  });

  it("answers 415 with Accept-Encoding to a coding it does not decode, and to two codings in sequence", async () => {
    for (const coding of ["compress", "zstd", "gzip, br"]) {
      const response = await postBook(Buffer.from("{}"), coding);
      expect(response.status, coding).toBe(415);
      expect(response.body["code"]).toBe("SPW_HTTP_UNSUPPORTED_CONTENT_CODING");
      expect(response.headers.get("accept-encoding")).toBe("gzip, deflate, br");
    }
  });

  it("treats identity as no coding", async () => {
    expect((await postBook(Buffer.from(JSON.stringify(book)), "identity")).status).toBe(201);
  });
});

describe("Expect: 100-continue", () => {
  const body = Buffer.from(JSON.stringify(book));
  const head = (target: string, extra = "") =>
    `POST ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\n${extra}\r\n`;

  it("sends 100 once it will read the body, then the final response", async () => {
    const received = await exchange(head("/books"), { body, sendBodyAfter: "100", until: /HTTP\/1\.1 201 [\s\S]*\r\n\r\n/ });
    expect(received.startsWith("HTTP/1.1 100 Continue\r\n")).toBe(true);
    expect(received).toContain("HTTP/1.1 201 ");
  });

  it.each([
    ["404 for an unknown path", head("/nowhere"), "404"],
    ["415 for an undeclared media type", head("/books").replace("application/json", "text/csv"), "415"],
    ["413 for a Content-Length over the limit", head("/books").replace(`Content-Length: ${body.length}`, "Content-Length: 2000000"), "413"],
    ["401 for a protected operation without credentials", head("/admin/users/2").replace("POST", "DELETE"), "401"],
  ])("answers %s without a 100 first", async (_name, request, status) => {
    const received = await exchange(request, { body, sendBodyAfter: "never", until: finalResponse });
    expect(received.slice(0, 12)).toBe(`HTTP/1.1 ${status}`);
    expect(received).not.toContain("100 Continue");
  });

  it("answers 417 with problem details to an expectation it cannot meet", async () => {
    const received = await exchange(head("/books", "").replace("100-continue", "202-accepted"), { until: /\}$/ });
    expect(received.slice(0, 12)).toBe("HTTP/1.1 417");
    expect(received).toContain("application/problem+json");
    expect(received).toContain("SPW_HTTP_EXPECTATION_FAILED");
  });
});

describe("Host", () => {
  it("answers 400 to a request with two Host headers, and serves one with one", async () => {
    const twice = await exchange("GET /books/1 HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\n\r\n", { until: /\}$/ });
    expect(twice.slice(0, 12)).toBe("HTTP/1.1 400");
    expect(twice).toContain("SPW_HTTP_DUPLICATE_HOST");
    const once = await exchange("GET /books/1 HTTP/1.1\r\nHost: a.example\r\nConnection: close\r\n\r\n");
    expect(once.slice(0, 12)).toBe("HTTP/1.1 200");
  });
});
