#!/usr/bin/env python3
"""Differential test of Palisade's Dockerfile rules against hadolint.

    python3 peers/docker/compare.py --palisade target/debug/palisade \\
        --hadolint "$(peers/install.sh | tail -n 1)/hadolint" [--corpus DIR] [--json OUT]

Every stdlib rule whose metadata carries a tag `hadolint:DLxxxx` is compared with that hadolint
check on every Dockerfile of the corpus: does Palisade report the rule, does hadolint report the
id, and where both do, are they on the same instructions. A rule with several hadolint ids
(DOCKER-DNF-PIN is DL3041 for dnf and DL3033 for yum) is compared with the union of their
findings.

Lines are compared by instruction: a finding on a continuation line or inside a here-document
counts as the line of the instruction it belongs to (hadolint reports the first line of an
instruction; Palisade reports the line of the command).

A disagreement is expected only when the Dockerfile declares it with a comment line

    # differs: DL3002 <the reason, in words>

(any of a rule's ids declares the rule). The script fails (exit 1) on each undeclared
disagreement, each stale declaration (declared, but the tools agree), each declared id missing
from differences.md, each file one of the tools could not read (a file hadolint cannot parse must
declare `# differs: DL1000 <reason>` and is then left out), and each finding Palisade reports
with an error code. differences.md must explain each declared id under a heading naming it, and
name no id that no file declares. It prints the agreement per rule, and exits 0 when everything is declared.

hadolint runs with no configuration of the user's or the repository's: an explicit
configuration file with nothing in it, inline `# hadolint ignore=` pragmas disabled, HADOLINT_*
variables removed, and DL3057 (HEALTHCHECK, off by default) turned on. Python's standard library
only.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DECLARATION = re.compile(r"^\s*#\s*differs:\s*(DL\d{4})\b[\s:—-]*(.*)$", re.IGNORECASE)
HADOLINT_TAG = re.compile(r"^hadolint:(DL\d{4})$")
PARSE_ERROR = "DL1000"
# hadolint's own configuration: nothing ignored, nothing overridden, no trusted registries.
HADOLINT_CONFIG = "ignored: []\n"
HERE_DOC = re.compile(r"(?<![<\w])<<(-?)([\"']?)([A-Za-z_][A-Za-z0-9_]*)\2")


def main():
    ap = argparse.ArgumentParser(description="Compare Palisade's Dockerfile rules with hadolint.")
    ap.add_argument("--palisade", required=True, help="the palisade binary")
    ap.add_argument("--hadolint", required=True, help="the hadolint binary")
    ap.add_argument("--corpus", default=os.path.join(HERE, "corpus"),
                    help="the folder of *.Dockerfile files (default: corpus/ beside this script)")
    ap.add_argument("--differences", default=os.path.join(HERE, "differences.md"),
                    help="the document of the declared differences (default: differences.md)")
    ap.add_argument("--json", metavar="OUT", help="also write the agreement table as JSON")
    args = ap.parse_args()

    corpus = os.path.abspath(args.corpus)
    files = sorted(f for f in os.listdir(corpus) if f.endswith(".Dockerfile"))
    if not files:
        sys.exit(f"compare.py: no *.Dockerfile files in {corpus}")
    palisade = os.path.abspath(args.palisade)
    hadolint = os.path.abspath(args.hadolint)
    problems = []

    with tempfile.TemporaryDirectory(prefix="palisade-peers-") as scratch:
        groups = rule_groups(palisade, scratch)
        reported = palisade_findings(palisade, corpus, files, scratch, problems)
        flagged, version = hadolint_findings(hadolint, corpus, files, scratch)

    sources = {f: read(os.path.join(corpus, f)) for f in files}
    rows = {g["key"]: dict(group=g, files=0, both_flag=0, both_clean=0, palisade_only=0,
                           hadolint_only=0, lines_differ=0, declared=0) for g in groups}
    known_ids = {dl for g in groups for dl in g["ids"]}
    declared_anywhere = set()
    compared = 0
    for f in files:
        text = sources[f]
        declared = declarations(text, f, problems)
        declared_anywhere.update(declared)
        for dl in declared:
            if dl != PARSE_ERROR and dl not in known_ids:
                problems.append(f"{f}: `# differs: {dl}` names no compared rule "
                                f"(compared: {', '.join(sorted(known_ids))})")
        h = flagged.get(f, {})
        if PARSE_ERROR in h:
            if PARSE_ERROR not in declared:
                line = min(h[PARSE_ERROR])
                problems.append(f"{f}:{line}: hadolint cannot parse the file (DL1000): declare it "
                                f"with `# differs: DL1000 <reason>` or change the file")
            continue
        if PARSE_ERROR in declared:
            problems.append(f"{f}: stale `# differs: DL1000`: hadolint parses the file")
        compared += 1
        starts = instruction_starts(text)
        p_lines = reported.get(f, {})
        for g in groups:
            row = rows[g["key"]]
            row["files"] += 1
            p = {starts.get(n, n) for rule in g["rules"] for n in p_lines.get(rule, ())}
            hl = {starts.get(n, n) for dl in g["ids"] for n in h.get(dl, ())}
            is_declared = bool(declared & set(g["ids"]))
            if p == hl:
                row["both_flag" if p else "both_clean"] += 1
                if is_declared:
                    problems.append(f"{f}: stale `# differs: {g['label']}`: both tools "
                                    + (f"flag lines {fmt(p)}" if p else "find nothing"))
                continue
            if p and hl:
                row["lines_differ"] += 1
            elif p:
                row["palisade_only"] += 1
            else:
                row["hadolint_only"] += 1
            if is_declared:
                row["declared"] += 1
            else:
                problems.append(
                    f"{f}: undeclared difference on {g['label']} ({', '.join(g['rules'])}): "
                    f"Palisade lines {fmt(p) or '-'}, hadolint lines {fmt(hl) or '-'}")

    doc = read(args.differences) if os.path.exists(args.differences) else ""
    if not doc:
        problems.append(f"{args.differences}: missing or empty")
    # Each declared id is explained under a heading naming it, and each heading's ids are
    # declared somewhere in the corpus.
    explained = {dl for line in doc.splitlines() if line.startswith("#")
                 for dl in re.findall(r"\bDL\d{4}\b", line)}
    doc_name = os.path.basename(args.differences)
    for dl in sorted(declared_anywhere - explained):
        problems.append(f"{doc_name}: {dl} is declared in the corpus but has no heading")
    for dl in sorted(explained - declared_anywhere):
        if not any(dl in g["ids"] and set(g["ids"]) & declared_anywhere for g in groups):
            problems.append(f"{doc_name}: {dl} has a heading but no file of the corpus "
                            f"declares it")

    table = [summary(rows[g["key"]]) for g in groups]
    overall = totals(table)
    print_table(table, overall, len(files), compared, version)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump({"hadolint": version, "corpus_files": len(files), "compared_files": compared,
                       "rules": table, "overall": overall, "problems": problems},
                      out, indent=2)
            out.write("\n")
    if problems:
        print(f"\n{len(problems)} problem(s):", file=sys.stderr)
        for p in problems:
            print(f"  {p}", file=sys.stderr)
        sys.exit(1)


def rule_groups(palisade, cwd):
    """The compared units: rules and hadolint ids connected by `hadolint:` tags."""
    out = run([palisade, "scan", "--list-rules", "--format", "json"], cwd, ok=(0,))
    rules = json.loads(out)
    tagged = {}
    for r in rules:
        tags = ((r.get("metadata") or {}).get("tags")) or []
        ids = sorted({m.group(1) for t in tags if (m := HADOLINT_TAG.match(str(t)))})
        if ids:
            tagged[r["id"]] = ids
    if not tagged:
        sys.exit("compare.py: no rule of `palisade scan --list-rules` carries a `hadolint:` tag")
    # Union-find over rules and ids, so a rule with two ids and an id on two rules compare once.
    parent = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for rule, ids in tagged.items():
        for dl in ids:
            parent[find(("dl", dl))] = find(("rule", rule))
    components = {}
    for node in list(parent):
        components.setdefault(find(node), []).append(node)
    groups = []
    for nodes in components.values():
        ids = sorted(n for k, n in nodes if k == "dl")
        names = sorted(n for k, n in nodes if k == "rule")
        groups.append({"key": "+".join(ids), "ids": ids, "rules": names, "label": ", ".join(ids)})
    return sorted(groups, key=lambda g: g["key"])


def palisade_findings(palisade, corpus, files, cwd, problems):
    """{file: {rule: {line}}} from one `palisade scan --format json` of the corpus."""
    out = run([palisade, "scan", "--format", "json", corpus], cwd, ok=(0, 1))
    report = json.loads(out)
    found = {}
    seen = set()
    for entry in report.get("files", []):
        name = os.path.relpath(os.path.join(cwd, entry["file"]), corpus)
        if name not in files:
            continue
        seen.add(name)
        if entry.get("unreadable"):
            problems.append(f"{name}: Palisade could not read the file: {entry['unreadable']}")
        for finding in entry.get("findings", []):
            if finding.get("code"):
                problems.append(f"{name}:{finding.get('line')}: Palisade could not judge "
                                f"{finding['rule']} ({finding['code']}): {finding.get('message')}")
            found.setdefault(name, {}).setdefault(finding["rule"], set()).add(finding["line"])
    for f in files:
        if f not in seen:
            problems.append(f"{f}: not in Palisade's report (is it scanned as a Dockerfile?)")
    return found


def hadolint_findings(hadolint, corpus, files, scratch):
    """{file: {code: {line}}} from one hadolint run over the corpus, and hadolint's version."""
    config = os.path.join(scratch, "hadolint.yaml")
    with open(config, "w", encoding="utf-8") as f:
        f.write(HADOLINT_CONFIG)
    home = os.path.join(scratch, "home")
    os.makedirs(home, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("HADOLINT_")}
    env.update(HOME=home, XDG_CONFIG_HOME=os.path.join(home, ".config"), NO_COLOR="1")
    version = run([hadolint, "--version"], scratch, env=env).strip()
    cmd = [hadolint, "--config", config, "--no-fail", "--format", "json",
           "--disable-ignore-pragma", "--info", "DL3057"]
    out = run(cmd + [os.path.join(corpus, f) for f in files], scratch, env=env)
    found = {}
    for r in json.loads(out):
        name = os.path.relpath(os.path.abspath(os.path.join(scratch, r["file"])), corpus)
        found.setdefault(name, {}).setdefault(r["code"], set()).add(r["line"])
    return found, version


def declarations(text, name, problems):
    """The ids a Dockerfile declares with `# differs: DLxxxx <reason>`."""
    ids = set()
    for n, line in enumerate(text.splitlines(), 1):
        if not re.match(r"^\s*#\s*differs\b", line, re.IGNORECASE):
            continue
        m = DECLARATION.match(line)
        if not m:
            problems.append(f"{name}:{n}: malformed declaration (`# differs: DLxxxx <reason>`)")
            continue
        dl, reason = m.group(1).upper(), m.group(2).strip()
        if len(reason.split()) < 3:
            problems.append(f"{name}:{n}: `# differs: {dl}` needs a reason in words")
        ids.add(dl)
    return ids


def instruction_starts(text):
    """{line: first line of the instruction it belongs to}, for every line of an instruction
    (continuation lines, comments and blank lines inside them, here-document bodies)."""
    lines = text.splitlines()
    escape = "\\"
    # Parser directives: `# name=value` lines at the very top.
    for line in lines:
        m = re.match(r"^\s*#\s*([A-Za-z]+)\s*=\s*(\S+)\s*$", line)
        if not m:
            break
        if m.group(1).lower() == "escape":
            escape = m.group(2)
    starts = {}
    i = 0
    while i < len(lines):
        if not lines[i].strip() or lines[i].lstrip().startswith("#"):
            i += 1
            continue
        start = i + 1
        parts = []
        while i < len(lines):
            starts[i + 1] = start
            content = lines[i].rstrip()
            i += 1
            if not content.endswith(escape):
                parts.append(content)
                break
            parts.append(content[: -len(escape)])
            # Comment and blank lines inside a continued instruction are skipped.
            while i < len(lines) and (not lines[i].strip() or lines[i].lstrip().startswith("#")):
                starts[i + 1] = start
                i += 1
        joined = " ".join(parts)
        if re.match(r"^\s*(ONBUILD\s+)?(RUN|COPY|ADD)\b", joined, re.IGNORECASE):
            for dash, _, word in HERE_DOC.findall(joined):
                while i < len(lines):
                    starts[i + 1] = start
                    body = lines[i].lstrip("\t") if dash else lines[i]
                    i += 1
                    if body == word:
                        break
    return starts


def summary(row):
    g = row["group"]
    agree = row["both_flag"] + row["both_clean"]
    disagree = row["palisade_only"] + row["hadolint_only"] + row["lines_differ"]
    return {
        "hadolint": g["ids"], "rules": g["rules"], "files": row["files"],
        "both_flag": row["both_flag"], "both_clean": row["both_clean"],
        "palisade_only": row["palisade_only"], "hadolint_only": row["hadolint_only"],
        "lines_differ": row["lines_differ"], "disagreements": disagree,
        "declared": row["declared"],
        "agreement": round(agree / row["files"], 4) if row["files"] else None,
    }


def totals(table):
    keys = ("files", "both_flag", "both_clean", "palisade_only", "hadolint_only",
            "lines_differ", "disagreements", "declared")
    out = {k: sum(r[k] for r in table) for k in keys}
    agree = out["both_flag"] + out["both_clean"]
    out["agreement"] = round(agree / out["files"], 4) if out["files"] else None
    return out


def print_table(table, overall, corpus_files, compared, version):
    print(f"{version}; {corpus_files} Dockerfiles, {compared} compared, "
          f"{len(table)} rules")
    head = ("hadolint", "rule", "files", "both flag", "both clean", "disagree (declared)",
            "P only", "H only", "lines", "agreement")
    rows = []
    for r in table + [dict(overall, hadolint=["overall"], rules=[""])]:
        rows.append((
            ", ".join(r["hadolint"]), ", ".join(r["rules"]), str(r["files"]),
            str(r["both_flag"]), str(r["both_clean"]),
            f"{r['disagreements']} ({r['declared']})", str(r["palisade_only"]),
            str(r["hadolint_only"]), str(r["lines_differ"]),
            "-" if r["agreement"] is None else f"{100 * r['agreement']:.1f}%",
        ))
    widths = [max(len(x) for x in col) for col in zip(head, *rows)]
    sep = "  "
    print(sep.join(h.ljust(w) for h, w in zip(head, widths)))
    print(sep.join("-" * w for w in widths))
    for i, row in enumerate(rows):
        if i == len(rows) - 1:
            print(sep.join("-" * w for w in widths))
        print(sep.join(c.ljust(w) if j < 2 else c.rjust(w)
                       for j, (c, w) in enumerate(zip(row, widths))))


def fmt(lines):
    return ",".join(str(n) for n in sorted(lines))


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def run(cmd, cwd, ok=(0,), env=None):
    try:
        proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    except OSError as e:
        sys.exit(f"compare.py: cannot run {cmd[0]}: {e}")
    if proc.returncode not in ok:
        sys.exit(f"compare.py: `{' '.join(cmd[:4])} ...` exited {proc.returncode}:\n"
                 f"{proc.stderr.strip()}")
    return proc.stdout


if __name__ == "__main__":
    main()
