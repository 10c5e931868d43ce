/**
 * The example's storage: small repository interfaces with in-memory implementations, so the
 * handlers never touch a Map directly and tests can swap a repository.
 */
import type { components } from "../../generated/types.js";

/** A stored book, as the spec's `Book` schema describes it. */
export type Book = components["schemas"]["Book"];
/** The body of POST /books and PUT /books/{bookId}. */
export type BookCreate = components["schemas"]["BookCreate"];
/** The body of PATCH /books/{bookId}: every field optional. */
export type BookUpdate = components["schemas"]["BookUpdate"];

/** One change to the catalogue, as the spec's `BookChange` schema describes it. */
export type BookChange = components["schemas"]["BookChange"];

/** A stored user. The password is kept here and never leaves through a response. */
export interface StoredUser {
  id: number;
  email: string;
  username: string;
  password: string;
}

/** Books by id. */
export interface BookRepository {
  list(filter: { genre?: string; limit: number; offset: number }): Book[];
  /** How many books match the genre filter, over all pages. */
  count(filter: { genre?: string }): number;
  featured(): Book[];
  get(id: number): Book | undefined;
  /** The stored book, or undefined when the repository is full (see {@link exampleCapacity}). */
  create(book: BookCreate): Book | undefined;
  replace(id: number, book: BookCreate): Book | undefined;
  update(id: number, changes: BookUpdate): Book | undefined;
  delete(id: number): boolean;
  /** Calls `listener` after every change until the returned function is called. */
  watch(listener: (change: BookChange) => void): () => void;
}

/** Users by id and email. */
export interface UserRepository {
  findByEmail(email: string): StoredUser | undefined;
  /** The stored user, or undefined when the repository is full (see {@link exampleCapacity}). */
  create(user: Omit<StoredUser, "id">): StoredUser | undefined;
  delete(id: number): boolean;
}

/**
 * How many books, and how many users, the in-memory repositories hold at most. Anyone may POST, so
 * an unbounded store is memory any client can take; past the cap, creating answers 507
 * (Insufficient Storage, RFC 4918 §11.5) as the spec declares, until something is deleted.
 */
export const exampleCapacity = 10_000;

/** An in-memory BookRepository that starts with book 1, "Clean Code", holding at most `capacity` books. */
export function createBookRepository(capacity = exampleCapacity): BookRepository {
  const books = new Map<number, Book>([
    [1, { id: 1, title: "Clean Code", author: "Robert C. Martin", year: 2008, genre: "Software Engineering" }],
  ]);
  let nextId = 2;
  const listeners = new Set<(change: BookChange) => void>();
  const notify = (change: BookChange) => {
    for (const listener of listeners) listener(change);
  };
  // One pass over the books in insertion order, stopping once the page is full: a page costs
  // what it skips and returns, not the size of the whole catalogue.
  const page = (genre: string | undefined, limit: number, offset: number): Book[] => {
    const result: Book[] = [];
    let skipped = 0;
    for (const book of books.values()) {
      if (genre !== undefined && book.genre !== genre) continue;
      if (skipped < offset) {
        skipped += 1;
        continue;
      }
      if (result.length === limit) break;
      result.push(book);
    }
    return result;
  };
  return {
    list: ({ genre, limit, offset }) => page(genre, limit, offset),
    count: ({ genre }) => (genre === undefined ? books.size : page(genre, Number.MAX_SAFE_INTEGER, 0).length),
    featured() {
      return [...books.values()].filter((book) => book.year <= 2010).slice(0, 3);
    },
    get: (id) => books.get(id),
    create(book) {
      if (books.size >= capacity) return undefined;
      const created: Book = { id: nextId++, ...book };
      books.set(created.id, created);
      notify({ kind: "created", bookId: created.id, book: created });
      return created;
    },
    replace(id, book) {
      if (!books.has(id)) return undefined;
      const replaced: Book = { id, ...book };
      books.set(id, replaced);
      notify({ kind: "replaced", bookId: id, book: replaced });
      return replaced;
    },
    update(id, changes) {
      const current = books.get(id);
      if (!current) return undefined;
      const updated: Book = { ...current, ...changes, id };
      books.set(id, updated);
      notify({ kind: "updated", bookId: id, book: updated });
      return updated;
    },
    delete(id) {
      const deleted = books.delete(id);
      if (deleted) notify({ kind: "deleted", bookId: id });
      return deleted;
    },
    watch(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** An in-memory UserRepository that starts with user 1 (an administrator) and user 2, holding at most `capacity` users. */
export function createUserRepository(capacity = exampleCapacity): UserRepository {
  const users = new Map<number, StoredUser>([
    [1, { id: 1, email: "admin@example.com", username: "admin", password: "correct horse battery" }],
    [2, { id: 2, email: "reader@example.com", username: "reader", password: "staple battery horse" }],
  ]);
  let nextId = 3;
  return {
    findByEmail: (email) => [...users.values()].find((user) => user.email.toLowerCase() === email.toLowerCase()),
    create(user) {
      if (users.size >= capacity) return undefined;
      const created = { id: nextId++, ...user };
      users.set(created.id, created);
      return created;
    },
    delete: (id) => users.delete(id),
  };
}
