import { execFileSync } from "child_process";
import { mkdirSync, readFileSync, writeFileSync } from "fs";
import { dirname, join } from "path";
import fc from "fast-check";
import { Gitignore, parseGitignore, wildmatch } from "../../../src/adapters/files/gitignore";
import { fuzzParameters } from "../../support/fuzz";
import { withFiles } from "../../support/scratch";

/** A tree's ignore rules from `.gitignore` texts by directory (`""` is the top). */
function ignoreRules(files: Record<string, string>): Gitignore {
  return new Gitignore((directory) => files[directory]);
}

/** The paths of `paths` that git would track under those rules. */
function tracked(files: Record<string, string>, paths: string[]): string[] {
  const rules = ignoreRules(files);
  return paths.filter((path) => !rules.isIgnored(path));
}

describe("wildmatch, against git's own table (t/t3070-wildmatch.sh)", () => {
  // [matches with WM_PATHNAME (as .gitignore patterns with a slash), matches without it, text, pattern]
  const cases: [0 | 1, 0 | 1, string, string][] = [
    [1, 1, "foo", "foo"],
    [0, 0, "foo", "bar"],
    [1, 1, "", ""],
    [1, 1, "foo", "???"],
    [0, 0, "foo", "??"],
    [1, 1, "foo", "*"],
    [1, 1, "foo", "f*"],
    [0, 0, "foo", "*f"],
    [1, 1, "foo", "*foo*"],
    [1, 1, "foobar", "*ob*a*r*"],
    [1, 1, "aaaaaaabababab", "*ab"],
    [1, 1, "foo*", String.raw`foo\*`],
    [0, 0, "foobar", String.raw`foo\*bar`],
    [1, 1, String.raw`f\oo`, String.raw`f\\oo`],
    [1, 1, "ball", "*[al]?"],
    [0, 0, "ten", "[ten]"],
    [1, 1, "ten", "**[!te]"],
    [0, 0, "ten", "**[!ten]"],
    [1, 1, "ten", "t[a-g]n"],
    [0, 0, "ten", "t[!a-g]n"],
    [1, 1, "ton", "t[^a-g]n"],
    [1, 1, "a]b", "a[]]b"],
    [1, 1, "a-b", "a[]-]b"],
    [0, 0, "aab", "a[]-]b"],
    [1, 1, "aab", "a[]a-]b"],
    [0, 1, "foo/baz/bar", "foo*bar"],
    [0, 1, "foo/baz/bar", "foo**bar"],
    [1, 1, "foobazbar", "foo**bar"],
    [1, 1, "foo/baz/bar", "foo/**/bar"],
    [1, 0, "foo/baz/bar", "foo/**/**/bar"],
    [1, 1, "foo/b/a/z/bar", "foo/**/bar"],
    [1, 0, "foo/bar", "foo/**/bar"],
    [0, 1, "foo/bar", "foo?bar"],
    [0, 1, "foo/bar", "foo[/]bar"],
    [0, 1, "foo/bar", "foo[^a-z]bar"],
    [1, 0, "foo", "**/foo"],
    [1, 1, "bar/baz/foo", "**/foo"],
    [0, 1, "bar/baz/foo", "*/foo"],
    [0, 1, "foo/bar/baz", "**/bar*"],
    [1, 1, "deep/foo/bar/baz", "**/bar/*"],
    [0, 1, "deep/foo/bar/baz/", "**/bar/*"],
    [1, 1, "deep/foo/bar/baz/", "**/bar/**"],
    [0, 0, "deep/foo/bar", "**/bar/*"],
    [1, 1, "foo/bar/baz/x", "*/bar/**"],
    [0, 1, "deep/foo/bar/baz/x", "*/bar/**"],
    [0, 0, "acrt", "a[c-c]st"],
    [1, 1, "acrt", "a[c-c]rt"],
    [0, 0, "]", "[!]-]"],
    [1, 1, "a", "[!]-]"],
    [0, 0, "", "\\"],
    [0, 0, "\\", "\\"],
    [1, 1, "[ab]", "\\[ab]"],
    [1, 1, "[ab]", "[[]ab]"],
    [1, 1, "[ab]", "[[:]ab]"],
    [0, 0, "[ab]", "[[::]ab]"],
    [1, 1, "[ab]", "[[:digit]ab]"],
    [1, 1, "?a?b", "\\??\\?b"],
    [1, 1, "a1B", "[[:alpha:]][[:digit:]][[:upper:]]"],
    [0, 0, "a", "[[:digit:][:upper:][:space:]]"],
    [0, 0, "1", "[[:digit:][:upper:][:spaci:]]"],
    [1, 1, ".", "[[:digit:][:punct:][:space:]]"],
    [1, 1, "_", "[[:alnum:][:alpha:][:blank:][:cntrl:][:digit:][:graph:][:lower:][:print:][:punct:][:space:][:upper:][:xdigit:]]"],
    [1, 1, "y", "[a-c[:digit:]x-z]"],
    [0, 0, "q", "[a-c[:digit:]x-z]"],
    [0, 0, "ab", "a[]b"],
    [0, 0, "ab", "[!"],
    [1, 1, "-", "[--A]"],
    [0, 0, "0", "[ --]"],
    [1, 1, "-", "[a-e-n]"],
    [0, 0, "j", "[a-e-n]"],
    [1, 1, "^", "[]-a]"],
    [1, 1, "G", "[A-\\\\]"],
    [0, 0, "aaabbb", "b*a"],
    [0, 0, "aabcaa", "*ba*"],
    [1, 1, "2", "[\\1-\\3]"],
    [0, 0, "4", "[\\1-\\3]"],
    [1, 1, "-adobe-courier-bold-o-normal--12-120-75-75-m-70-iso8859-1", "-*-*-*-*-*-*-12-*-*-*-m-*-*-*"],
    [0, 0, "-adobe-courier-bold-o-normal--12-120-75-75-/-70-iso8859-1", "-*-*-*-*-*-*-12-*-*-*-m-*-*-*"],
    [1, 1, "abcd/abcdefg/abcdefghijk/abcdefghijklmnop.txt", "**/*a*b*g*n*t"],
    [0, 1, "foo/bb/aa/rr", "*/*/*"],
    [1, 1, "foo/bb/aa/rr", "**/**/**"],
    [0, 1, "ab/cXd/efXg/hi", "*X*i"],
    [1, 1, "ab/cXd/efXg/hi", "**/*X*/**/*i"],
    [1, 1, "foo/bba/arr", "foo/**"],
    [0, 1, "foo/bba/arr", "foo/*arr"],
    [0, 0, "foo/bba/arr", "foo/**z"],
    [0, 0, "a", "[A-Z]"],
    [1, 1, "Z", "[Z-y]"],
  ];
  test.each(cases)("%s with paths, %s without: %j against %j", (withPathname, withoutPathname, text, pattern) => {
    expect(wildmatch(pattern, text, { pathname: true })).toBe(withPathname === 1);
    expect(wildmatch(pattern, text, { pathname: false })).toBe(withoutPathname === 1);
  });

  test("a ? or a bracket matches one byte of UTF-8, not one character", () => {
    expect(wildmatch("?", "é", { pathname: true })).toBe(false);
    expect(wildmatch("??", "é", { pathname: true })).toBe(true);
    expect(wildmatch("caf*", "café", { pathname: true })).toBe(true);
  });
});

describe("parseGitignore", () => {
  test("blank lines and comments make no pattern; \\# and \\! are literal", () => {
    const patterns = parseGitignore("# comment\n\n\\#hash\n\\!bang\n!negated\n");
    expect(patterns.map(({ pattern, negative }) => ({ pattern, negative }))).toEqual([
      { pattern: "\\#hash", negative: false },
      { pattern: "\\!bang", negative: false },
      { pattern: "negated", negative: true },
    ]);
  });

  test("trailing spaces are dropped unless escaped, tabs kept, CRLF and a byte order mark read", () => {
    const patterns = parseGitignore("\ufefffoo   \r\nbar\\ \r\nbaz\t\n").map(({ pattern }) => pattern);
    expect(patterns).toEqual(["foo", "bar\\ ", "baz\t"]);
  });

  test("a trailing slash means directories only; a slash elsewhere anchors the pattern", () => {
    const [dir, anchored, anywhere] = parseGitignore("build/\ndoc/frotz\n*.log\n");
    expect(dir).toMatchObject({ pattern: "build", mustBeDirectory: true, baseNameOnly: true });
    expect(anchored).toMatchObject({ pattern: "doc/frotz", baseNameOnly: false });
    expect(anywhere).toMatchObject({ pattern: "*.log", baseNameOnly: true, literalPrefix: 0 });
  });

  test("a line of nothing but a slash, an exclamation mark or spaces matches nothing", () => {
    expect(parseGitignore("/\n!\n   \n")).toEqual([]);
  });
});

describe("Gitignore, by the examples of gitignore(5)", () => {
  test("hello.* matches any file or directory whose name begins with hello., at any depth", () => {
    expect(tracked({ "": "hello.*\n" }, ["hello.c", "a/hello.txt", "hello", "ahello.c"])).toEqual(["hello", "ahello.c"]);
  });

  test("foo/ matches a directory foo and what is under it, but not a file named foo", () => {
    const rules = ignoreRules({ "": "foo/\n" });
    expect(rules.isIgnored("foo")).toBe(false);
    expect(rules.isIgnored("foo", true)).toBe(true);
    expect(rules.isIgnored("foo/bar.txt")).toBe(true);
    expect(rules.isIgnored("a/foo/bar.txt")).toBe(true);
  });

  test("doc/frotz and /doc/frotz are the same: a middle slash anchors", () => {
    for (const pattern of ["doc/frotz", "/doc/frotz"]) {
      expect(tracked({ "": `${pattern}\n` }, ["doc/frotz", "a/doc/frotz", "doc/frotz/x"])).toEqual(["a/doc/frotz"]);
    }
  });

  test("foo/* matches foo/test.json and the directory foo/bar, but not foo/bar/hello.c by itself", () => {
    const rules = ignoreRules({ "": "foo/*\n" });
    expect(rules.isIgnored("foo/test.json")).toBe(true);
    expect(rules.isIgnored("foo/bar", true)).toBe(true);
    // Ignored only because its directory is.
    expect(ignoreRules({ "": "foo/*\n!foo/bar/\n" }).isIgnored("foo/bar/hello.c")).toBe(false);
  });

  test("frotz/ matches frotz and a/frotz; doc/frotz/ only doc/frotz", () => {
    const any = ignoreRules({ "": "frotz/\n" });
    expect([any.isIgnored("frotz", true), any.isIgnored("a/frotz", true)]).toEqual([true, true]);
    const anchored = ignoreRules({ "": "doc/frotz/\n" });
    expect([anchored.isIgnored("doc/frotz", true), anchored.isIgnored("a/doc/frotz", true)]).toEqual([true, false]);
  });

  test("**/foo anywhere, **/foo/bar directly under any foo, abc/** everything inside, a/**/b at any depth between", () => {
    expect(tracked({ "": "**/foo\n" }, ["foo", "x/y/foo", "foox"])).toEqual(["foox"]);
    expect(tracked({ "": "**/foo/bar\n" }, ["foo/bar", "x/foo/bar", "foo/x/bar"])).toEqual(["foo/x/bar"]);
    expect(tracked({ "": "abc/**\n" }, ["abc/x", "abc/x/y/z", "abcd/x", "x/abc/y"])).toEqual(["abcd/x", "x/abc/y"]);
    expect(tracked({ "": "a/**/b\n" }, ["a/b", "a/x/b", "a/x/y/b", "a/bc", "x/a/b"])).toEqual(["a/bc", "x/a/b"]);
  });

  test("a file under an ignored directory cannot be re-included", () => {
    expect(tracked({ "": "build\n!build/keep.txt\n" }, ["build/keep.txt", "build/out.js"])).toEqual([]);
    expect(tracked({ "": "build/\n", build: "!keep.txt\n" }, ["build/keep.txt"])).toEqual([]);
  });

  test("exclude everything except directory foo/bar", () => {
    const rules = { "": "# exclude everything except directory foo/bar\n/*\n!/foo\n/foo/*\n!/foo/bar\n" };
    expect(tracked(rules, ["top.txt", "foo/x.txt", "foo/bar/keep.txt", "foo/bar/deep/keep.txt", "other/y.txt"])).toEqual(["foo/bar/keep.txt", "foo/bar/deep/keep.txt"]);
  });

  test("*.html in a subdirectory's .gitignore, except foo.html which is maintained by hand", () => {
    const rules = { "": "*.[oa]\n", Documentation: "# ignore generated html files,\n*.html\n# except foo.html which is maintained by hand\n!foo.html\n" };
    expect(tracked(rules, ["Documentation/foo.html", "Documentation/gitignore.html", "file.o", "lib.a", "src/internal.o", "index.html"])).toEqual([
      "Documentation/foo.html",
      "index.html",
    ]);
  });

  test("patterns are relative to their file's directory, and a deeper file overrides a shallower one", () => {
    const rules = { "": "*.log\n/top-only.txt\n", app: "!important.log\n/local.txt\n" };
    expect(tracked(rules, ["a.log", "app/important.log", "app/other.log", "top-only.txt", "app/top-only.txt", "app/local.txt", "local.txt"])).toEqual([
      "app/important.log",
      "app/top-only.txt",
      "local.txt",
    ]);
  });

  test("\\!important!.txt and \\#notes match names that start with ! and #; trailing spaces only when escaped", () => {
    expect(tracked({ "": "\\!important!.txt\n\\#notes\n" }, ["!important!.txt", "#notes", "important!.txt"])).toEqual(["important!.txt"]);
    expect(tracked({ "": "name  \n" }, ["name", "name  "])).toEqual(["name  "]);
    expect(tracked({ "": "name\\ \n" }, ["name", "name "])).toEqual(["name"]);
  });

  test("the last matching pattern of a file decides", () => {
    expect(tracked({ "": "!.env\n.env\n" }, [".env"])).toEqual([]);
    expect(tracked({ "": ".env*\n!.env.example\n" }, [".env", ".env.local", ".env.example"])).toEqual([".env.example"]);
  });

  test("a .gitignore inside an ignored directory is never read", () => {
    const asked: string[] = [];
    const rules = new Gitignore((directory) => {
      asked.push(directory);
      return directory === "" ? "vendor/\n" : "!*\n";
    });
    expect(rules.isIgnored("vendor/lib/a.js")).toBe(true);
    expect(asked).toEqual([""]);
  });

  test("each directory's .gitignore is asked for once, however many files are checked", () => {
    const asked: string[] = [];
    const rules = new Gitignore((directory) => {
      asked.push(directory);
      return undefined;
    });
    for (let i = 0; i < 100; i++) rules.isIgnored(`a/b/file-${i}.txt`);
    expect(asked.sort()).toEqual(["", "a", "a/b"]);
  });

  test("a tree thousands of directories deep is checked without recursion", () => {
    const deep = Array.from({ length: 20_000 }, (_, i) => `d${i % 10}`).join("/");
    const rules = ignoreRules({ "": "*.tmp\n" });
    expect(rules.isIgnored(`${deep}/x.tmp`)).toBe(true);
    expect(rules.isIgnored(`${deep}/x.txt`)).toBe(false);
  });

  test("a pattern of thousands of stars and a hostile bracket do not throw", () => {
    const rules = ignoreRules({ "": `${"*a".repeat(2000)}\n${"*a".repeat(3000)}\n[[:bogus:]]\n[\n${"x".repeat(5000)}*\n` });
    expect(rules.isIgnored("aaaa")).toBe(false);
  });
});

/** Git's environment with no user or system configuration, so only the tree's own ignore files count. */
function gitEnvironment(home: string): NodeJS.ProcessEnv {
  return { ...process.env, HOME: home, XDG_CONFIG_HOME: home, GIT_CONFIG_NOSYSTEM: "1", GIT_CONFIG_GLOBAL: "/dev/null" };
}

function hasGit(): boolean {
  try {
    execFileSync("git", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const NAMES = ["a", "b", "foo", "build", ".env", ".env.local", "x.log", "doc", "é", "c d", "[x]"];
const PATTERNS = [
  "a", "/a", "a/", "!a", "*.log", "**/foo", "foo/**", "b/**/foo", "build/", "!build/x.log", "*", "!*/", "/*", "!/foo", "/foo/*",
  "!/foo/b", "\\#a", "a\\ ", "a ", "[ab]", "[!a]", "?", "doc/*.log", "**/b", "a/**/b", ".env*", "!.env.local", "é", "\\[x]", "foo**",
  "a**/b", "**", "*/", "c\\ d", "[[:alpha:]]*", "!**/foo", "/b/**", "!a/", "*.log\r",
];

/** A small tree: files at random paths and `.gitignore` texts in some of its directories. */
const treeArb = fc.record({
  files: fc.uniqueArray(fc.array(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 3 }).map((parts) => parts.join("/")), { minLength: 1, maxLength: 20 }),
  ignores: fc.dictionary(fc.constantFrom("", "a", "foo", "a/b", "build"), fc.array(fc.constantFrom(...PATTERNS), { minLength: 1, maxLength: 5 }).map((lines) => lines.join("\n") + "\n")),
});

(hasGit() ? describe : describe.skip)("Gitignore agrees with git on generated trees", () => {
  test(
    "the files it tracks are the untracked, unignored files git ls-files lists",
    () => {
      fc.assert(
        fc.property(treeArb, ({ files, ignores }) => {
          withFiles({}, (dir) => {
            execFileSync("git", ["init", "-q", dir], { env: gitEnvironment(dir) });
            const written: string[] = [];
            const write = (path: string, text: string): boolean => {
              try {
                mkdirSync(dirname(join(dir, path)), { recursive: true });
                writeFileSync(join(dir, path), text);
                return true;
              } catch {
                // A name already taken by a directory, or a directory by a file: not part of this tree.
                return false;
              }
            };
            for (const path of files) if (write(path, "x")) written.push(path);
            for (const [directory, text] of Object.entries(ignores)) {
              const path = directory === "" ? ".gitignore" : `${directory}/.gitignore`;
              if (write(path, text)) written.push(path);
            }
            const listed = execFileSync("git", ["ls-files", "-z", "--others", "--exclude-standard"], { cwd: dir, env: gitEnvironment(dir) })
              .toString("utf8")
              .split("\0")
              .filter((path) => path !== "");
            const rules = new Gitignore((directory) => {
              try {
                return readFileSync(join(dir, directory, ".gitignore"), "utf8");
              } catch {
                return undefined;
              }
            });
            // A later write may have replaced a file with a directory; only what exists counts.
            const existing = written.filter((path) => {
              try {
                return readFileSync(join(dir, path)) !== undefined;
              } catch {
                return false;
              }
            });
            expect(existing.filter((path) => !rules.isIgnored(path)).sort()).toEqual(listed.sort());
          });
        }),
        fuzzParameters(12),
      );
    },
    60_000,
  );
});
