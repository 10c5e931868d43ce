import type { SourcePosition } from "./source-map.js";
import { parsePointer } from "../wire/json-pointer.js";

import { backslash, closeBrace, closeBracket, colon, comma, openBrace, openBracket, quote } from "./json-text.js";

const newline = 0x0a;

/** Where one member of an object or item of an array sits in the text (UTF-16 offsets). */
interface Entry {
  /** The key's opening quote (an object member) or the value's first character (an array item). */
  start: number;
  /** The value's first character. */
  value: number;
}

/**
 * Positions of JSON pointers in a JSON text, found by scanning the text itself: for a JSON spec,
 * the same positions {@link SourceMap} finds by parsing the text as YAML (which takes 1.5 s and
 * 500 MiB on GitHub's 13 MB spec) in a few milliseconds. Points at the key of the deepest
 * existing node on the pointer's path (the value's start for an array item), as SourceMap does.
 *
 * `text` must be valid JSON whose objects do not repeat a key (what parseStrictJson accepts);
 * anything else is read with the YAML parser and SourceMap. Each object or array on a looked-up
 * path is scanned once and its entries remembered, so many lookups cost about one pass.
 */
export class JsonSourceMap {
  /** Entries of the objects (by key) and arrays (by index) scanned so far, by their first offset. */
  private readonly scanned = new Map<number, Map<string, Entry> | Entry[]>();
  /** Offsets of the line starts, computed on the first {@link locate}. */
  private lineStarts: number[] | undefined;

  constructor(private readonly text: string) {}

  /** 1-based line and column of `pointer` (`#/a/b`), or of its deepest existing ancestor; undefined for an empty text. */
  locate(pointer: string): SourcePosition | undefined {
    let value = this.skipWhitespace(0);
    if (value >= this.text.length) return undefined;
    let offset = value;
    for (const segment of parsePointer(pointer)) {
      const code = this.text.charCodeAt(value);
      let entry: Entry | undefined;
      if (code === openBrace) {
        const members = this.entries(value) as Map<string, Entry>;
        entry = members.get(segment);
      } else if (code === openBracket) {
        // As SourceMap (YAML's `items[Number(segment)]`): "01" and "1.0" name item 1 too.
        const index = Number(segment);
        entry = Number.isInteger(index) && index >= 0 ? (this.entries(value) as Entry[])[index] : undefined;
      }
      if (!entry) break;
      offset = entry.start;
      value = entry.value;
    }
    return this.position(offset);
  }

  /** The members (`{`) or items (`[`) of the container starting at `start`, scanned once. */
  private entries(start: number): Map<string, Entry> | Entry[] {
    let found = this.scanned.get(start);
    if (found) return found;
    const text = this.text;
    const isObject = text.charCodeAt(start) === openBrace;
    const members = new Map<string, Entry>();
    const items: Entry[] = [];
    let index = this.skipWhitespace(start + 1);
    const close = isObject ? closeBrace : closeBracket;
    while (index < text.length && text.charCodeAt(index) !== close) {
      if (isObject) {
        const keyStart = index;
        const keyEnd = this.skipString(keyStart);
        const raw = text.slice(keyStart + 1, keyEnd - 1);
        const key = raw.includes("\\") ? (JSON.parse(text.slice(keyStart, keyEnd)) as string) : raw;
        index = this.skipWhitespace(keyEnd);
        if (text.charCodeAt(index) === colon) index = this.skipWhitespace(index + 1);
        // The first of repeated keys, as SourceMap's `find` (parseStrictJson lets none through).
        if (!members.has(key)) members.set(key, { start: keyStart, value: index });
      } else {
        items.push({ start: index, value: index });
      }
      index = this.skipWhitespace(this.skipValue(index));
      if (text.charCodeAt(index) === comma) index = this.skipWhitespace(index + 1);
    }
    found = isObject ? members : items;
    this.scanned.set(start, found);
    return found;
  }

  /** The offset just past the JSON value that starts at `start`. */
  private skipValue(start: number): number {
    const text = this.text;
    const code = text.charCodeAt(start);
    if (code === quote) return this.skipString(start);
    if (code === openBrace || code === openBracket) {
      let depth = 0;
      for (let index = start; index < text.length; index++) {
        const inner = text.charCodeAt(index);
        if (inner === quote) index = this.skipString(index) - 1;
        else if (inner === openBrace || inner === openBracket) depth++;
        else if ((inner === closeBrace || inner === closeBracket) && --depth === 0) return index + 1;
      }
      return text.length;
    }
    // A number, true, false or null: up to the next delimiter.
    let index = start;
    while (index < text.length) {
      const inner = text.charCodeAt(index);
      if (inner === comma || inner === closeBrace || inner === closeBracket || isWhitespace(inner)) break;
      index++;
    }
    return index;
  }

  /** The offset just past the string whose opening quote is at `start`. */
  private skipString(start: number): number {
    const text = this.text;
    for (let index = start + 1; ; ) {
      const end = text.indexOf('"', index);
      if (end === -1) return text.length;
      let backslashes = 0;
      while (text.charCodeAt(end - 1 - backslashes) === backslash) backslashes++;
      if (backslashes % 2 === 0) return end + 1;
      index = end + 1;
    }
  }

  private skipWhitespace(start: number): number {
    let index = start;
    while (index < this.text.length && isWhitespace(this.text.charCodeAt(index))) index++;
    return index;
  }

  /** Line and column (1-based, UTF-16 units) of an offset; lines end at LF, as YAML's LineCounter counts them. */
  private position(offset: number): SourcePosition {
    if (!this.lineStarts) {
      this.lineStarts = [0];
      for (let index = this.text.indexOf("\n"); index !== -1; index = this.text.indexOf("\n", index + 1)) this.lineStarts.push(index + 1);
    }
    const starts = this.lineStarts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - starts[low]! + 1 };
  }
}

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === newline || code === 0x0d || code === 0x09;
}
