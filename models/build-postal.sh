#!/bin/sh
# Builds models/postal-ja.tsv, Meishi's Japanese postal-code table, from the
# Japan Post data carried by the npm package jquery-jpostal-ja (MIT). The
# package is fetched with `npm pack` into a temporary directory; nothing is
# installed. The result is committed, so a build needs no network.
#
# Usage: sh models/build-postal.sh [VERSION]   (default: the pinned one)
set -eu
cd "$(dirname "$0")"
version=${1:-2.14.73}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
(cd "$tmp" && npm pack --silent "jquery-jpostal-ja@$version" >/dev/null &&
	tar xzf jquery-jpostal-ja-"$version".tgz)
python3 build_postal.py "$tmp/package/json" postal-ja.tsv "$version"
ls -l postal-ja.tsv
