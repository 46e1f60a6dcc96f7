#!/usr/bin/env python3
"""Differential test of Palisade's GitHub Actions rules against zizmor.

    python3 peers/github/compare.py --palisade target/debug/palisade \\
        --zizmor "$(peers/install.sh | tail -n 1)/zizmor" [--corpus DIR] [--json OUT]

Every stdlib rule whose metadata carries a tag `zizmor:<audit>` is compared with that zizmor
audit on every workflow and action of the corpus: does Palisade report the rule, does zizmor
report the audit, and where both do, are they on the same steps. Rules and audits connected by
tags are compared as one group: GHA-PERMISSIONS-DEFAULT and GHA-PERMISSIONS-WRITE-ALL together
against excessive-permissions, GHA-PERSIST-CREDENTIALS and GHA-ARTIPACKED together against
artipacked.

Lines are compared by the element they belong to: the step (a `- ` item of any `steps:`), else
the service of a job's `services:`, else the job, else the top-level key (`on:`,
`permissions:`, `env:`); everything up to the first top-level key is the workflow itself. zizmor
reports the first line of a step and the line of a job's key; Palisade the line of the part of
it that is wrong (`uses:`, an input, an expression inside `run:`).

zizmor runs once over the corpus, offline, with no configuration (`--no-config`), inline
`# zizmor: ignore` comments disregarded (`--no-ignores`) and every file given by name. Its
findings are those of its default persona, `regular`, except for self-hosted-runner, an audit
that zizmor only runs for the `auditor` persona: zizmor runs with `--persona auditor` and each
finding's persona (`determinations.persona`) selects it. Audits that zizmor skips offline
(known-vulnerable-actions needs the GitHub API) are not compared; their rules are listed.

A disagreement is expected only when the file declares it with a comment line

    # differs: <audit> <the reason, in words>

(any audit of a group declares the group). The script fails (exit 1) on each undeclared
disagreement, each stale declaration (declared, but the tools agree), each declared audit
missing from differences.md or naming no compared rule, each file one of the tools could not
read, and each finding Palisade reports with an error code. differences.md must explain each
declared audit under a heading naming it, and name no audit that no file declares. It prints
the agreement per rule group, and exits 0 when everything is declared. Python's standard
library only.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
AUDIT = r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*"
DECLARATION = re.compile(r"^\s*#\s*differs:\s*(" + AUDIT + r")(?![\w-])[\s:—-]*(.*)$")
ZIZMOR_TAG = re.compile(r"^zizmor:(" + AUDIT + r")$")
# Audits zizmor runs only for the `auditor` persona; every other audit is compared with the
# findings of the default `regular` persona.
AUDITOR_AUDITS = {"self-hosted-runner"}
# Audits that need the GitHub API, which zizmor skips when offline. zizmor's own log
# (`skipping <audit>: ...`) adds any other it skips.
ONLINE_AUDITS = {"impostor-commit", "known-vulnerable-actions", "ref-confusion",
                 "ref-version-mismatch", "stale-action-refs"}
SKIPPED = re.compile(r"skipping (" + AUDIT + r"): ")
KEY = re.compile(r"^(\s*)(?:-\s+)?(\"[^\"]*\"|'[^']*'|[^\s#'\"][^:#]*?)\s*:(?:\s|$)")


def main():
    ap = argparse.ArgumentParser(description="Compare Palisade's GitHub Actions rules with zizmor.")
    ap.add_argument("--palisade", required=True, help="the palisade binary")
    ap.add_argument("--zizmor", required=True, help="the zizmor binary")
    ap.add_argument("--corpus", default=os.path.join(HERE, "corpus"),
                    help="the folder of workflows (*.yml) and actions (*/action.yml) "
                         "(default: corpus/ beside this script)")
    ap.add_argument("--differences", default=os.path.join(HERE, "differences.md"),
                    help="the document of the declared differences (default: differences.md)")
    ap.add_argument("--json", metavar="OUT", help="also write the agreement table as JSON")
    args = ap.parse_args()

    corpus = os.path.abspath(args.corpus)
    files = corpus_files(corpus)
    if not files:
        sys.exit(f"compare.py: no *.yml workflows or */action.yml actions in {corpus}")
    palisade = os.path.abspath(args.palisade)
    zizmor = os.path.abspath(args.zizmor)
    problems = []

    with tempfile.TemporaryDirectory(prefix="palisade-peers-") as scratch:
        groups = rule_groups(palisade, scratch)
        reported = palisade_findings(palisade, corpus, files, scratch, problems)
        flagged, skipped, version = zizmor_findings(zizmor, corpus, files, scratch)

    offline = [g for g in groups if set(g["audits"]) & skipped]
    groups = [g for g in groups if not set(g["audits"]) & skipped]
    sources = {f: read(os.path.join(corpus, f)) for f in files}
    rows = {g["key"]: dict(group=g, files=0, both_flag=0, both_clean=0, palisade_only=0,
                           zizmor_only=0, lines_differ=0, declared=0) for g in groups}
    compared_audits = {a for g in groups for a in g["audits"]}
    offline_audits = {a for g in offline for a in g["audits"]}
    declared_anywhere = set()
    for f in files:
        text = sources[f]
        declared = declarations(text, f, problems)
        declared_anywhere.update(declared)
        for audit in sorted(declared - compared_audits):
            why = ("zizmor does not run it offline" if audit in offline_audits
                   else f"compared: {', '.join(sorted(compared_audits))}")
            problems.append(f"{f}: `# differs: {audit}` names no compared rule ({why})")
        anchor = anchors(text)
        p_lines = reported.get(f, {})
        z_lines = flagged.get(f, {})
        for g in groups:
            row = rows[g["key"]]
            row["files"] += 1
            p = {anchor(n) for rule in g["rules"] for n in p_lines.get(rule, ())}
            z = {anchor(n) for audit in g["audits"] for n in z_lines.get(audit, ())}
            is_declared = bool(declared & set(g["audits"]))
            if p == z:
                row["both_flag" if p else "both_clean"] += 1
                if is_declared:
                    problems.append(f"{f}: stale `# differs: {g['label']}`: both tools "
                                    + (f"flag lines {fmt(p)}" if p else "find nothing"))
                continue
            if p and z:
                row["lines_differ"] += 1
            elif p:
                row["palisade_only"] += 1
            else:
                row["zizmor_only"] += 1
            if is_declared:
                row["declared"] += 1
            else:
                problems.append(
                    f"{f}: undeclared difference on {g['label']} ({', '.join(g['rules'])}): "
                    f"Palisade lines {fmt(p) or '-'}, zizmor lines {fmt(z) or '-'}")

    doc = read(args.differences) if os.path.exists(args.differences) else ""
    if not doc:
        problems.append(f"{args.differences}: missing or empty")
    # Each declared audit is explained under a heading naming it, and each audit a heading
    # names is declared somewhere in the corpus.
    headings = [line for line in doc.splitlines() if line.startswith("#")]
    known = compared_audits | offline_audits
    explained = {a for a in known for h in headings
                 if re.search(r"(?<![\w-])" + re.escape(a) + r"(?![\w-])", h)}
    doc_name = os.path.basename(args.differences)
    for audit in sorted((declared_anywhere & compared_audits) - explained):
        problems.append(f"{doc_name}: {audit} is declared in the corpus but has no heading")
    for audit in sorted((explained & compared_audits) - declared_anywhere):
        if not any(audit in g["audits"] and set(g["audits"]) & declared_anywhere
                   for g in groups):
            problems.append(f"{doc_name}: {audit} has a heading but no file of the corpus "
                            f"declares it")

    table = [summary(rows[g["key"]]) for g in groups]
    overall = totals(table)
    print_table(table, overall, files, version, offline)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump({"zizmor": version, "corpus_files": len(files), "rules": table,
                       "overall": overall,
                       "not_compared": [{"zizmor": g["audits"], "rules": g["rules"],
                                         "reason": "zizmor skips it offline"} for g in offline],
                       "problems": problems},
                      out, indent=2)
            out.write("\n")
    if problems:
        print(f"\n{len(problems)} problem(s):", file=sys.stderr)
        for p in problems:
            print(f"  {p}", file=sys.stderr)
        sys.exit(1)


def corpus_files(corpus):
    """The workflows (`*.yml`, `*.yaml`) of the corpus folder and the actions one folder down
    (`<case>/action.yml`), as paths relative to it, sorted."""
    out = []
    for entry in sorted(os.listdir(corpus)):
        path = os.path.join(corpus, entry)
        if entry.startswith("."):
            continue
        if os.path.isfile(path) and entry.endswith((".yml", ".yaml")):
            out.append(entry)
        elif os.path.isdir(path):
            for name in ("action.yml", "action.yaml"):
                if os.path.isfile(os.path.join(path, name)):
                    out.append(f"{entry}/{name}")
    return out


def rule_groups(palisade, cwd):
    """The compared units: rules and zizmor audits connected by `zizmor:` tags."""
    out = run([palisade, "scan", "--list-rules", "--format", "json"], cwd, ok=(0,))
    rules = json.loads(out)
    tagged = {}
    for r in rules:
        tags = ((r.get("metadata") or {}).get("tags")) or []
        audits = sorted({m.group(1) for t in tags if (m := ZIZMOR_TAG.match(str(t)))})
        if audits:
            tagged[r["id"]] = audits
    if not tagged:
        sys.exit("compare.py: no rule of `palisade scan --list-rules` carries a `zizmor:` tag")
    # Union-find over rules and audits, so that two rules of one audit (and a rule of two
    # audits) compare once, with the union of their findings.
    parent = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for rule, audits in tagged.items():
        for audit in audits:
            parent[find(("audit", audit))] = find(("rule", rule))
    components = {}
    for node in list(parent):
        components.setdefault(find(node), []).append(node)
    groups = []
    for nodes in components.values():
        audits = sorted(n for k, n in nodes if k == "audit")
        names = sorted(n for k, n in nodes if k == "rule")
        groups.append({"key": "+".join(audits), "audits": audits, "rules": names,
                       "label": ", ".join(audits)})
    return sorted(groups, key=lambda g: g["rules"][0])


def palisade_findings(palisade, corpus, files, cwd, problems):
    """{file: {rule: {line}}} from one `palisade scan --format json` of the corpus, run from an
    empty folder so that no palisade.toml applies."""
    out = run([palisade, "scan", "--format", "json", corpus], cwd, ok=(0, 1))
    report = json.loads(out)
    found = {}
    seen = set()
    for entry in report.get("files", []):
        name = os.path.relpath(os.path.join(cwd, entry["file"]), corpus).replace(os.sep, "/")
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
            problems.append(f"{f}: not in Palisade's report (is it read as a workflow or an "
                            f"action?)")
    return found


def zizmor_findings(zizmor, corpus, files, scratch):
    """{file: {audit: {line}}} from one zizmor run over the corpus, the audits it skipped, and
    its version."""
    home = os.path.join(scratch, "home")
    os.makedirs(home, exist_ok=True)
    # No token (so nothing online could run), no configuration of the user's.
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("ZIZMOR_") and k not in ("GH_TOKEN", "GITHUB_TOKEN", "GH_HOST")}
    env.update(HOME=home, XDG_CONFIG_HOME=os.path.join(home, ".config"),
               XDG_CACHE_HOME=os.path.join(home, ".cache"), NO_COLOR="1", RUST_BACKTRACE="0",
               RUST_LIB_BACKTRACE="0")
    version = run([zizmor, "--version"], scratch, env=env).strip()
    cmd = [zizmor, "--offline", "--no-config", "--no-ignores", "--no-exit-codes",
           "--strict-collection", "--no-progress", "--persona", "auditor", "--format", "json",
           "-v", "--cache-dir", os.path.join(home, ".cache", "zizmor")]
    proc = run_full(cmd + files, corpus, env)
    if proc.returncode != 0:
        errors = [line for line in proc.stderr.splitlines()
                  if not re.match(r"^\s*(TRACE|DEBUG|INFO|WARN)\b", line)]
        sys.exit(f"compare.py: zizmor exited {proc.returncode} (a corpus file it cannot read "
                 f"fails the run):\n{tail(chr(10).join(errors))}")
    skipped = set(ONLINE_AUDITS) | set(SKIPPED.findall(proc.stderr))
    found = {}
    for finding in json.loads(proc.stdout):
        audit = finding["ident"]
        persona = (finding.get("determinations") or {}).get("persona", "Regular")
        if persona != "Regular" and not (persona == "Auditor" and audit in AUDITOR_AUDITS):
            continue
        for loc in finding.get("locations", []):
            if loc["symbolic"]["kind"] != "Primary":
                continue
            key = loc["symbolic"]["key"]
            path = (key.get("Local") or {}).get("verbatim_path")
            if path is None:
                continue
            name = os.path.relpath(os.path.join(corpus, path), corpus).replace(os.sep, "/")
            line = loc["concrete"]["location"]["start_point"]["row"] + 1
            found.setdefault(name, {}).setdefault(audit, set()).add(line)
    return found, skipped, version


def declarations(text, name, problems):
    """The audits a file declares with `# differs: <audit> <reason>`."""
    audits = set()
    for n, line in enumerate(text.splitlines(), 1):
        if not re.match(r"^\s*#\s*differs\b", line):
            continue
        m = DECLARATION.match(line)
        if not m:
            problems.append(f"{name}:{n}: malformed declaration (`# differs: <audit> <reason>`)")
            continue
        audit, reason = m.group(1), m.group(2).strip()
        if len(reason.split()) < 3:
            problems.append(f"{name}:{n}: `# differs: {audit}` needs a reason in words")
        audits.add(audit)
    return audits


def anchors(text):
    """A function from a line of the file to the line of the element it belongs to: the
    first line of its step, else of its service, else of its job, else its top-level key;
    lines up to the first top-level key belong to the workflow itself (that key's line).

    An outline of block-style YAML, by indentation: enough for workflows and actions, whose
    structure is a few known keys deep. The text of a block scalar (`run: |`) belongs to the
    element of its key."""
    anchor = {}
    first_key = None
    top = None  # (key, line) of the current top-level key
    job = None  # line of the current job's key
    job_indent = None
    steps = None  # [indent of `steps:`, indent of its items or None, line of the current item]
    services = None  # [indent of `services:`, indent of the names or None, current name line]
    block = None  # lines more indented than this are the text of a block scalar
    last = None
    for n, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(raw) - len(raw.lstrip(" "))
        if block is not None:
            if indent > block:
                anchor[n] = last
                continue
            block = None
        is_item = stripped == "-" or stripped.startswith("- ")
        m = KEY.match(raw)
        key = m.group(2).strip("'\"") if m else None
        if indent == 0 and not is_item:
            top = (key, n)
            first_key = first_key or n
            job = job_indent = steps = services = None
            here = n
        elif top is None:
            continue
        else:
            # Leave the list of steps, or of services, at a line outside it.
            if steps is not None:
                s_indent, item_indent, _ = steps
                if item_indent is None:
                    if is_item and indent >= s_indent:
                        steps = [s_indent, indent, n]
                    elif indent <= s_indent:
                        steps = None
                elif indent < item_indent or (indent == item_indent and not is_item):
                    steps = None
                elif indent == item_indent:
                    steps[2] = n
            if services is not None:
                v_indent, name_indent, _ = services
                if indent <= v_indent:
                    services = None
                elif name_indent is None or indent == name_indent:
                    services = [v_indent, indent, n]
            if (top[0] == "jobs" and steps is None and services is None and not is_item
                    and (job_indent is None or indent <= job_indent)):
                job_indent, job = indent, n
            if steps is not None and steps[1] is not None:
                here = steps[2]
            elif services is not None and services[1] is not None:
                here = services[2]
            else:
                here = job if job is not None else top[1]
            # A list of steps, or of services, starts below this key.
            if key == "steps" and steps is None and not is_item:
                steps = [indent, None, n]
            elif key == "services" and job is not None and indent > job_indent and steps is None:
                services = [indent, None, n]
        anchor[n] = here
        last = here
        if m and re.match(r"^[|>][-+0-9]*\s*(#.*)?$", raw[m.end():].strip() or "x"):
            block = len(raw) - len(raw.lstrip(" -"))

    def lookup(line):
        if first_key is not None and line <= first_key:
            return first_key
        if line in anchor:
            return anchor[line]
        # A blank or comment line: the element of the nearest line above.
        for k in range(line - 1, 0, -1):
            if k in anchor:
                return anchor[k]
        return line

    return lookup


def summary(row):
    g = row["group"]
    agree = row["both_flag"] + row["both_clean"]
    disagree = row["palisade_only"] + row["zizmor_only"] + row["lines_differ"]
    return {
        "zizmor": g["audits"], "rules": g["rules"], "files": row["files"],
        "both_flag": row["both_flag"], "both_clean": row["both_clean"],
        "palisade_only": row["palisade_only"], "zizmor_only": row["zizmor_only"],
        "lines_differ": row["lines_differ"], "disagreements": disagree,
        "declared": row["declared"],
        "agreement": round(agree / row["files"], 4) if row["files"] else None,
    }


def totals(table):
    keys = ("files", "both_flag", "both_clean", "palisade_only", "zizmor_only",
            "lines_differ", "disagreements", "declared")
    out = {k: sum(r[k] for r in table) for k in keys}
    agree = out["both_flag"] + out["both_clean"]
    out["agreement"] = round(agree / out["files"], 4) if out["files"] else None
    return out


def print_table(table, overall, files, version, offline):
    actions = sum(1 for f in files if "/" in f)
    print(f"{version}; {len(files) - actions} workflows and {actions} actions, "
          f"{len(table)} rule groups")
    head = ("rule", "zizmor", "files", "both flag", "both clean", "disagree (declared)",
            "P only", "Z only", "lines", "agreement")
    rows = []
    for r in table + [dict(overall, zizmor=[""], rules=["overall"])]:
        rows.append((
            ", ".join(r["rules"]), ", ".join(r["zizmor"]), str(r["files"]),
            str(r["both_flag"]), str(r["both_clean"]),
            f"{r['disagreements']} ({r['declared']})", str(r["palisade_only"]),
            str(r["zizmor_only"]), str(r["lines_differ"]),
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
    for g in offline:
        print(f"not compared: {', '.join(g['rules'])} ({g['label']}): zizmor skips it offline "
              f"(it asks the GitHub API)")


def fmt(lines):
    return ",".join(str(n) for n in sorted(lines))


def tail(text, n=20):
    return "\n".join(text.strip().splitlines()[-n:])


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def run_full(cmd, cwd, env=None):
    try:
        return subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    except OSError as e:
        sys.exit(f"compare.py: cannot run {cmd[0]}: {e}")


def run(cmd, cwd, ok=(0,), env=None):
    proc = run_full(cmd, cwd, env)
    if proc.returncode not in ok:
        sys.exit(f"compare.py: `{' '.join(cmd[:4])} ...` exited {proc.returncode}:\n"
                 f"{tail(proc.stderr)}")
    return proc.stdout


if __name__ == "__main__":
    main()
