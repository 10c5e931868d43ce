/**
 * Requests in flight per connection: pipelined requests are dispatched before earlier ones
 * finish, so graceful close must know which response is a connection's last.
 */
import type { ServerResponse } from "node:http";

/** The count lives on the socket itself, under a symbol: cheaper per request than a WeakMap. */
const inFlight = Symbol("specwright.requestsInFlight");

type CountedSocket = { [inFlight]?: number };

/** Counts a request against its connection (call once per request). */
export function requestStarted(socket: object): void {
  const counted = socket as CountedSocket;
  counted[inFlight] = (counted[inFlight] ?? 0) + 1;
}

/** Uncounts a request whose response closed; returns how many of the connection's remain. */
export function requestEnded(socket: object): number {
  const counted = socket as CountedSocket;
  const remaining = (counted[inFlight] ?? 1) - 1;
  counted[inFlight] = remaining;
  return remaining;
}

/** How many requests of a connection are being answered (0 for one that has sent none yet). */
export function requestsInFlight(socket: object): number {
  return (socket as CountedSocket)[inFlight] ?? 0;
}

/**
 * While closing: the last response in flight on a connection says `Connection: close`. An
 * earlier one must not, or node:http would end the connection before the responses queued
 * behind it (pipelined requests already being handled) are written.
 */
export function closeConnectionAfter(response: ServerResponse): void {
  if (((response.req.socket as CountedSocket | null)?.[inFlight] ?? 1) <= 1) response.setHeader("connection", "close");
}
