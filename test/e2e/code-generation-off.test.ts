/**
 * The runtime writes no code at run time (issue 13): the example, compiled (dist/, pretest builds
 * it), serves under `node --disallow-code-generation-from-strings`, where `new Function` and
 * `eval` throw. Its response serialisers were generated at build time, so bodies are still
 * filtered (undeclared and write-only properties left out). Over a real socket, in a child process.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let child: ChildProcess;
let output = "";
let base = "";

beforeAll(async () => {
  child = spawn(process.execPath, ["--disallow-code-generation-from-strings", "dist/src/example/main.js"], {
    env: { ...process.env, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stderr!.on("data", (chunk) => (output += chunk));
  base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the example did not start:\n${output}`)), 20_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk;
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
  });
}, 30_000);
afterAll(() => {
  if (child.exitCode === null) child.kill("SIGTERM");
});

describe("the example under --disallow-code-generation-from-strings", () => {
  it("reads parameters, validates, and writes filtered bodies", async () => {
    const page = await fetch(`${base}/books?limit=1`);
    expect(page.status).toBe(200);
    expect(page.headers.get("x-total-count")).toBe("1");
    expect(await page.json()).toEqual([{ id: 1, title: "Clean Code", author: "Robert C. Martin", year: 2008, genre: "Software Engineering" }]);

    const created = await fetch(`${base}/books`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ title: "Dune", author: "Frank Herbert", year: 1965 }) });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ title: "Dune", author: "Frank Herbert", year: 1965 });

    const invalid = await fetch(`${base}/books?limit=0x10`);
    expect(invalid.status).toBe(422);
    expect((await invalid.json()).errors).toMatchObject([{ in: "query", loc: ["query", "limit"] }]);

    const user = await fetch(`${base}/users`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "ada@example.com", username: "ada", password: "correct horse battery" }) });
    expect(user.status).toBe(201);
    const body = (await user.json()) as Record<string, unknown>;
    expect(body["username"]).toBe("ada");
    expect(body).not.toHaveProperty("password");
  });
});
