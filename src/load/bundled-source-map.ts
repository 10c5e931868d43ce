import { LineCounter, parseDocument } from "yaml";
import { formatPointer, parsePointer } from "../wire/json-pointer.js";
import type { ExternalOrigin } from "./external-references.js";
import { JsonSourceMap } from "./json-source-map.js";
import { parseStrictJson } from "./json-text.js";
import { SourceMap, type SourceLocator, type SourcePosition } from "./source-map.js";

/** A file a multi-file spec reached: the name messages give it, and its text. */
export interface ReachedFile {
  /** The file as messages name it (`spec/schemas/pet.yaml`, or a URL). */
  file: string;
  text: string;
}

/**
 * Positions in a document bundled from several files (external-references.ts): a pointer into a
 * copied object (`#/components/schemas/Dog/properties/breed`) is found in the file it was copied
 * from (`schemas/dog.yaml`, at `#/Dog/properties/breed`), and reported with that file's name;
 * every other pointer is found in the spec itself. A file is parsed for positions (as JSON when it
 * is JSON without repeated keys, else as YAML) only when a position in it is asked for.
 */
export class BundledSourceMap implements SourceLocator {
  private readonly origins = new Map<string, ExternalOrigin>();
  private readonly locators = new Map<string, SourceLocator>();

  /**
   * `root` locates pointers in the spec; `origins` say where the copies came from; `fileAt(url)`
   * gives a reached file by URL, or undefined when its text was not kept.
   */
  constructor(
    private readonly root: SourceLocator,
    origins: readonly ExternalOrigin[],
    private readonly fileAt: (url: string) => ReachedFile | undefined,
  ) {
    for (const origin of origins) this.origins.set(origin.pointer, origin);
  }

  /** Position of `pointer` in the bundled document: in the file its node came from, with that file's name. */
  locate(pointer: string): SourcePosition | undefined {
    const segments = parsePointer(pointer);
    // The longest prefix that is a copy wins: copies can sit inside copies (a path item's callbacks).
    for (let length = segments.length; length > 0; length--) {
      const origin = this.origins.get(formatPointer(segments.slice(0, length)));
      if (origin) return this.locateInFile(origin.url, formatPointer([...parsePointer(origin.sourcePointer), ...segments.slice(length)]));
    }
    return this.root.locate(pointer);
  }

  /** Position of `pointer` (as written in that file) in the reached file at `url`, with the file's name. */
  locateInFile(url: string, pointer: string): SourcePosition | undefined {
    const reached = this.fileAt(url);
    if (!reached) return undefined;
    let locator = this.locators.get(url);
    if (!locator) {
      const { text } = reached;
      locator = parseStrictJson(text)
        ? new JsonSourceMap(text)
        : new SourceMap(() => {
            const lineCounter = new LineCounter();
            return { document: parseDocument(text, { lineCounter, prettyErrors: false }), lineCounter };
          });
      this.locators.set(url, locator);
    }
    const position = locator.locate(pointer);
    return position && { ...position, file: reached.file };
  }
}
