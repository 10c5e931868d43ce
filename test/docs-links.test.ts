/**
 * Every relative link of README.md and docs/*.md leads somewhere: the file exists, and an anchor
 * (`file.md#heading`, `#heading`) names a heading of that file. The README is read from the npm
 * package as well as on GitHub, so a reference page moved into docs/ must not leave a dead link.
 * Local files only; no network.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/** The text of a Markdown file without its fenced code blocks (whose `#` and `[x](y)` are code). */
function withoutCodeBlocks(text: string): string {
  return text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "");
}

/**
 * A heading's anchor as GitHub writes it (the rule of the github-slugger package): the text as
 * rendered (code spans keep their text, links their label), lower-cased, every character that is
 * not a letter, digit, mark, connector (`_`), hyphen or space removed, spaces turned into hyphens.
 * A repeated anchor gets `-1`, `-2`, … in order. Written here because the package is not a
 * dependency, and its whole rule is these two replacements.
 */
function anchorsOf(file: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const match of withoutCodeBlocks(readFileSync(file, "utf8")).matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const rendered = match[1]!.replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").replace(/`/g, "");
    const slug = rendered.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, "").replace(/ /g, "-");
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** The links of a Markdown file that point into the repository: `[label](target)`, outside code. */
function localLinks(file: string): string[] {
  const prose = withoutCodeBlocks(readFileSync(file, "utf8")).replace(/`[^`\n]*`/g, "");
  return [...prose.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
    .map((match) => match[1]!)
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

/** What is wrong with one link of `file`, or undefined when it leads somewhere. */
function brokenLink(file: string, target: string): string | undefined {
  const [filePart, anchor] = target.split("#", 2) as [string, string | undefined];
  const destination = filePart === "" ? file : path.join(path.dirname(file), decodeURIComponent(filePart));
  if (!existsSync(destination)) return `${target}: no file ${destination}`;
  if (anchor === undefined || anchor === "") return undefined;
  if (!destination.endsWith(".md")) return `${target}: an anchor into a file that is not Markdown`;
  return anchorsOf(destination).has(anchor) ? undefined : `${target}: ${destination} has no heading #${anchor}`;
}

const pages = ["README.md", ...readdirSync("docs").filter((name) => name.endsWith(".md")).map((name) => path.join("docs", name))];

describe("documentation links", () => {
  it.each(pages)("%s links only to files and headings that exist", (page) => {
    const broken = localLinks(page).flatMap((target) => brokenLink(page, target) ?? []);
    expect(broken).toEqual([]);
  });

  it("reads the links and headings it checks", () => {
    // Guards the check itself: a parser that found nothing would pass every page above.
    expect(localLinks("README.md")).toContain("docs/runtime.md");
    expect(anchorsOf("docs/runtime.md")).toContain("behind-proxies-trustproxy");
    expect(anchorsOf("docs/features.md")).toContain("file-uploads-multipartform-data");
    expect(brokenLink("README.md", "docs/runtime.md#no-such-heading")).toMatch(/no heading/);
    expect(brokenLink("README.md", "docs/no-such-page.md")).toMatch(/no file/);
  });
});
