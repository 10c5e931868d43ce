/**
 * Response serialisers as generated code: for each response schema that declares properties, a
 * function that writes a body's JSON text keeping only the declared, non-`writeOnly` properties
 * (FastAPI's response_model), in the schema's order. Component schemas get one function each,
 * named after the schema (`writeBook`), shared by every response that refers to them; inline
 * shapes are named after where they first appear (`writeListBooks200Json`, `writeBookAuthor`) and
 * shared with every identical shape. Functions are written in order of first use, so the output
 * is deterministic. Spec text reaches the code only through emit/code/literals.
 */
import { IdentifierAllocator, toCamelIdentifier, toPascalCase } from "../../model/names.js";
import { docText, identifier, singleQuotedLiteral, stringLiteral } from "../code/literals.js";
import type { ResponseShape } from "../shapes.js";

/** The kernel function that writes a value with nothing to leave out (src/runtime/json-writer.ts). */
const plainWriter = "writeJson";

/** Every helper of src/runtime/json-writer.ts, whose names generated functions must not take. */
const kernelHelpers = ["hasOwn", "isJsonObject", "quoteJson", "writeArray", "writeBody", "writeJson", "writeMember", "writeOtherProperties", "writeTuple", "maxResponseDepth"];

/** Collects serialiser functions as they are asked for, and prints them. */
export class Serializers {
  /** Function name by shape (its JSON text), so identical shapes share one function. */
  private readonly byShape = new Map<string, string>();
  private readonly functions: string[] = [];
  /** Kernel helpers the functions call, for the import list. */
  readonly helpers = new Set<string>();

  /**
   * `names` is the allocator of the whole generated module, so serialisers never take a name
   * another declaration has; the kernel helpers' names are reserved in it here.
   */
  constructor(
    private readonly shapeOfReference: (ref: string) => ResponseShape,
    private readonly names: IdentifierAllocator = new IdentifierAllocator(),
  ) {
    for (const helper of kernelHelpers) names.allocate(helper);
  }

  /**
   * The name of the JsonWriter for `shape` (a kernel function or a generated one, emitted on first
   * use); an inline shape is named after `hint`, where it appears (`ListBooks 200 json`), and its
   * doc comment says `where` in words ("the 200 application/json body of listBooks").
   */
  writerFor(shape: ResponseShape, hint: string, where: string): string {
    if (shape.kind === "any") {
      this.helpers.add(plainWriter);
      return plainWriter;
    }
    if (shape.kind === "ref") return this.referenceWriter(shape.ref);
    const key = JSON.stringify(shape);
    const existing = this.byShape.get(key);
    if (existing) return existing;
    const name = this.names.allocate(toCamelIdentifier(`write ${hint}`));
    this.byShape.set(key, name);
    this.functions.push(shape.kind === "array" ? this.arrayFunction(name, shape, hint, where) : this.objectFunction(name, shape, hint, where));
    return name;
  }

  /** Whether any function was generated. */
  get isEmpty(): boolean {
    return this.functions.length === 0;
  }

  /** The generated functions (and the constants they use), in order of first use. */
  declarations(): string[] {
    return this.functions;
  }

  private referenceWriter(ref: string): string {
    const key = `ref:${ref}`;
    const existing = this.byShape.get(key);
    if (existing) return existing;
    const shape = this.shapeOfReference(ref);
    if (shape.kind === "any") {
      this.byShape.set(key, plainWriter);
      this.helpers.add(plainWriter);
      return plainWriter;
    }
    const base = referenceName(ref);
    const name = this.names.allocate(toCamelIdentifier(`write ${base}`));
    this.byShape.set(key, name);
    // Reserved before the body is written: recursive schemas refer to their own function.
    const index = this.functions.push("") - 1;
    const where = `\`${base}\` (${ref})`;
    this.functions[index] =
      shape.kind === "object" ? this.objectFunction(name, shape, base, where)
      : shape.kind === "array" ? this.arrayFunction(name, shape, base, where)
      : `${doc(`${where} as JSON: as ${shape.ref}.`)}\nfunction ${identifier(name)}(value: unknown, depth: number): string | undefined {\n  return ${this.referenceWriter(shape.ref)}(value, depth);\n}\n`;
    return name;
  }

  /** A call that writes `value` (an expression) at `depth` (an expression) by `shape`. */
  private writeCall(shape: ResponseShape, value: string, depth: string, hint: string, where: string): string {
    if (shape.kind === "array" && shape.prefixItems === undefined) {
      this.helpers.add("writeArray");
      return `writeArray(${value}, ${depth}, ${this.writerFor(shape.items, `${hint} item`, `${where}, each item`)})`;
    }
    const writer = this.writerFor(shape, hint, where);
    // The plain writer needs no depth: JSON.stringify has its own.
    return writer === plainWriter ? `${writer}(${value})` : `${writer}(${value}, ${depth})`;
  }

  private arrayFunction(name: string, shape: Extract<ResponseShape, { kind: "array" }>, hint: string, where: string): string {
    const lines = [doc(`${capitalise(where)} as JSON: an array${itemsNote(shape)}.`)];
    lines.push(`function ${identifier(name)}(value: unknown, depth: number): string | undefined {`);
    if (shape.prefixItems) {
      this.helpers.add("writeTuple");
      const prefix = shape.prefixItems.map((item, index) => this.writerFor(item, `${hint} item ${index}`, `${where}, item ${index}`));
      lines.push(`  return writeTuple(value, depth, [${prefix.join(", ")}], ${this.writerFor(shape.items, `${hint} item`, `${where}, each further item`)});`);
    } else {
      this.helpers.add("writeArray");
      lines.push(`  return writeArray(value, depth, ${this.writerFor(shape.items, `${hint} item`, `${where}, each item`)});`);
    }
    lines.push("}");
    return lines.join("\n") + "\n";
  }

  private objectFunction(name: string, shape: Extract<ResponseShape, { kind: "object" }>, hint: string, where: string): string {
    this.helpers.add("isJsonObject").add("hasOwn").add(plainWriter);
    if (shape.properties.length > 0) this.helpers.add("writeMember");
    const declaredNames = shape.properties.map(([property]) => property);
    const kept = declaredNames.length > 0 ? declaredNames.join(", ") : "no declared properties";
    const others = shape.keepAdditional ? "other properties are kept" : "other properties are left out";
    const writeOnly = shape.writeOnly?.length ? `; write-only ${shape.writeOnly.join(", ")} never` : "";
    const lines: string[] = [];
    let namesConstant: string | undefined;
    if (shape.keepAdditional) {
      this.helpers.add("writeOtherProperties");
      namesConstant = this.names.allocate(`${name}Declared`);
      const listed = [...declaredNames, ...(shape.writeOnly ?? [])].map(stringLiteral).join(", ");
      lines.push(doc(`The property names ${identifier(name)} writes itself or never writes.`));
      lines.push(`const ${identifier(namesConstant)}: ReadonlySet<string> = new Set([${listed}]);\n`);
    }
    lines.push(doc(`${capitalise(where)} as JSON: ${kept}; ${others}${writeOnly}.`));
    lines.push(`function ${identifier(name)}(value: unknown, depth: number): string | undefined {`);
    lines.push(`  if (!isJsonObject(value, depth)) return ${plainWriter}(value);`);
    lines.push(`  let json = "";`);
    for (const [property, propertyShape] of shape.properties) {
      const key = stringLiteral(property);
      const call = this.writeCall(propertyShape, `value[${key}]`, "depth + 1", `${hint} ${property}`, `${where}, property ${property}`);
      lines.push(`  json += hasOwn(value, ${key}) ? writeMember(${singleQuotedLiteral(`,${JSON.stringify(property)}:`)}, ${call}) : "";`);
    }
    if (namesConstant) {
      const additional = this.writerFor(shape.additional ?? { kind: "any" }, `${hint} additional`, `${where}, each other property`);
      lines.push(`  json += writeOtherProperties(value, ${identifier(namesConstant)}, ${additional}, depth);`);
    }
    lines.push(`  return "{" + json.slice(1) + "}";`);
    lines.push("}");
    return lines.join("\n") + "\n";
  }
}

/** `Book` for `#/components/schemas/Book`; the last segment of any other pointer. */
export function referenceName(ref: string): string {
  const segment = ref.slice(ref.lastIndexOf("/") + 1).replace(/~1/g, "/").replace(/~0/g, "~");
  return /[A-Za-z0-9]/.test(segment) ? toPascalCase(toCamelIdentifier(segment)).replace(/^_/, "") : "Schema";
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function itemsNote(shape: Extract<ResponseShape, { kind: "array" }>): string {
  return shape.prefixItems ? `, its first ${shape.prefixItems.length} items by position` : "";
}

function doc(text: string): string {
  return `/** ${docText(text).replace(/\n/g, " ")} */`;
}
