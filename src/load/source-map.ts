import { isMap, isScalar, isSeq, LineCounter, type Document, type Node } from "yaml";
import { formatPointer, parsePointer } from "../wire/json-pointer.js";

/** 1-based line and column of a place in a spec file. */
export interface SourcePosition {
  line: number;
  column: number;
  /**
   * The file the place is in, when it is not the spec itself but a file its `$ref`s reached
   * (bundled-source-map.ts): a path in the form the spec path was given (relative stays relative), or a URL.
   */
  file?: string;
}

/**
 * Finds where a JSON pointer (`#/a/b`) is in a spec file: {@link SourceMap} for YAML,
 * JsonSourceMap for JSON, BundledSourceMap for a spec split over several files.
 */
export interface SourceLocator {
  /** Position of `pointer`, or of its deepest existing ancestor; undefined for an empty document. */
  locate(pointer: string): SourcePosition | undefined;
}

/**
 * Maps JSON pointers (RFC 6901, in `#/a/b` form) to positions in one parsed YAML or JSON file.
 * Points at the key of the deepest existing node on the pointer's path, so a pointer to a missing
 * property still lands on its parent object.
 */
export class SourceMap implements SourceLocator {
  private parsed: { document: Document; lineCounter: LineCounter } | undefined;

  /**
   * `parse` returns the file's parsed YAML document and its line counter. It is called on the
   * first {@link locate}: JSON specs are read with JSON.parse, and only a diagnostic needs positions.
   */
  constructor(private readonly parse: () => { document: Document; lineCounter: LineCounter }) {}

  /** Position of `pointer`, or of its deepest existing ancestor; undefined for an empty document. */
  locate(pointer: string): SourcePosition | undefined {
    const { document, lineCounter } = (this.parsed ??= this.parse());
    let node: Node | null | undefined = document.contents as Node | null;
    let offset = node?.range?.[0];
    for (const segment of parsePointer(pointer)) {
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === segment);
        if (!pair) break;
        offset = (pair.key as Node).range?.[0] ?? offset;
        node = pair.value as Node | null;
      } else if (isSeq(node)) {
        const item = node.items[Number(segment)] as Node | undefined;
        if (!item) break;
        offset = item.range?.[0] ?? offset;
        node = item;
      } else {
        break;
      }
    }
    if (offset === undefined) return undefined;
    const position = lineCounter.linePos(offset);
    return { line: position.line, column: position.col };
  }
}

export { formatPointer, parsePointer };
