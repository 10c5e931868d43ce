import { afterEach, describe, expect, it } from "vitest";
import { Code, codeLiteral, docText, identifier, propertyAccess, propertyKey, stringLiteral } from "../../src/emit/code/literals.js";

/** Evaluates generated expression text the way a module would see it. */
function evaluate(text: string): unknown {
  return new Function(`return ${text}`)();
}

const hostileStrings = [
  "${globalThis.__pwned = 1}",
  "`; globalThis.__pwned = 1; `",
  '"; globalThis.__pwned = 1; "',
  "'; globalThis.__pwned = 1; '",
  "</script><script>globalThis.__pwned = 1</script>",
  "back\\slash\\",
  "\\u0022",
  "line\u2028separator\u2029paragraph",
  "*/ globalThis.__pwned = 1; /*",
  "\r\n\t\0\b\f\v",
  "\ud800 lone surrogate",
  "😀",
];

afterEach(() => {
  delete (globalThis as { __pwned?: unknown }).__pwned;
});

describe("stringLiteral", () => {
  it("escapes U+2028 and U+2029 as \\u escapes", () => {
    const text = stringLiteral("a\u2028b\u2029c");
    expect(text).toBe('"a\\u2028b\\u2029c"');
    expect(text).not.toMatch(/[\u2028\u2029]/);
  });

  it("escapes quotes and backslashes", () => {
    expect(stringLiteral('say "hi" \\ bye')).toBe('"say \\"hi\\" \\\\ bye"');
  });

  it.each(hostileStrings)("evaluates back to %j", (text) => {
    expect(evaluate(stringLiteral(text))).toBe(text);
    expect((globalThis as { __pwned?: unknown }).__pwned).toBeUndefined();
  });
});

describe("propertyKey and propertyAccess", () => {
  it.each([
    ["x-api-key", '"x-api-key"'],
    ["__proto__", '"__proto__"'],
    ['a"b', '"a\\"b"'],
    ["*/", '"*/"'],
    ["1abc", '"1abc"'],
    ["", '""'],
    ["a b", '"a b"'],
    ["ünïcode", '"ünïcode"'],
  ])("quotes %j", (name, expected) => {
    expect(propertyKey(name)).toBe(expected);
  });

  it.each([["name"], ["_private"], ["$ref"], ["camelCase2"]])("keeps identifier %j bare", (name) => {
    expect(propertyKey(name)).toBe(name);
  });

  it("reads the right property through propertyAccess", () => {
    const record = { "x-api-key": 1, name: 2, 'a"b': 3 };
    for (const [name, value] of Object.entries(record)) {
      expect(propertyAccess(name)).toMatch(/^(\.|\[)/);
      expect(new Function("o", `return o${propertyAccess(name)}`)(record)).toBe(value);
    }
  });
});

describe("docText", () => {
  it("cannot close a JSDoc comment", () => {
    expect(docText("ends */ here")).toBe("ends *\\/ here");
    expect(docText("**/*/")).toBe("**\\/*\\/");
  });

  it("normalises CRLF, CR, U+2028 and U+2029 to LF", () => {
    expect(docText("a\r\nb\rc\u2028d\u2029e")).toBe("a\nb\nc\nd\ne");
  });

  it("trims surrounding whitespace", () => {
    expect(docText("  \n text \n ")).toBe("text");
  });

  it("produces a comment that evaluates as a comment", () => {
    const comment = `/** ${docText("x */ globalThis.__pwned = 1; /* y")} */`;
    evaluate(`${comment} 1`);
    expect((globalThis as { __pwned?: unknown }).__pwned).toBeUndefined();
  });
});

describe("codeLiteral", () => {
  it("round-trips hostile strings in keys, values and arrays", () => {
    const input: Record<string, unknown> = {};
    hostileStrings.forEach((text, index) => {
      input[text] = text;
      input[`k${index}`] = [text, { [text]: [text] }];
    });
    input["nested"] = { list: hostileStrings, numbers: [0, -1.5, 1e21], flags: [true, false, null] };
    const text = codeLiteral(input);
    expect(evaluate(text)).toEqual(input);
    expect((globalThis as { __pwned?: unknown }).__pwned).toBeUndefined();
  });

  it("keeps an own __proto__ key as data, not as the prototype", () => {
    const input = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    const output = evaluate(codeLiteral(input)) as Record<string, unknown>;
    expect(Object.keys(output)).toEqual(["__proto__", "a"]);
    expect(Object.getPrototypeOf(output)).toBe(Object.prototype);
    expect((output as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(output, "__proto__")?.value).toEqual({ polluted: true });
  });

  it("keeps key order and omits undefined members", () => {
    const output = evaluate(codeLiteral({ b: 1, a: undefined, c: [1, 2] }));
    expect(Object.keys(output as object)).toEqual(["b", "c"]);
  });

  it("breaks long values over lines and stays valid", () => {
    const input = { long: "x".repeat(120), items: Array.from({ length: 40 }, (_, index) => index) };
    const text = codeLiteral(input);
    expect(text).toContain("\n");
    expect(evaluate(text)).toEqual(input);
  });

  it("inserts Code as is", () => {
    expect(codeLiteral({ fn: new Code("validateBook") })).toBe("{ fn: validateBook }");
  });

  it("prints empty containers", () => {
    expect(codeLiteral([])).toBe("[]");
    expect(codeLiteral({})).toBe("{}");
  });

  it.each([[Number.NaN], [Infinity], [-Infinity]])("throws on non-finite number %s", (value) => {
    expect(() => codeLiteral(value)).toThrow(/non-finite/);
  });

  it.each([[undefined], [() => 1], [Symbol("s")], [10n]])("throws on %s", (value) => {
    expect(() => codeLiteral(value)).toThrow(/cannot print/);
  });
});

describe("identifier", () => {
  it.each([["name"], ["_x"], ["$y"], ["A1"]])("returns %j unchanged", (name) => {
    expect(identifier(name)).toBe(name);
  });

  it.each([[""], ["1a"], ["a-b"], ["a b"], ["a.b"], ["ünï"], ["a\u2028"], ["x;alert(1)"]])("throws on %j", (name) => {
    expect(() => identifier(name)).toThrow(/not a valid identifier/);
  });
});
