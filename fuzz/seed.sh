#!/usr/bin/env bash
# Seeds the fuzz corpora from the repository's own test corpus, examples and schema fixtures.
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/parse corpus/check corpus/schema
i=0
while IFS= read -r -d '' file; do
  i=$((i + 1))
  cp "$file" "corpus/parse/seed$i"
  cp "$file" "corpus/check/seed$i"
done < <(find ../lang/tests/corpus ../spec/examples -name '*.pal' -size -64k -print0 | sort -z)
cp ../lang/tests/schemas/* corpus/schema/
echo "seeded $i policy files and $(ls corpus/schema | wc -l) schemas"
