import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);

describe("tsc --strict", () => {
  it("accepts generated/, the example handlers, the sources and the type tests (unused @ts-expect-error fails it)", async () => {
    const tsc = path.resolve("node_modules/typescript/bin/tsc");
    const result = await run(process.execPath, [tsc, "-p", "tsconfig.json", "--noEmit"]).then(
      () => ({ code: 0, stdout: "" }),
      (error: { code: number; stdout: string }) => error,
    );
    expect(result.stdout).toBe("");
    expect(result.code).toBe(0);
  }, 180_000);
});
