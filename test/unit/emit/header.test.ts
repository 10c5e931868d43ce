/**
 * The generated header names the spec's path inside a line comment. A path is spec input like any
 * other: a line separator in it (U+2028, which ends a JavaScript line comment) or a line break
 * must not end the comment and turn the rest of the path into code.
 */
import { describe, expect, it } from "vitest";
import { generatedHeader } from "../../../src/emit/header.js";
import type { ApiModel } from "../../../src/model/ir.js";

describe("generatedHeader", () => {
  it("keeps a spec path with line terminators inside its comment", () => {
    const source = "../specs/a\u2028throw new Error('escaped')\u2029\n//b.yaml";
    const header = generatedHeader({ source } as ApiModel);
    expect(header.split("\n")).toHaveLength(3);
    expect(header).not.toMatch(/[\u2028\u2029]/);
    // A comment only: it parses, and running it does nothing.
    expect(() => new Function(header)()).not.toThrow();
    expect(header).toContain("\\u2028throw new Error('escaped')\\u2029\\n//b.yaml");
  });
});
