#!/usr/bin/env python3
"""Differential test of Palisade's Terraform rules against Checkov.

    python3 peers/terraform/compare.py --palisade target/debug/palisade \\
        --checkov "$(peers/install-checkov.sh | tail -n 1)/checkov" [--corpus DIR] [--json OUT]

Every stdlib rule whose metadata carries a tag `checkov:<ID>` (`checkov:CKV_AWS_20`) is compared
with that Checkov check on every `*.tf` file and every plan (`*.plan.json`) of the corpus. The unit is the check: for each
Checkov id, the findings of every rule tagged with it are set against the resources Checkov
fails, file by file and resource by resource. Two rules of one id (TF-AWS-RDS-PUBLIC and
TF-AWS-RDS-CLUSTER-INSTANCE-PUBLIC are both CKV_AWS_17) are compared together; a rule of two
ids (TF-AWS-S3-PUBLIC-ACL is CKV_AWS_20 for public read and CKV_AWS_57 for public write) is
compared with each (see the mapping rule below).

The corpus is a folder of Terraform modules: each directory of `*.tf` files is a module, as for
`terraform` itself, for Palisade (a file is read with the other `*.tf` files of its directory as
its context) and for Checkov (which connects the blocks of a directory). Both tools run once over
the whole corpus.

Plans

A file `NAME.plan.json` is the plan of the module in its directory, as `terraform show -json
PLAN` prints it (format_version, planned_values, resource_changes, configuration). Palisade reads
it on its own as a Terraform module of source "plan", whose resources are the entries of
`resource_changes` that are not only deleted; Checkov reads it with the `terraform_plan`
framework, in the same run as the `.tf` files (`--framework terraform terraform_plan`), from its
`planned_values`. A plan's resources are its resource instances, named by their addresses
(`aws_s3_bucket.zone["raw"]`, `module.net.aws_subnet.db[0]`): Checkov's by `resource_address`,
Palisade's by its pointer (`/resources/N/...`: the Nth entry of `resource_changes` that is not
only deleted). The resources one reference away (the mapping rule below) are those the
configuration the plan holds names in the expressions of a block (`"references"`), from every
instance of the block to every instance of the named block, module by module.

Where a finding is: a resource

A finding of either tool is placed at a resource block, named by its file and address
(`aws_s3_bucket.logs`, `data.aws_iam_policy_document.ci`; the instances of a block with `count`
or `for_each` are the block). Checkov names the block by its `file_line_range`, whose first line
is the block's. Palisade points into the file's module (`/resources/N/...`: the Nth `resource` or
`data` block of the file), and the finding's line must fall inside that block.

A Palisade rule may report a resource other than the one the Checkov check names, because it
judges how resources relate: TF-AWS-S3-BLOCK-PUBLIC-ACLS reports the public access block that
leaves the setting false, where CKV2_AWS_6 reports the bucket; TF-AWS-S3-PUBLIC-ACL reports an
aws_s3_bucket_acl, where CKV_AWS_20 reports the bucket it names; TF-AWS-IAM-ADMIN-POLICY reports
a `data "aws_iam_policy_document"` block, where CKV_AWS_62 judges the aws_iam_policy whose
`policy` is its `.json`. The mapping rule: Checkov judges, for an id, the resource types of the
resources it passes or fails for that id in this run. For a Palisade finding at resource X of a
rule tagged with the ids S, and for each id C of S, the candidates are

  - X itself, if Checkov judges X's type for C;
  - otherwise the resources of a type Checkov judges for C one reference away from X, in X's
    directory: X's block refers to them (`bucket = aws_s3_bucket.logs.id`) or theirs to X.

Then, for C, the finding is counted

  1. at C's candidates, if Checkov fails one of them for C (both tools flag it);
  2. nowhere, if Checkov fails a candidate of another id of S for that id: the finding is that
     id's (TF-AWS-S3-PUBLIC-ACL's finding on `acl = "public-read"` is CKV_AWS_20's, not a
     disagreement with CKV_AWS_57, public write);
  3. at X, if Checkov judges X's type for C (Palisade alone flags it);
  4. nowhere, if another id of S judges X's type: the finding is that id's (a bucket without any
     public access block is CKV2_AWS_6's, not CKV_AWS_53's, which judges the block resources);
  5. at C's candidates, if there are any (Palisade alone flags them);
  6. at X, if no id of S has any candidate (a finding on a resource Checkov does not judge).

Then, for each id and each file, the resources Palisade flags (the union over the id's rules) and
those Checkov fails are the same set, or they are a disagreement. A resource a finding was moved
to is shown with where Palisade reported it.

A disagreement is expected only when the file declares it with a comment line

    # differs: CKV_AWS_20 <the reason, in words>

A plan cannot hold comments: its declarations are in the file `NAME.plan.differs` beside
`NAME.plan.json`, one a line, without the `# differs:` (blank lines and `#` comment lines aside):

    CKV_AWS_20 <the reason, in words>

The script fails (exit 1) on each undeclared disagreement, each stale declaration (declared, but
the tools agree on the file), each declared id that names no compared check or that
differences.md does not explain, each file one of the tools could not read, each finding Palisade
reports with an error code, each finding it cannot place in a block of its file, and each
`checkov:skip` comment in the corpus (Checkov has no flag to disregard them), and each
`.plan.differs` file with no plan beside it. differences.md must
explain each declared id under a heading naming it, and name no id that no file declares. The
corpus must also exercise every compared check: Palisade reports each rule somewhere, and Checkov
passes and fails each id somewhere. It prints the agreement per check, and exits 0 when
everything is declared.

Checkov runs offline and with no configuration of the user's: from an empty folder with an empty
home (so no `.checkov.yaml` is read), an explicit configuration file with nothing in it, the
`CKV_*`, `BC_*`, `PRISMA_*` and `CHECKOV_*` variables removed (no API key, hence no platform),
`--skip-download`, its check for a newer version off (`CKV_SKIP_PACKAGE_UPDATE_CHECK`), external
modules not downloaded (the default), plans not enriched from the `.tf` files (no
`--repo-root-for-plan-enrichment`: a plan is judged as it is), and only the compared checks run
(`--check`). Python's
standard library only.
"""

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CHECK_ID = r"CKV2?_[A-Z0-9]+_\d+"
DECLARATION = re.compile(r"^\s*#\s*differs:\s*(" + CHECK_ID + r")\b[\s:—-]*(.*)$")
CHECKOV_TAG = re.compile(r"^checkov:(" + CHECK_ID + r")$")
SKIP_COMMENT = re.compile(r"checkov:skip\s*=", re.IGNORECASE)
POINTER = re.compile(r"^/resources/(\d+)(?:/|$)")
PLAN_SUFFIX = ".plan.json"
SIDECAR_SUFFIX = ".plan.differs"
SIDECAR_LINE = re.compile(r"^\s*(" + CHECK_ID + r")\b[\s:—-]*(.*)$")
INDEX = re.compile(r"\[[^\]]*\]")
HEREDOC = re.compile(r"<<(-?)([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n")
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
REFERENCE = re.compile(r"(?<![\w.\-])((?:data\.)?[A-Za-z][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*)")
# Checkov's own configuration: nothing set.
CHECKOV_CONFIG = "{}\n"
ENV_PREFIXES = ("CKV_", "BC_", "PRISMA_", "CHECKOV_")


def main():
    ap = argparse.ArgumentParser(description="Compare Palisade's Terraform rules with Checkov.")
    ap.add_argument("--palisade", required=True, help="the palisade binary")
    ap.add_argument("--checkov", required=True, help="the checkov program")
    ap.add_argument("--corpus", default=os.path.join(HERE, "corpus"),
                    help="the folder of Terraform modules, directories of *.tf files "
                         "(default: corpus/ beside this script)")
    ap.add_argument("--differences", default=os.path.join(HERE, "differences.md"),
                    help="the document of the declared differences (default: differences.md)")
    ap.add_argument("--json", metavar="OUT", help="also write the agreement table as JSON")
    args = ap.parse_args()

    corpus = os.path.abspath(args.corpus)
    files = corpus_files(corpus)
    if not any(f.endswith(".tf") for f in files):
        sys.exit(f"compare.py: no *.tf files in {corpus}")
    palisade = os.path.abspath(args.palisade)
    checkov = os.path.abspath(args.checkov)
    problems = []

    sources = {f: read(os.path.join(corpus, f)) for f in files}
    blocks, plans = {}, {}
    for f in files:
        if is_plan(f):
            try:
                plans[f] = json.loads(sources[f])
            except json.JSONDecodeError as e:
                problems.append(f"{f}: not JSON: {e}")
                plans[f] = {}
            continue
        try:
            blocks[f] = hcl_blocks(sources[f])
        except ValueError as e:
            problems.append(f"{f}: the comparison cannot outline the file: {e}")
            blocks[f] = []
    index = ResourceIndex(files, blocks, plans)

    with tempfile.TemporaryDirectory(prefix="palisade-peers-") as scratch:
        checks = rule_checks(palisade, scratch)
        ids = sorted({c for cs in checks.values() for c in cs}, key=id_order)
        reported = palisade_findings(palisade, corpus, files, scratch, index, problems)
        judged, failed, version = checkov_results(checkov, corpus, files, ids, scratch, index,
                                                  problems)

    rules_of = {c: sorted(r for r, cs in checks.items() if c in cs) for c in ids}
    # The resource types Checkov judges for each id: those of the resources it passed or failed.
    types_of = {c: {index.kind(k) for k in judged.get(c, ())} for c in ids}

    # {id: {key: {where Palisade reported it}}}
    palisade_keys = {c: {} for c in ids}
    for finding in reported:
        for c, keys in placements(finding, checks.get(finding["rule"], []), types_of, failed,
                                  index).items():
            origin = finding["key"] or (finding["file"], f"line {finding['line']}")
            for k in keys:
                palisade_keys[c].setdefault(k, set()).add(origin)

    rows = {c: dict(files=0, both_flag=0, both_clean=0, palisade_only=0, checkov_only=0,
                    resources_differ=0, declared=0, res_both=0, res_palisade=0,
                    res_checkov=0) for c in ids}
    declared_anywhere = set()
    for sidecar in sidecar_files(corpus):
        if sidecar[:-len(SIDECAR_SUFFIX)] + PLAN_SUFFIX not in plans:
            problems.append(f"{sidecar}: declares differences of a plan that is not in the corpus "
                            f"({os.path.basename(sidecar[:-len(SIDECAR_SUFFIX)])}{PLAN_SUFFIX})")
    for f in files:
        if is_plan(f):
            sidecar = f[:-len(PLAN_SUFFIX)] + SIDECAR_SUFFIX
            path = os.path.join(corpus, sidecar)
            declared = (sidecar_declarations(read(path), sidecar, problems)
                        if os.path.exists(path) else set())
        else:
            declared = declarations(sources[f], f, problems)
        declared_anywhere.update(declared)
        for c in sorted(declared - set(ids)):
            problems.append(f"{f}: `# differs: {c}` names no compared check "
                            f"(compared: {', '.join(ids)})")
        for c in ids:
            row = rows[c]
            row["files"] += 1
            p = {k[1] for k in palisade_keys[c] if k[0] == f}
            k = {k[1] for k in failed.get(c, set()) if k[0] == f}
            moved = {key[1]: sorted(o for o in origins if o != key)
                     for key, origins in palisade_keys[c].items() if key[0] == f}
            row["res_both"] += len(p & k)
            row["res_palisade"] += len(p - k)
            row["res_checkov"] += len(k - p)
            is_declared = c in declared
            if p == k:
                row["both_flag" if p else "both_clean"] += 1
                if is_declared:
                    where = (f"`{c}` in {os.path.basename(f)[:-len(PLAN_SUFFIX)]}{SIDECAR_SUFFIX}"
                             if is_plan(f) else f"`# differs: {c}`")
                    problems.append(f"{f}: stale {where}: both tools "
                                    + (f"flag {fmt(p)}" if p else "find nothing"))
                continue
            if p and k:
                row["resources_differ"] += 1
            elif p:
                row["palisade_only"] += 1
            else:
                row["checkov_only"] += 1
            if is_declared:
                row["declared"] += 1
            else:
                problems.append(
                    f"{f}: undeclared difference on {c} ({', '.join(rules_of[c])}): "
                    f"Palisade {fmt(p, moved) or '-'}; Checkov {fmt(k) or '-'}")

    # The corpus exercises every compared check, both ways.
    flagged_rules = {finding["rule"] for finding in reported}
    for rule in sorted(checks):
        if rule not in flagged_rules:
            problems.append(f"{rule}: Palisade reports it on no file of the corpus")
    for c in ids:
        if not failed.get(c):
            problems.append(f"{c}: Checkov fails no resource of the corpus")
        if not (judged.get(c, set()) - failed.get(c, set())):
            problems.append(f"{c}: Checkov passes no resource of the corpus")

    doc = read(args.differences) if os.path.exists(args.differences) else ""
    if not doc:
        problems.append(f"{args.differences}: missing or empty")
    # Each declared id is explained under a heading naming it, and each heading's ids are
    # declared somewhere in the corpus.
    explained = {c for line in doc.splitlines() if line.startswith("#")
                 for c in re.findall(r"\b" + CHECK_ID + r"\b", line)}
    doc_name = os.path.basename(args.differences)
    for c in sorted(declared_anywhere - explained, key=id_order):
        problems.append(f"{doc_name}: {c} is declared in the corpus but has no heading")
    for c in sorted(explained - declared_anywhere, key=id_order):
        problems.append(f"{doc_name}: {c} has a heading but no file of the corpus declares it")

    table = [summary(c, rules_of[c], rows[c]) for c in ids]
    overall = totals(table)
    modules = len({os.path.dirname(f) for f in files if not is_plan(f)})
    print_table(table, overall, files, modules, version)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump({"checkov": version, "corpus_files": len(files),
                       "tf_files": sum(1 for f in files if not is_plan(f)),
                       "plans": sum(1 for f in files if is_plan(f)), "modules": modules,
                       "checks": table, "overall": overall, "problems": problems},
                      out, indent=2)
            out.write("\n")
    if problems:
        print(f"\n{len(problems)} problem(s):", file=sys.stderr)
        for p in problems:
            print(f"  {p}", file=sys.stderr)
        sys.exit(1)


def corpus_files(corpus, suffixes=(".tf", PLAN_SUFFIX)):
    """The `*.tf` and `*.plan.json` files under the corpus folder (hidden folders skipped), as
    paths relative to it with `/`, sorted."""
    out = []
    for root, dirs, names in os.walk(corpus):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in names:
            if name.endswith(suffixes) and not name.startswith("."):
                out.append(os.path.relpath(os.path.join(root, name), corpus).replace(os.sep, "/"))
    return sorted(out)


def sidecar_files(corpus):
    """The `*.plan.differs` files under the corpus folder."""
    return corpus_files(corpus, (SIDECAR_SUFFIX,))


def is_plan(f):
    return f.endswith(PLAN_SUFFIX)


def id_order(c):
    """CKV_AWS_2 before CKV_AWS_10, CKV_AWS_* before CKV2_AWS_*."""
    m = re.match(r"^CKV(2?)_([A-Z0-9]+)_(\d+)$", c)
    return (m.group(2), m.group(1), int(m.group(3))) if m else (c, "", 0)


def placements(finding, siblings, types_of, failed, index):
    """{id: {key}}: the resources at which a Palisade finding counts, for each id of its rule
    (the mapping rule and siblings of the docstring)."""
    x = finding["key"]
    if x is None:
        return {c: {(finding["file"], f"line {finding['line']}")} for c in siblings}
    kind = index.kind(x)
    direct = {c for c in siblings if kind in types_of[c]}
    candidates = {c: ({x} if c in direct else
                      {y for y in index.linked(x) if index.kind(y) in types_of[c]})
                  for c in siblings}
    hit = {c for c in siblings if candidates[c] & failed.get(c, set())}
    out = {}
    for c in siblings:
        if c in hit:
            out[c] = candidates[c]  # both tools flag it
        elif hit:
            continue  # Checkov fails it for another id of the rule: that id's finding
        elif c in direct:
            out[c] = {x}  # Checkov judges this resource for c and passes it
        elif direct:
            continue  # another id judges the resource itself: that id's finding
        elif candidates[c]:
            out[c] = candidates[c]  # the linked resources Checkov passes for c
        elif not any(candidates.values()):
            out[c] = {x}  # nowhere else to place it
    return out


def rule_checks(palisade, cwd):
    """{rule id: [Checkov ids]} from the `checkov:` tags of `palisade scan --list-rules`."""
    out = run([palisade, "scan", "--list-rules", "--format", "json"], cwd, ok=(0,))
    checks = {}
    for r in json.loads(out):
        tags = ((r.get("metadata") or {}).get("tags")) or []
        ids = sorted({m.group(1) for t in tags if (m := CHECKOV_TAG.match(str(t)))}, key=id_order)
        if ids:
            checks[r["id"]] = ids
    if not checks:
        sys.exit("compare.py: no rule of `palisade scan --list-rules` carries a `checkov:` tag")
    return checks


class ResourceIndex:
    """The `resource` and `data` blocks of the corpus: by file and address, by file and first
    line, and the references between the blocks of one directory."""

    def __init__(self, files, blocks, plans):
        self.by_file = {}  # file -> [block], in file order
        self.by_line = {}  # (file, first line) -> key
        self.info = {}  # key -> block
        self.refs = {}
        by_dir = {}
        for f in files:
            if f in plans:
                self.add_plan(f, plans[f])
                continue
            own = [b for b in blocks[f]
                   if b["kind"] in ("resource", "data") and len(b["labels"]) == 2]
            self.by_file[f] = own
            for b in own:
                typ, name = b["labels"]
                address = f"data.{typ}.{name}" if b["kind"] == "data" else f"{typ}.{name}"
                b["address"] = address
                b["type"] = f"data.{typ}" if b["kind"] == "data" else typ
                key = (f, address)
                self.info[key] = b
                self.by_line[(f, b["start"])] = key
                by_dir.setdefault(os.path.dirname(f), {})[address] = key
                self.refs[key] = set()
        for (f, address), b in self.info.items():
            if f in plans:
                continue
            here = by_dir[os.path.dirname(f)]
            for m in REFERENCE.finditer(b["body"]):
                target = here.get(m.group(1))
                if target is not None and target != (f, address):
                    self.refs[(f, address)].add(target)
        self.back = {key: set() for key in self.info}
        for key, targets in self.refs.items():
            for t in targets:
                self.back[t].add(key)

    def add_plan(self, f, plan):
        """A plan's resources: the entries of `resource_changes` that are not only deleted, in
        their order (Palisade's `/resources/N`), by address; their links are the references of
        the configuration the plan holds, from every instance of a block to every instance of
        the blocks it names, module by module."""
        own = []
        instances = {}  # configuration address (module path and block) -> [key]
        for rc in plan.get("resource_changes") or []:
            actions = ((rc.get("change") or {}).get("actions")) or []
            if actions == ["delete"]:
                continue
            address = rc.get("address", "")
            kind = rc.get("type", "")
            kind = f"data.{kind}" if rc.get("mode") == "data" else kind
            b = {"address": address, "type": kind, "start": 0, "end": 0}
            own.append(b)
            key = (f, address)
            self.info[key] = b
            self.refs[key] = set()
            instances.setdefault(INDEX.sub("", address), []).append(key)
        self.by_file[f] = own

        def walk(module, prefix):
            for r in (module or {}).get("resources") or []:
                source = instances.get(prefix + r.get("address", ""), [])
                for ref in expression_references(r.get("expressions")):
                    ref = INDEX.sub("", ref)
                    parts = ref.split(".")
                    if parts[0] == "data":
                        target = ".".join(parts[:3])
                    elif parts[0] in ("var", "local", "each", "count", "path", "self",
                                      "module", "terraform"):
                        continue
                    else:
                        target = ".".join(parts[:2])
                    for t in instances.get(prefix + target, []):
                        for s in source:
                            if s != t:
                                self.refs[s].add(t)
            for name, call in ((module or {}).get("module_calls") or {}).items():
                walk(call.get("module"), f"{prefix}module.{name}.")

        walk((plan.get("configuration") or {}).get("root_module"), "")

    def by_address(self, f, address):
        key = (f, address)
        return key if key in self.info else None

    def resource(self, f, n):
        """The key of the nth resource or data block of a file, or None."""
        own = self.by_file.get(f, [])
        return (f, own[n]["address"]) if 0 <= n < len(own) else None

    def at_line(self, f, line):
        """The key of the block of a file that holds a line, or None."""
        for b in self.by_file.get(f, []):
            if b["start"] <= line <= b["end"]:
                return (f, b["address"])
        return None

    def span(self, key):
        b = self.info[key]
        return b["start"], b["end"]

    def kind(self, key):
        b = self.info.get(key)
        return b["type"] if b else None

    def linked(self, key):
        return self.refs.get(key, set()) | self.back.get(key, set())


def expression_references(node):
    """The references of a plan's configuration expressions, nested blocks included."""
    out = []
    if isinstance(node, dict):
        for k, v in node.items():
            if k == "references" and isinstance(v, list):
                out.extend(x for x in v if isinstance(x, str))
            else:
                out.extend(expression_references(v))
    elif isinstance(node, list):
        for v in node:
            out.extend(expression_references(v))
    return out


def palisade_findings(palisade, corpus, files, cwd, index, problems):
    """[{file, rule, line, key}] from one `palisade scan --format json` of the corpus, run from
    an empty folder so that no palisade.toml applies."""
    out = run([palisade, "scan", "--format", "json", corpus], cwd, ok=(0, 1))
    report = json.loads(out)
    found = []
    seen = set()
    for entry in report.get("files", []):
        name = os.path.relpath(os.path.join(cwd, entry["file"]), corpus).replace(os.sep, "/")
        if name not in files:
            continue
        seen.add(name)
        if entry.get("unreadable"):
            problems.append(f"{name}: Palisade could not read the file: {entry['unreadable']}")
        for finding in entry.get("findings", []):
            line = finding.get("line")
            if finding.get("code"):
                problems.append(f"{name}:{line}: Palisade could not judge "
                                f"{finding['rule']} ({finding['code']}): {finding.get('message')}")
                continue
            m = POINTER.match(finding.get("path") or "")
            if is_plan(name):
                # A plan's resource is the Nth entry of resource_changes that is not only
                # deleted; its lines are the plan's, not a block's.
                key = index.resource(name, int(m.group(1))) if m else None
                if key is None:
                    problems.append(f"{name}:{line}: cannot place the finding of {finding['rule']} "
                                    f"at {finding.get('path')!r} in a resource of the plan")
                found.append({"file": name, "rule": finding["rule"], "line": line, "key": key})
                continue
            # A block with a known `count` or `for_each` is several resources of the document
            # (one per instance), all on the block's lines: the block is the one that holds
            # the finding's line.
            key = index.at_line(name, line or 0)
            if key is None or not (index.span(key)[0] <= (line or 0) <= index.span(key)[1]):
                problems.append(f"{name}:{line}: cannot place the finding of {finding['rule']} "
                                f"at {finding.get('path')!r} in a resource block of the file")
                key = None
            found.append({"file": name, "rule": finding["rule"], "line": line, "key": key})
    for f in files:
        if f not in seen:
            problems.append(f"{f}: not in Palisade's report (is it read as Terraform"
                            f"{' or as a plan' if is_plan(f) else ''}?)")
    return found


def checkov_results(checkov, corpus, files, ids, scratch, index, problems):
    """Checkov's verdicts from one run over the corpus: {id: {key judged}}, {id: {key
    failed}} and its version."""
    for f in files:
        if is_plan(f):
            continue
        for n, line in enumerate(read(os.path.join(corpus, f)).splitlines(), 1):
            if SKIP_COMMENT.search(line):
                problems.append(f"{f}:{n}: a `checkov:skip` comment hides Checkov's verdict; "
                                f"declare a difference with `# differs:` instead")
    config = os.path.join(scratch, "checkov.yaml")
    with open(config, "w", encoding="utf-8") as out:
        out.write(CHECKOV_CONFIG)
    home = os.path.join(scratch, "home")
    os.makedirs(home, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(ENV_PREFIXES)}
    env.update(HOME=home, XDG_CONFIG_HOME=os.path.join(home, ".config"),
               XDG_CACHE_HOME=os.path.join(home, ".cache"), NO_COLOR="1",
               CKV_SKIP_PACKAGE_UPDATE_CHECK="true", BC_SKIP_MAPPING="TRUE",
               LOG_LEVEL="WARNING", PYTHONDONTWRITEBYTECODE="1")
    cmd = [checkov, "--config-file", config, "--directory", corpus, "--framework", "terraform",
           "terraform_plan", "--output", "json", "--skip-download", "--soft-fail", "--check", ",".join(ids)]
    proc = run_full(cmd, scratch, env)
    if proc.returncode != 0:
        sys.exit(f"compare.py: checkov exited {proc.returncode}:\n{tail(proc.stderr)}")
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        sys.exit(f"compare.py: checkov printed no JSON report:\n{tail(proc.stdout)}\n"
                 f"{tail(proc.stderr)}")
    reports = report if isinstance(report, list) else [report]
    judged, failed = {}, {}
    version = "checkov"
    for rep in reports:
        plan_report = rep.get("check_type") == "terraform_plan"
        if rep.get("check_type") not in (None, "terraform", "terraform_plan"):
            continue
        version = f"checkov {(rep.get('summary') or {}).get('checkov_version', '?')}"
        results = rep.get("results") or {}
        for path in results.get("parsing_errors") or []:
            name = os.path.relpath(path if os.path.isabs(path) else os.path.join(corpus, path),
                                   corpus).replace(os.sep, "/")
            problems.append(f"{name}: Checkov could not parse the file")
        for verdict in ("passed_checks", "failed_checks", "skipped_checks"):
            for r in results.get(verdict) or []:
                c = r["check_id"]
                name = os.path.relpath(r.get("file_abs_path")
                                       or os.path.join(corpus, r["file_path"].lstrip("/")),
                                       corpus).replace(os.sep, "/")
                first = (r.get("file_line_range") or [0])[0]
                if plan_report != is_plan(name) or name not in files:
                    problems.append(f"{name}: Checkov judged it as "
                                    f"{'a plan' if plan_report else 'Terraform'}")
                    continue
                if plan_report:
                    # A plan's resources are named by their address.
                    key = index.by_address(name, r.get("resource_address") or r.get("resource"))
                else:
                    key = index.by_line.get((name, first))
                if key is None:
                    problems.append(f"{name}:{first}: Checkov's result for {c} on "
                                    f"{r.get('resource')} is at no resource block")
                    continue
                if verdict == "skipped_checks":
                    problems.append(f"{name}:{first}: Checkov skipped {c} on {key[1]}")
                    continue
                judged.setdefault(c, set()).add(key)
                if verdict == "failed_checks":
                    failed.setdefault(c, set()).add(key)
    return judged, failed, version


def hcl_blocks(text):
    """The top-level blocks of an HCL file: [{kind, labels, start, end, body}], with the first
    and last line of each and the text between its braces.

    An outline, not a parser: it follows strings (with `${ }` and `%{ }` templates), heredocs
    and comments so that the braces it counts are the file's own."""
    blocks = []
    header = []  # (kind, value, line) of the tokens at depth 0 since the last block or newline
    i, n, line, depth = 0, len(text), 1, 0
    current = None
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
            if depth == 0:
                header = []
            continue
        if c in " \t\r":
            i += 1
            continue
        if c == "#" or text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            if j < 0:
                raise ValueError(f"line {line}: unterminated comment")
            line += text.count("\n", i, j)
            i = j + 2
            continue
        if c == '"':
            start_line = line
            i, line, value = read_string(text, i, line)
            if depth == 0:
                header.append(("string", value, start_line))
            continue
        m = HEREDOC.match(text, i) if c == "<" else None
        if m:
            i, line = skip_heredoc(text, m, line)
            continue
        if c == "{":
            if depth == 0:
                kind = header[0][1] if header and header[0][0] == "word" else None
                labels = [v for k, v, _ in header[1:]]
                current = {"kind": kind, "labels": labels,
                           "start": header[0][2] if header else line, "open": i}
            depth += 1
            i += 1
            continue
        if c == "}":
            depth -= 1
            if depth < 0:
                raise ValueError(f"line {line}: unbalanced `}}`")
            if depth == 0 and current is not None:
                current.update(end=line, body=text[current.pop("open") + 1:i])
                blocks.append(current)
                current = None
                header = []
            i += 1
            continue
        m = WORD.match(text, i)
        if m:
            if depth == 0:
                header.append(("word", m.group(0), line))
            i = m.end()
            continue
        i += 1
    if depth != 0:
        raise ValueError("unbalanced braces at the end of the file")
    return blocks


def read_string(text, i, line):
    """Reads the quoted string at text[i] (with templates): (index after it, line, its text)."""
    assert text[i] == '"'
    i += 1
    start = i
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == '"':
            return i + 1, line, text[start:i]
        if c == "\n":
            line += 1
        if c in "$%" and text.startswith("{", i + 1):
            i, line = skip_template(text, i + 2, line)
            continue
        i += 1
    raise ValueError(f"line {line}: unterminated string")


def skip_template(text, i, line):
    """Skips a `${ ... }` template from after its brace: (index after the closing brace, line)."""
    depth = 1
    n = len(text)
    while i < n:
        c = text[i]
        if c == '"':
            i, line, _ = read_string(text, i, line)
            continue
        if c == "\n":
            line += 1
        elif c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1, line
        i += 1
    raise ValueError(f"line {line}: unterminated template")


def skip_heredoc(text, m, line):
    """Skips a heredoc whose opener `m` matched: (index after its closing marker, line)."""
    marker = m.group(2)
    i = m.end()
    line += 1
    n = len(text)
    while i < n:
        j = text.find("\n", i)
        end = n if j < 0 else j
        if text[i:end].strip() == marker:
            return end, line
        if j < 0:
            break
        line += 1
        i = j + 1
    raise ValueError(f"line {line}: unterminated heredoc {marker}")


def declarations(text, name, problems):
    """The ids a file declares with `# differs: <ID> <reason>`."""
    ids = set()
    for n, line in enumerate(text.splitlines(), 1):
        if not re.match(r"^\s*(#|//)\s*differs\b", line, re.IGNORECASE):
            continue
        m = DECLARATION.match(line)
        if not m:
            problems.append(f"{name}:{n}: malformed declaration (`# differs: CKV_AWS_20 <reason>`)")
            continue
        c, reason = m.group(1), m.group(2).strip()
        if len(reason.split()) < 3:
            problems.append(f"{name}:{n}: `# differs: {c}` needs a reason in words")
        ids.add(c)
    return ids


def sidecar_declarations(text, name, problems):
    """The ids a plan's sidecar file declares, one `<ID> <reason>` a line (blank lines and `#`
    comment lines aside)."""
    ids = set()
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = SIDECAR_LINE.match(line)
        if not m:
            problems.append(f"{name}:{n}: malformed declaration (`CKV_AWS_20 <reason>`)")
            continue
        c, reason = m.group(1), m.group(2).strip()
        if len(reason.split()) < 3:
            problems.append(f"{name}:{n}: `{c}` needs a reason in words")
        ids.add(c)
    return ids


def summary(c, rules, row):
    agree = row["both_flag"] + row["both_clean"]
    disagree = row["palisade_only"] + row["checkov_only"] + row["resources_differ"]
    return {
        "checkov": c, "rules": rules, "files": row["files"],
        "both_flag": row["both_flag"], "both_clean": row["both_clean"],
        "palisade_only": row["palisade_only"], "checkov_only": row["checkov_only"],
        "resources_differ": row["resources_differ"], "disagreements": disagree,
        "declared": row["declared"],
        "resources": {"both": row["res_both"], "palisade_only": row["res_palisade"],
                      "checkov_only": row["res_checkov"]},
        "agreement": round(agree / row["files"], 4) if row["files"] else None,
    }


def totals(table):
    keys = ("files", "both_flag", "both_clean", "palisade_only", "checkov_only",
            "resources_differ", "disagreements", "declared")
    out = {k: sum(r[k] for r in table) for k in keys}
    out["resources"] = {k: sum(r["resources"][k] for r in table)
                        for k in ("both", "palisade_only", "checkov_only")}
    agree = out["both_flag"] + out["both_clean"]
    out["agreement"] = round(agree / out["files"], 4) if out["files"] else None
    return out


def print_table(table, overall, files, modules, version):
    plans = sum(1 for f in files if is_plan(f))
    print(f"{version}; {len(files)} files ({len(files) - plans} .tf files in {modules} modules, "
          f"{plans} plans), {len(table)} checks")
    head = ("checkov", "files", "both flag", "both clean", "disagree (declared)", "P only",
            "C only", "resources", "agreement", "resources both/P/C", "rules")
    rows = []
    for r in table + [dict(overall, checkov="overall", rules=[])]:
        res = r["resources"]
        rows.append((
            r["checkov"], str(r["files"]), str(r["both_flag"]), str(r["both_clean"]),
            f"{r['disagreements']} ({r['declared']})", str(r["palisade_only"]),
            str(r["checkov_only"]), str(r["resources_differ"]),
            "-" if r["agreement"] is None else f"{100 * r['agreement']:.1f}%",
            f"{res['both']}/{res['palisade_only']}/{res['checkov_only']}",
            ", ".join(r["rules"]),
        ))
    widths = [max(len(x) for x in col) for col in zip(head, *rows)]
    widths[-1] = len(head[-1])
    sep = "  "
    print(sep.join(h.ljust(w) for h, w in zip(head, widths)).rstrip())
    print(sep.join("-" * w for w in widths))
    for i, row in enumerate(rows):
        if i == len(rows) - 1:
            print(sep.join("-" * w for w in widths))
        print(sep.join(c.ljust(w) if j in (0, len(row) - 1) else c.rjust(w)
                       for j, (c, w) in enumerate(zip(row, widths))).rstrip())


def fmt(addresses, moved=None):
    """Addresses, each followed by where Palisade reported it when that is another resource."""
    out = []
    for a in sorted(addresses):
        origins = (moved or {}).get(a)
        out.append(a + (f" (reported at {', '.join(f'{o[0]}:{o[1]}' for o in origins)})"
                        if origins else ""))
    return ", ".join(out)


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
