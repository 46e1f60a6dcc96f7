#!/usr/bin/env bash
# Bundle signatures against an independent implementation, the `openssl` CLI (installed from
# Debian by this script if the machine lacks it): signatures made by openssl (P-256 and Ed25519,
# and P-256 as Base64 DER the way `cosign sign-blob` prints it) verify with Palisade, and
# signatures made by Palisade verify with openssl; keys made by `palisade bundle keygen` are read
# by openssl. A tampered manifest fails openssl's verification as it fails Palisade's.
#
# Usage: cli/tests/bundle/openssl.sh PATH/TO/palisade
set -euo pipefail
palisade=$(realpath "${1:?usage: openssl.sh PATH/TO/palisade}")
repo=$(cd "$(dirname "$0")/../../.." && pwd)

if ! command -v openssl >/dev/null 2>&1; then
    echo "openssl.sh: installing openssl from Debian" >&2
    sudo_=""
    [ "$(id -u)" -eq 0 ] || sudo_="sudo"
    $sudo_ apt-get update -qq >/dev/null
    $sudo_ apt-get install -y -qq openssl >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
fail() { echo "openssl.sh: FAIL: $*" >&2; exit 1; }
quiet() { "$@" >/dev/null 2>&1; }

cp -r "$repo/cli/tests/fixtures/bundle" policies
quiet "$palisade" bundle build policies -o acme.bundle --name acme --bundle-version 1.0.0
"$palisade" bundle inspect acme.bundle --manifest > manifest.json

# openssl signs, Palisade verifies.
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out p256.key 2>/dev/null
openssl pkey -in p256.key -pubout -out p256.pub
openssl genpkey -algorithm ed25519 -out ed.key
openssl pkey -in ed.key -pubout -out ed.pub
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out blob.key 2>/dev/null
openssl pkey -in blob.key -pubout -out blob.pub
openssl dgst -sha256 -sign p256.key -out p256.sig manifest.json
openssl pkeyutl -sign -rawin -inkey ed.key -in manifest.json -out ed.sig
openssl dgst -sha256 -sign blob.key manifest.json | base64 -w0 > blob.sig.b64
quiet "$palisade" bundle sign acme.bundle --signature p256.sig --public-key p256.pub \
    || fail "an openssl P-256 signature was not accepted"
quiet "$palisade" bundle sign acme.bundle --signature ed.sig --public-key ed.pub \
    || fail "an openssl Ed25519 signature was not accepted"
quiet "$palisade" bundle sign acme.bundle --signature blob.sig.b64 --public-key blob.pub \
    || fail "a Base64 DER (cosign-format) signature was not accepted"
quiet "$palisade" bundle verify acme.bundle --trusted-key p256.pub --trusted-key ed.pub \
    --trusted-key blob.pub --require 3 || fail "openssl's three signatures do not verify"
# A signature over other bytes is refused when attached.
echo '{}' > other.json
openssl dgst -sha256 -sign p256.key -out other.sig other.json
if quiet "$palisade" bundle sign acme.bundle --signature other.sig --public-key p256.pub; then
    fail "a signature of another file was attached"
fi

# Palisade signs (with keys it made), openssl verifies.
quiet "$palisade" bundle keygen -o pal-ed
quiet "$palisade" bundle keygen -o pal-p256 --algorithm p256
quiet openssl pkey -in pal-ed.key -noout || fail "openssl cannot read an Ed25519 key from keygen"
quiet openssl pkey -in pal-p256.key -noout || fail "openssl cannot read a P-256 key from keygen"
quiet "$palisade" bundle sign acme.bundle --key pal-ed.key
quiet "$palisade" bundle sign acme.bundle --key pal-p256.key
"$palisade" bundle inspect acme.bundle --format json > inspected.json
signature_of() { # KEY.pub → the bundle's signature by it, decoded, in FILE
    local keyid
    keyid=$(openssl pkey -pubin -in "$1" -outform DER | sha256sum | cut -d' ' -f1)
    python3 - "$keyid" "$2" <<'PY'
import base64, json, sys
keyid, out = sys.argv[1], sys.argv[2]
sigs = json.load(open("inspected.json"))["signatures"]
match = [s for s in sigs if s["keyid"] == keyid]
assert match, f"no signature by {keyid}"
open(out, "wb").write(base64.b64decode(match[0]["signature"]))
PY
}
signature_of pal-p256.pub pal-p256.sig
signature_of pal-ed.pub pal-ed.sig
quiet openssl dgst -sha256 -verify pal-p256.pub -signature pal-p256.sig manifest.json \
    || fail "openssl does not verify Palisade's P-256 signature"
quiet openssl pkeyutl -verify -pubin -inkey pal-ed.pub -rawin -in manifest.json -sigfile pal-ed.sig \
    || fail "openssl does not verify Palisade's Ed25519 signature"
# The key ids Palisade gives are the SHA-256 of the DER public keys openssl writes.
keyid=$(openssl pkey -pubin -in pal-ed.pub -outform DER | sha256sum | cut -d' ' -f1)
grep -q "$keyid" inspected.json || fail "key id $keyid not in the bundle"

# A changed manifest fails both.
sed 's/"acme"/"acmf"/' manifest.json > changed.json
if quiet openssl dgst -sha256 -verify pal-p256.pub -signature pal-p256.sig changed.json; then
    fail "openssl verified a changed manifest"
fi
echo "openssl.sh: openssl and Palisade agree on P-256, Ed25519 and Base64 DER signatures"
