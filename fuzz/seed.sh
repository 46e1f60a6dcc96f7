#!/usr/bin/env bash
# Seeds the fuzz corpora from the repository's own test corpus, examples, schema fixtures and
# decision cases.
set -euo pipefail
cd "$(dirname "$0")"
# The lsp target starts from an empty corpus: its input is a structure (arbitrary), not a text.
mkdir -p corpus/parse corpus/check corpus/schema corpus/eval corpus/edits corpus/fmt corpus/lsp
i=0
while IFS= read -r -d '' file; do
  i=$((i + 1))
  cp "$file" "corpus/parse/seed$i"
  cp "$file" "corpus/check/seed$i"
  cp "$file" "corpus/edits/seed$i"
done < <(find ../lang/tests/corpus ../spec/examples -name '*.pal' -size -64k -print0 | sort -z)
# Formatting seeds: the formatter's corpus, the standard library and the policy corpus.
i=0
while IFS= read -r -d '' file; do
  i=$((i + 1))
  cp "$file" "corpus/fmt/seed$i"
done < <(find ../lang/tests/format ../lang/tests/corpus ../stdlib ../spec/examples -name '*.pal' -size -64k -print0 | sort -z)
cp ../lang/tests/schemas/* corpus/schema/
# Reader seeds: the Dockerfiles and workflows of the peer corpora, the tests and the examples.
mkdir -p corpus/dockerfile corpus/github corpus/terraform
i=0
while IFS= read -r -d '' file; do
  i=$((i + 1))
  cp "$file" "corpus/terraform/seed$i"
done < <(find ../stdlib/terraform ../formats/tests/terraform ../examples/terraform ../peers/terraform \( -name '*.tf' -o -name '*.plan.json' -o -name 'plan.json' \) -type f -size -64k -print0 2>/dev/null | sort -z)
i=0
while IFS= read -r -d '' file; do
  i=$((i + 1))
  cp "$file" "corpus/dockerfile/seed$i"
done < <(find ../peers/docker ../stdlib/docker ../examples/docker \( -name '*Dockerfile*' -o -name 'Containerfile*' \) -type f -size -64k -print0 | sort -z)
i=0
while IFS= read -r -d '' file; do
  i=$((i + 1))
  cp "$file" "corpus/github/seed$i"
done < <(find ../peers/github ../stdlib/github ../examples/github -name '*.yml' -type f -size -64k -print0 | sort -z)
# Evaluation seeds: the first policy of each decision case, 0xff, then its input as text.
python3 - <<'PY'
import glob, json, os
try:
    import yaml  # optional; without PyYAML the inline `input:` cases are skipped
except ImportError:
    yaml = None
n = 0
for path in sorted(glob.glob("../lang/tests/decisions/**/*.yaml", recursive=True)):
    text = open(path, encoding="utf-8").read()
    if yaml is None:
        continue
    try:
        case = yaml.safe_load(text)
    except Exception:
        continue
    policies = case.get("policies") or []
    if not policies:
        continue
    if "input_text" in case:
        document = case["input_text"]
    elif "input" in case:
        document = json.dumps(case["input"])
    else:
        continue
    n += 1
    with open(f"corpus/eval/case{n}", "wb") as out:
        out.write(policies[0].encode() + b"\xff" + document.encode())
print(f"seeded {n} evaluation cases")
PY
# Bundle seeds: the bundle test fixture built unsigned and signed, by the CLI of this checkout.
mkdir -p corpus/bundle
palisade="${PALISADE:-../target/debug/palisade}"
[ -x "$palisade" ] || (cd .. && cargo build --quiet --locked -p palisade-cli)
bundle_tmp=$(mktemp -d)
"$palisade" bundle build ../cli/tests/fixtures/bundle -o corpus/bundle/unsigned --name seed 2>/dev/null
"$palisade" bundle keygen -o "$bundle_tmp/key" 2>/dev/null
cp corpus/bundle/unsigned corpus/bundle/signed
"$palisade" bundle sign corpus/bundle/signed --key "$bundle_tmp/key.key" 2>/dev/null
rm -rf "$bundle_tmp"
echo "seeded $i policy files, $(ls corpus/schema | wc -l) schemas and $(ls corpus/bundle | wc -l) bundles"
