// Checks that the TextMate grammar knows exactly the language's keywords (the alphabetic tokens
// of lang/src/syntax/token.rs, also those spec/lexical.md lists and counts), builtin functions
// (the tables of lang/src/builtins) and builtin scalar types (SCALAR_TYPES), so that a word
// added to the language cannot be forgotten here.
// Run from editors/vscode; prints nothing when they agree.
import { readFileSync, readdirSync } from "node:fs";

const root = "../..";
const grammar = JSON.parse(readFileSync("syntaxes/palisade.tmLanguage.json", "utf8"));
const repo = grammar.repository;

/** The words of a `\b(?:a|b|c)\b`-style alternation, wherever it is in the regex. */
function words(regex) {
  const m = /\\b\(\?:([a-z_|0-9]+)\)/.exec(regex) ?? /\\b\(([a-z_|0-9]+)\)/.exec(regex);
  if (!m) {
    throw new Error(`no alternation of words in ${regex}`);
  }
  return m[1].split("|");
}

const sorted = (xs) => [...new Set(xs)].sort();
const tokenRs = readFileSync(`${root}/lang/src/syntax/token.rs`, "utf8");
const keywords = sorted([...tokenRs.matchAll(/#\[token\("([a-z]+)"\)\]/g)].map((m) => m[1]));
const builtinDir = `${root}/lang/src/builtins`;
const builtins = sorted(
  readdirSync(builtinDir)
    .filter((f) => f.endsWith(".rs"))
    .flatMap((f) => [...readFileSync(`${builtinDir}/${f}`, "utf8").matchAll(/\b[ft]\(\s*(?:D,\s*)?"([a-z_0-9]+)"/g)])
    .map((m) => m[1]),
);
const modRs = readFileSync(`${builtinDir}/mod.rs`, "utf8");
const scalarLine = /SCALAR_TYPES: &\[&str\] = &\[([^\]]*)\]/.exec(modRs);
const scalars = sorted([...(scalarLine?.[1] ?? "").matchAll(/"([a-z]+)"/g)].map((m) => m[1]));

const grammarKeywords = sorted(repo.keywords.patterns.flatMap((p) => words(p.match)));
const grammarBuiltins = sorted(words(repo["builtin-functions"].match));
const grammarScalars = sorted(words(repo["builtin-types"].match));

let failed = false;
function compare(what, language, ours) {
  const missing = language.filter((w) => !ours.includes(w));
  const extra = ours.filter((w) => !language.includes(w));
  if (language.length === 0 || missing.length || extra.length) {
    failed = true;
    console.error(`grammar ${what}: missing ${JSON.stringify(missing)}, not in the language ${JSON.stringify(extra)}`);
  }
}
compare("keywords", keywords, grammarKeywords);
compare("builtin functions", builtins, grammarBuiltins);
compare("builtin types", scalars, grammarScalars);
// spec/lexical.md lists the reserved words under "These N words are reserved".
const lexical = readFileSync(`${root}/spec/lexical.md`, "utf8");
const reserved = Number(/These (\d+) words are reserved/.exec(lexical)?.[1]);
const listed = /These \d+ words are reserved:\n\n```\n([^`]*)```/.exec(lexical)?.[1] ?? "";
compare("keywords of spec/lexical.md", keywords, sorted(listed.split(/\s+/).filter(Boolean)));
if (keywords.length !== reserved) {
  failed = true;
  console.error(`token.rs has ${keywords.length} keywords, spec/lexical.md says ${reserved}`);
}
process.exit(failed ? 1 : 0);
