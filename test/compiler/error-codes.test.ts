import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { diagnosticCodes } from "../../src/diagnostics/codes.js";
import { httpErrorCodes } from "../../src/runtime/errors.js";

describe("docs/errors.md", () => {
  it("lists exactly the compile-time and run-time codes, with their statuses", async () => {
    const text = await readFile("docs/errors.md", "utf8");
    const documented = [...text.matchAll(/^\| `(SPW_[A-Z_]+)` \| ([^|]+) \|/gm)].map((match) => [match[1], match[2]!.trim()]);
    const expected = [
      ...Object.keys(diagnosticCodes).map((code) => [code, code.startsWith("SPW_W") ? "warning" : "error"]),
      ...Object.entries(httpErrorCodes).map(([code, entry]) => [code, String(entry.status)]),
    ];
    expect(documented).toEqual(expected);
  });
});
