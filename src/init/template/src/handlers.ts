/**
 * The API's handlers, one per operation of spec/openapi.yaml. `createHandlers` returns the
 * generated `Handlers` interface, so `tsc` (run by `npm test` and `npm run build`) rejects a
 * missing handler, or one that returns a status or body the spec does not declare.
 * This file is yours: `specwright generate` writes only generated/.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { HttpError } from "specwright/runtime";
import type { Handlers, SecurityVerifiers } from "../generated/handlers.js";
import type { components } from "../generated/types.js";

/** A task as responses carry it (`components.schemas.Task` in the spec). */
export type Task = components["schemas"]["Task"];

/** Who called: the holder of the bearer token. */
export interface Caller {
  name: string;
}

/** Where the tasks live: memory here, so a restart empties it; a database in a real service. */
export class TaskStore {
  readonly #tasks = new Map<number, Task>();
  #lastId = 0;

  /** The first `limit` tasks, oldest first; only the done (or open) ones when `done` is given. */
  list(done: boolean | undefined, limit: number): Task[] {
    const matching = [...this.#tasks.values()].filter((task) => done === undefined || task.done === done);
    return matching.slice(0, limit);
  }

  add(title: string, done: boolean): Task {
    const task = { id: ++this.#lastId, title, done };
    this.#tasks.set(task.id, task);
    return task;
  }

  get(id: number): Task | undefined {
    return this.#tasks.get(id);
  }

  /** Removes a task; false when there was none. */
  delete(id: number): boolean {
    return this.#tasks.delete(id);
  }
}

/** The handlers over a store. Input arrives parsed and validated: `path.taskId` is an integer ≥ 1. */
export function createHandlers(tasks: TaskStore): Handlers<Caller> {
  return {
    listTasks({ query }) {
      // `limit` has a default in the spec, so the runtime fills it in: a number here.
      return { status: 200, body: tasks.list(query.done, query.limit) };
    },
    createTask({ body }) {
      const task = tasks.add(body.title, body.done ?? false);
      return { status: 201, body: task, headers: { Location: `/tasks/${task.id}` } };
    },
    getTask({ path }) {
      const task = tasks.get(path.taskId);
      // HttpError becomes problem details (RFC 9457) with this status, as the spec's 404 declares.
      if (!task) throw new HttpError(404, `Task ${path.taskId} not found`);
      return { status: 200, body: task };
    },
    deleteTask({ path }) {
      if (!tasks.delete(path.taskId)) throw new HttpError(404, `Task ${path.taskId} not found`);
      return { status: 204 };
    },
  };
}

/**
 * One verifier per security scheme of the spec. `bearerAuth` accepts one token and returns its
 * caller; anything else returns null, which the runtime answers with 401. The comparison takes
 * the same time whatever the token, so timing does not reveal how much of it was right.
 */
export function createSecurityVerifiers(token: string): SecurityVerifiers<Caller> {
  const expected = createHash("sha256").update(token).digest();
  return {
    bearerAuth: (candidate) => (timingSafeEqual(createHash("sha256").update(candidate).digest(), expected) ? { name: "token holder" } : null),
  };
}
