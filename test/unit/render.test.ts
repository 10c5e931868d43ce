/**
 * Code frames of diagnostics (src/diagnostics/render.ts): the lines around the diagnostic with a
 * caret under its column, cropped around the column on long lines, so a one-line JSON spec of
 * megabytes (as APIs-guru's documents are) gives a frame of a few hundred characters.
 */
import { describe, expect, it } from "vitest";
import { renderDiagnostic } from "../../src/diagnostics/render.js";
import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";

const at = (line: number, column: number): Diagnostic => ({ code: "SPW_W_LINT_OPEN_REQUEST_BODY", severity: "warning", message: "m", file: "spec.json", line, column });

describe("code frames", () => {
  it("show the two lines above and below with a caret under the column", () => {
    const source = ["a: 1", "b: 2", "c: 3", "d: 4", "e: 5", "f: 6"].join("\n");
    const frame = renderDiagnostic(at(3, 4), { source }).split("\n").slice(1);
    expect(frame).toEqual(["  1 | a: 1", "  2 | b: 2", "> 3 | c: 3", "    |    ^", "  4 | d: 4", "  5 | e: 5"]);
  });

  it("crop a long line around the column, marking what is left out, with the caret still under it", () => {
    const source = `{"x":"${"a".repeat(50_000)}","target":1,"y":"${"b".repeat(50_000)}"}`;
    const column = source.indexOf('"target"') + 1;
    const [, line, marker] = renderDiagnostic(at(1, column), { source }).split("\n");
    expect(line!.length).toBeLessThan(200);
    expect(line).toMatch(/^> 1 \| …a+","target":1,"y":"b+…$/);
    // The caret stands under the quote that opens "target".
    expect(line![marker!.indexOf("^")]).toBe('"');
    expect(line!.slice(marker!.indexOf("^"), marker!.indexOf("^") + 8)).toBe('"target"');
  });

  it("keep the file's line numbers when the window starts deep in a long file", () => {
    const source = Array.from({ length: 10_000 }, (_, index) => `line ${index + 1}`).join("\n");
    const frame = renderDiagnostic(at(9_000, 1), { source }).split("\n").slice(1);
    expect(frame[0]).toBe("  8998 | line 8998");
    expect(frame[2]).toBe("> 9000 | line 9000");
  });
});
