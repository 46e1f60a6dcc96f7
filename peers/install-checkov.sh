#!/bin/sh
# Installs Checkov (Terraform), the tool Palisade's Terraform rules are compared with, into a
# Python virtual environment of its own at a pinned version: Checkov brings about a hundred
# dependencies, which stay out of the venv of peers/install.sh. Only PyPI is needed. Wheels are
# taken where PyPI has them; a dependency published only as source is built. Running it again
# does nothing once the version is in place. The last line printed is the venv's bin directory:
#
#   bin=$(peers/install-checkov.sh | tail -n 1)
#   python3 peers/terraform/compare.py --palisade target/debug/palisade --checkov "$bin/checkov"
#
# PALISADE_CHECKOV_VENV chooses the venv (default: target/checkov-venv in the repository); PYTHON
# the interpreter that creates it (default: python3; Checkov 3.3 needs Python 3.9 or later).
set -eu

CHECKOV_VERSION=3.3.30

repo=$(cd "$(dirname "$0")/.." && pwd)
venv=${PALISADE_CHECKOV_VENV:-$repo/target/checkov-venv}
python=${PYTHON:-python3}

if [ ! -x "$venv/bin/python" ]; then
  mkdir -p "$(dirname "$venv")"
  "$python" -m venv "$venv" >&2
fi

# Whether the venv holds exactly this version (no network needed to find out).
installed() {
  "$venv/bin/python" - "$@" <<'PY'
import sys
from importlib.metadata import version, PackageNotFoundError
for spec in sys.argv[1:]:
    name, want = spec.split("==")
    try:
        if version(name) != want:
            sys.exit(1)
    except PackageNotFoundError:
        sys.exit(1)
PY
}

wanted="checkov==$CHECKOV_VERSION"
if ! installed "$wanted"; then
  pip="$venv/bin/python -m pip install --quiet --disable-pip-version-check"
  # Wheels only, which installs no build step; if some dependency has no wheel for this
  # platform or Python, wheels where there are and that dependency built from its source.
  # shellcheck disable=SC2086 # $pip is split on purpose
  if ! $pip --only-binary=:all: "$wanted" >&2; then
    echo "install-checkov.sh: not every dependency has a wheel here; building the others" >&2
    # shellcheck disable=SC2086
    $pip --prefer-binary "$wanted" >&2
  fi
fi

# Checkov asks PyPI for a newer version at startup unless told not to.
version=$(CKV_SKIP_PACKAGE_UPDATE_CHECK=true "$venv/bin/checkov" --version)
if [ "$version" != "$CHECKOV_VERSION" ]; then
  echo "install-checkov.sh: $venv/bin/checkov is $version, not $CHECKOV_VERSION" >&2
  exit 1
fi
echo "$venv/bin"
