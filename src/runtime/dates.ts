import { reviveDates } from "../wire/dates.js";
import type { DateShape } from "../wire/dates.js";
import type { HandlerInput } from "./pipeline.js";
import type { RouteDefinition } from "./route-definition.js";

/**
 * With `dateTime: "date"`: turns the date-time strings of a validated request (parameters and
 * the body of media type `contentIndex`) into `Date`s, in place, by the route's precomputed
 * shapes. Runs after validation, so the validators see the strings the schema describes.
 */
export function reviveRequestDates(route: RouteDefinition, input: HandlerInput, contentIndex: number, shapes: Readonly<Record<string, DateShape>>): void {
  const dates = route.dates;
  if (!dates) return;
  if (dates.path) reviveDates(input.path, dates.path, shapes);
  if (dates.query) reviveDates(input.query, dates.query, shapes);
  if (dates.header) reviveDates(input.headers, dates.header, shapes);
  if (dates.cookie) reviveDates(input.cookies, dates.cookie, shapes);
  const bodyShape = dates.body?.[contentIndex];
  if (bodyShape && !Buffer.isBuffer(input.body)) input.body = reviveDates(input.body, bodyShape, shapes);
}
