/**
 * src/model/views.ts: which properties each side of the wire leaves out or fills in, decided once
 * in the model. A request-side view lists the properties with a `default` that `required` does
 * not list (clients may leave them out, the server fills them in), at every depth; a readOnly
 * property's default never counts (the property is not sent), nor a required property's. A
 * schema that also allows `null` is marked `nullable`, which the emitters apply to its non-null part.
 */
import { describe, expect, it } from "vitest";
import { bodyView, buildSchemaViews } from "../../src/model/views.js";

const document = {
  components: {
    schemas: {
      Todo: {
        type: "object",
        required: ["title", "rank"],
        properties: {
          id: { type: "integer", readOnly: true, default: 0 },
          title: { type: "string" },
          rank: { type: "integer", default: 1 },
          done: { type: "boolean", default: false },
          settings: { $ref: "#/components/schemas/Settings" },
          reminders: { type: "array", items: { $ref: "#/components/schemas/Reminder" } },
          options: { type: "object", properties: { priority: { type: "integer", default: 3 }, note: { type: "string" } } },
          nullable: { type: ["object", "null"], properties: { hidden: { type: "integer", default: 1 } } },
        },
      },
      Settings: { type: "object", properties: { colour: { type: "string", default: "blue" } } },
      Reminder: { type: "object", required: ["at"], properties: { at: { type: "string" }, channel: { type: "string", default: "email" } } },
      Plain: { type: "object", properties: { name: { type: "string" } } },
      Optional: { type: "object", nullable: true, properties: { id: { type: "integer", readOnly: true } } },
      Holder: { type: "object", properties: { plain: { $ref: "#/components/schemas/Plain" }, todo: { $ref: "#/components/schemas/Todo" } } },
      Either: { oneOf: [{ $ref: "#/components/schemas/Todo" }, { $ref: "#/components/schemas/Plain" }] },
    },
  },
};

describe("schema views", () => {
  const views = buildSchemaViews(document);

  it("lists, per component, the request-side properties with a default that a client may leave out", () => {
    expect(views.request["Todo"]).toEqual({
      omitted: ["id"],
      defaulted: ["done"],
      nested: [
        { property: "settings", required: false, array: false, target: "Settings" },
        { property: "reminders", required: false, array: true, target: "Reminder" },
        { property: "options", required: false, array: false, inline: { omitted: [], defaulted: ["priority"], nested: [] } },
        { property: "nullable", required: false, array: false, inline: { omitted: [], defaulted: ["hidden"], nested: [], nullable: true } },
      ],
    });
    expect(views.request["Settings"]).toEqual({ omitted: [], defaulted: ["colour"], nested: [] });
    expect(views.request["Reminder"]).toEqual({ omitted: [], defaulted: ["channel"], nested: [] });
  });

  it("gives a view to components that hold one, and none to unions or components that read the same", () => {
    expect(views.request["Holder"]).toEqual({ omitted: [], defaulted: [], nested: [{ property: "todo", required: false, array: false, target: "Todo" }] });
    expect(Object.keys(views.request).sort()).toEqual(["Holder", "Optional", "Reminder", "Settings", "Todo"]);
    // A schema that also allows null (3.0 `nullable`, or a type list with "null") is marked so.
    expect(views.request["Optional"]).toEqual({ omitted: ["id"], defaulted: [], nested: [], nullable: true });
  });

  it("has no defaults on the response side: the runtime sends what the handler returned", () => {
    expect(views.response).toEqual({});
  });

  it("gives an inline body its own view, items and nested components included", () => {
    const inline = { type: "array", items: { type: "object", properties: { done: { type: "boolean", default: false }, settings: { $ref: "#/components/schemas/Settings" } } } };
    expect(bodyView(inline, document, "request")).toEqual({
      side: "request",
      items: true,
      inline: { omitted: [], defaulted: ["done"], nested: [{ property: "settings", required: false, array: false, target: "Settings" }] },
    });
    expect(bodyView({ $ref: "#/components/schemas/Todo" }, document, "request")).toEqual({ side: "request", schema: "Todo", items: false });
    expect(bodyView({ $ref: "#/components/schemas/Plain" }, document, "request")).toBeUndefined();
    expect(bodyView({ type: "object", properties: { name: { type: "string" } } }, document, "request")).toBeUndefined();
  });

  it("is plain data", () => {
    expect(JSON.parse(JSON.stringify(views))).toEqual(views);
  });
});
