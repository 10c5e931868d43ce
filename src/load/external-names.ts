import { parsePointer } from "../wire/json-pointer.js";

/**
 * Component names for objects that a multi-file spec keeps in other files, so that every emitter
 * names them after what they are, never after where the document happened to reach them first.
 *
 * The name of `file#pointer`:
 * - a whole file (`$ref: ./cat.yaml`) is named after the file, in PascalCase (`cat.yaml` → `Cat`,
 *   `pet-owner.json` → `PetOwner`);
 * - a key (`./dog.yaml#/Dog`, `./common.yaml#/components/schemas/Error`, `./defs.json#/definitions/Tag`,
 *   `#/$defs/Tag`) keeps the key as written (`Dog`, `Error`, `Tag`), characters a component name
 *   cannot hold (OpenAPI 3.1 §4.8.7.1: `^[a-zA-Z0-9.\-_]+$`) replaced by `_`;
 * - a deeper pointer joins its segments with `_` (`./pet.yaml#/Pet/properties/name` → `Pet_properties_name`).
 *
 * When that name is already a component of the root document (which keeps its own names), or
 * several files' objects would take it, each of them is prefixed with its file's name
 * (`vet.yaml#/Dog` → `VetDog`), then with its folders, nearest first (`a/pets.yaml#/Dog` →
 * `APetsDog`), until the names differ. An object whose file is named like it (`dog.yaml#/Dog`, or
 * the whole file `dog.yaml`) already carries its file's name: when it is the only such one among
 * those taking a name the root does not use, it keeps the plain name and the others are prefixed.
 * Names that are still equal after every folder get `2`, `3`, … in the code-unit order of their
 * URLs. Names are compared case-insensitively (the generated TypeScript names derive from them).
 * Nothing here depends on the order in which the document reaches the files.
 */

/** One object to name: the `components` section it goes to, the file's URL, and the pointer in that file. */
export interface ExternalObject {
  section: string;
  url: string;
  pointer: string;
}

/** Names per request, in the order given; `taken(section)` lists the root document's own names in that section. */
export function nameExternalObjects(objects: readonly ExternalObject[], rootUrl: string, taken: (section: string) => Iterable<string>): string[] {
  const candidates = objects.map((object) => candidateOf(object, rootUrl));
  const levels = candidates.map(() => 0);
  const nameAt = (index: number): string => {
    const { base, qualifiers } = candidates[index]!;
    const level = levels[index]!;
    return level === 0 ? base : qualifiers.slice(0, level).reverse().join("") + base[0]!.toUpperCase() + base.slice(1);
  };
  const reserved = new Map<string, Set<string>>();
  const reservedIn = (section: string): Set<string> => {
    let names = reserved.get(section);
    if (!names) reserved.set(section, (names = new Set([...taken(section)].map((name) => name.toLowerCase()))));
    return names;
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const members of groupsByName(objects, nameAt).values()) {
      const clashesWithRoot = reservedIn(objects[members[0]!]!.section).has(nameAt(members[0]!).toLowerCase());
      if (members.length === 1 && !clashesWithRoot) continue;
      const namedByFile = members.filter((index) => levels[index] === 0 && candidates[index]!.namedByFile);
      const moving = !clashesWithRoot && namedByFile.length === 1 ? members.filter((index) => index !== namedByFile[0]) : members;
      for (const index of moving) {
        if (levels[index]! < candidates[index]!.qualifiers.length) {
          levels[index]! += 1;
          changed = true;
        }
      }
    }
  }
  const names = objects.map((_object, index) => nameAt(index));
  // Still equal with every folder: numbered in the order of their URLs.
  const order = objects.map((_object, index) => index).sort((a, b) => compare(keyOf(objects[a]!), keyOf(objects[b]!)));
  const given = new Map<string, Set<string>>();
  for (const index of order) {
    const section = objects[index]!.section;
    const used = given.get(section) ?? given.set(section, new Set(reservedIn(section))).get(section)!;
    let name = names[index]!;
    for (let counter = 2; used.has(name.toLowerCase()); counter++) name = `${names[index]}${counter}`;
    used.add(name.toLowerCase());
    names[index] = name;
  }
  return names;
}

/** The plain name of an object, the prefixes that can tell it apart (nearest first), and whether its file bears its name. */
function candidateOf(object: ExternalObject, rootUrl: string): { base: string; qualifiers: string[]; namedByFile: boolean } {
  const fileSegments = locationSegments(object.url, rootUrl);
  const fileName = fileSegments.pop() ?? "";
  const stem = pascalCase(fileName.replace(/\.(ya?ml|json)$/i, ""), "Schema");
  const folders = fileSegments.reverse().map((segment) => pascalCase(segment, "")).filter(Boolean);
  let segments = parsePointer(object.pointer);
  if (segments[0] === "components" && segments.length >= 3) segments = segments.slice(2);
  else if ((segments[0] === "definitions" || segments[0] === "$defs") && segments.length >= 2) segments = segments.slice(1);
  if (segments.length === 0) return { base: stem, qualifiers: folders, namedByFile: true };
  const base = segments.map((segment) => segment.replace(/[^A-Za-z0-9._-]/g, "_")).join("_") || stem;
  const namedByFile = stem.toLowerCase() === base.toLowerCase();
  return { base, qualifiers: namedByFile ? folders : [stem, ...folders], namedByFile };
}

/**
 * The path segments of a file's URL that can tell it from others, the file name last: relative to
 * the root document's folder for a file under it, the whole path for one outside it, the host and
 * path for a remote URL.
 */
function locationSegments(url: string, rootUrl: string): string[] {
  const target = new URL(url);
  const folder = new URL(".", rootUrl);
  const decode = (segment: string): string => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  };
  const segments = target.pathname.split("/").filter(Boolean).map(decode);
  if (target.protocol !== "file:") return [target.hostname, ...segments];
  const folderSegments = folder.pathname.split("/").filter(Boolean).map(decode);
  let shared = 0;
  while (shared < folderSegments.length && shared < segments.length - 1 && folderSegments[shared] === segments[shared]) shared++;
  return segments.slice(shared);
}

/** Indexes of the objects by section and lower-cased name, in first-seen order. */
function groupsByName(objects: readonly ExternalObject[], nameAt: (index: number) => string): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  objects.forEach((object, index) => {
    const key = `${object.section}\u0000${nameAt(index).toLowerCase()}`;
    const group = groups.get(key);
    if (group) group.push(index);
    else groups.set(key, [index]);
  });
  return groups;
}

/** `pet-owner` → `PetOwner`: runs of ASCII letters and digits, each capitalised; `fallback` when there are none. */
function pascalCase(text: string, fallback: string): string {
  const words = text.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return words.length === 0 ? fallback : words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join("");
}

function keyOf(object: ExternalObject): string {
  return `${object.url}${object.pointer}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
