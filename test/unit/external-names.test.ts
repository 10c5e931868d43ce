/**
 * The names the objects of other files take as components (load/external-names.ts): after their
 * key or file, prefixed by file and folders only where names would clash, never by position.
 */
import { describe, expect, it } from "vitest";
import { nameExternalObjects, type ExternalObject } from "../../src/load/external-names.js";

const rootUrl = "file:///api/openapi.yaml";
const schema = (file: string, pointer = "#"): ExternalObject => ({ section: "schemas", url: new URL(file, rootUrl).href, pointer });
const names = (objects: ExternalObject[], taken: Record<string, string[]> = {}): string[] => nameExternalObjects(objects, rootUrl, (section) => taken[section] ?? []);

describe("nameExternalObjects", () => {
  it.each([
    ["a whole file, after the file", schema("schemas/cat.yaml"), "Cat"],
    ["a whole file with a compound name", schema("schemas/pet-owner.schema.json"), "PetOwnerSchema"],
    ["a key, as written", schema("schemas/dog.yaml", "#/Dog"), "Dog"],
    ["a key of another OpenAPI document's components", schema("common.yaml", "#/components/schemas/Error"), "Error"],
    ["a key under definitions", schema("defs.json", "#/definitions/Tag"), "Tag"],
    ["a key under $defs", schema("defs.json", "#/$defs/tag_v2"), "tag_v2"],
    ["a deeper pointer, its segments joined", schema("pet.yaml", "#/Pet/properties/name"), "Pet_properties_name"],
    ["a key a component name cannot hold", schema("pet.yaml", "#/Pet%20Owner"), "Pet_Owner"],
    ["a remote file", schema("https://schemas.example.com/v1/item.yaml"), "Item"],
  ])("names %s", (_case, object, expected) => {
    expect(names([object])).toEqual([expected]);
  });

  it("prefixes the file's name where two files' keys clash", () => {
    expect(names([schema("pets.yaml", "#/Dog"), schema("vet.yaml", "#/Dog")])).toEqual(["PetsDog", "VetDog"]);
  });

  it("lets the one object whose file bears its name keep it", () => {
    expect(names([schema("vet/patients.yaml", "#/Dog"), schema("dog.yaml", "#/Dog")])).toEqual(["PatientsDog", "Dog"]);
    expect(names([schema("vet/dog.yaml"), schema("pets.yaml", "#/Dog")])).toEqual(["Dog", "PetsDog"]);
  });

  it("prefixes folders, nearest first, where file names clash too", () => {
    expect(names([schema("a/error.yaml"), schema("b/error.yaml")])).toEqual(["AError", "BError"]);
    expect(names([schema("v1/shop/pets.yaml", "#/Dog"), schema("v2/shop/pets.yaml", "#/Dog")])).toEqual(["V1ShopPetsDog", "V2ShopPetsDog"]);
  });

  it("keeps the root document's own names, prefixing every file's object that would take one", () => {
    expect(names([schema("people.yaml", "#/Owner"), schema("owner.yaml")], { schemas: ["Owner"] })).toEqual(["PeopleOwner", "Owner2"]);
    // Names are per section: a response may share a schema's name.
    expect(names([{ section: "responses", url: new URL("errors.yaml", rootUrl).href, pointer: "#/Error" }], { schemas: ["Error"] })).toEqual(["Error"]);
  });

  it("numbers names that stay equal with every folder, in the order of their URLs", () => {
    // Keys of one file that differ only in case (names are compared case-insensitively).
    expect(names([schema("pets.yaml", "#/Dog"), schema("pets.yaml", "#/dog")])).toEqual(["PetsDog", "PetsDog2"]);
    expect(names([schema("pets.yaml", "#/dog"), schema("pets.yaml", "#/Dog")])).toEqual(["PetsDog2", "PetsDog"]);
  });

  it("gives the same names whatever order the objects come in", () => {
    const objects = [
      schema("pets.yaml", "#/Dog"), schema("vet.yaml", "#/Dog"), schema("dog.yaml", "#/Dog"), schema("a/error.yaml"), schema("b/error.yaml"),
      schema("cat.yaml"), schema("pets.yaml", "#/Cat"), schema("common.yaml", "#/components/schemas/Cat"),
    ];
    const expected = new Map(objects.map((object, index) => [object, names(objects)[index]]));
    for (let rotation = 1; rotation < objects.length; rotation++) {
      const rotated = [...objects.slice(rotation), ...objects.slice(0, rotation)];
      expect(names(rotated)).toEqual(rotated.map((object) => expected.get(object)));
      expect(names([...rotated].reverse())).toEqual([...rotated].reverse().map((object) => expected.get(object)));
    }
    expect([...expected.values()]).toEqual(["PetsDog", "VetDog", "Dog", "AError", "BError", "Cat", "PetsCat", "CommonCat"]);
  });
});
