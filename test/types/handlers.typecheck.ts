/**
 * Type-level promises of the generated code, checked by `tsc` (test/compiler/typecheck.test.ts):
 * every `@ts-expect-error` line must fail to compile, or tsc reports an unused directive.
 * This file is never executed.
 */
import type { Handlers } from "../../generated/handlers.js";
import { createClient } from "../../generated/client.js";

type Book = { id: number; title: string; author: string; year: number; genre?: string };
const book: Book = { id: 1, title: "T", author: "AB", year: 2000 };

export const undeclaredStatus: Handlers["getBook"] = () =>
  // @ts-expect-error 418 is not a declared response of getBook
  ({ status: 418, body: book });

export const wrongBody: Handlers["getBook"] = () =>
  // @ts-expect-error a 200 body must be a Book
  ({ status: 200, body: { title: "no id" } });

export const missingLocation: Handlers["createBook"] = () =>
  // @ts-expect-error 201 of createBook requires the Location header
  ({ status: 201, body: book });

export const bodyOn204: Handlers["deleteBook"] = () =>
  // @ts-expect-error 204 has no body
  ({ status: 204, body: book });

export const typedInput: Handlers["getBook"] = ({ path }) => {
  const id: number = path.bookId;
  // @ts-expect-error bookId is a number, not a string
  const asText: string = path.bookId;
  void asText;
  return { status: 200, body: { ...book, id } };
};

export const defaultedQuery: Handlers["listBooks"] = ({ query }) => {
  // limit and offset have defaults in the spec, which the runtime fills in: never undefined here.
  const limit: number = query.limit;
  const offset: number = query.offset;
  // @ts-expect-error genre has no default: it may be undefined
  const genre: string = query.genre;
  void genre;
  return { status: 200, body: [book].slice(offset, offset + limit), headers: { "X-Total-Count": 1 } };
};

export async function clientCalls(): Promise<void> {
  const client = createClient({ baseUrl: "http://127.0.0.1:1" });
  // @ts-expect-error bookId is required
  await client.getBook({ path: {} });
  // @ts-expect-error year must be a number
  await client.createBook({ body: { title: "T", author: "AB", year: "2000" } });
  // Parameters with defaults stay optional for callers: the server fills them in.
  await client.listBooks({ query: { genre: "Fiction" } });
  const result = await client.getBook({ path: { bookId: 1 } });
  if (result.status === 200) {
    const title: string = result.body.title;
    void title;
  } else {
    // @ts-expect-error the other results (404, 422) are problem details, which have no `year`
    void result.body.year;
  }
}

export async function validationProblems(): Promise<number> {
  const client = createClient({ baseUrl: "http://127.0.0.1:1" });
  const created = await client.createBook({ body: { title: "", author: "A", year: 500 } });
  let count = 0;
  if (created.status === 422) {
    // The spec's declared 422 or the runtime's own: either way `errors` lists every issue.
    const locs: (string | number)[][] = created.body.errors.map((issue) => issue.loc);
    count += locs.length;
  }
  const featured = await client.listFeaturedBooks();
  if (featured.status === 422) {
    // A 422 the runtime adds (not declared by listFeaturedBooks) is typed too.
    const keyword: string | undefined = featured.body.errors[0]?.keyword;
    count += keyword?.length ?? 0;
  } else if (featured.status === 404) {
    // @ts-expect-error other runtime problems carry no errors list
    count += featured.body.errors.length;
  }
  return count;
}
