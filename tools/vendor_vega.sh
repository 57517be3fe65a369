#!/usr/bin/env bash
# Rebuild src/casekit/static/vega-bundle.js: vega, vega-lite and vega-embed from the npm registry,
# joined into ONE classic script, so the three can never load in the wrong order. casekit ships it:
# the site serves it from _static/ (casekit.sphinxext) and notebooks outside the site embed it.
#
# Maintainers run this when Altair is upgraded; users and CI never need npm because the
# bundle is committed. Versions must match what the pinned Altair targets:
#   alt.VEGA_VERSION (major), alt.VEGALITE_VERSION (exact), alt.VEGAEMBED_VERSION (major).
set -euo pipefail
cd "$(dirname "$0")/.."

VEGA=6.4.0
VEGALITE=6.4.1
EMBED=7.3.0
PY=${PYTHON:-.venv/bin/python}

read -r want_vega want_vl want_embed < <("$PY" -c 'import altair as a; print(a.VEGA_VERSION, a.VEGALITE_VERSION, a.VEGAEMBED_VERSION)')
[[ "${VEGA%%.*}" == "${want_vega%%.*}" ]] || { echo "vega $VEGA does not match Altair's $want_vega" >&2; exit 1; }
[[ "$VEGALITE" == "$want_vl" ]] || { echo "vega-lite $VEGALITE does not match Altair's $want_vl" >&2; exit 1; }
[[ "${EMBED%%.*}" == "${want_embed%%.*}" ]] || { echo "vega-embed $EMBED does not match Altair's $want_embed" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "vega@$VEGA" "vega-lite@$VEGALITE" "vega-embed@$EMBED" >/dev/null)
out=src/casekit/static/vega-bundle.js
licences=src/casekit/static/vega-licenses
mkdir -p "$licences"
{
  echo "/* vega@$VEGA, vega-lite@$VEGALITE, vega-embed@$EMBED from the npm registry;"
  echo "   built by tools/vendor_vega.sh. Licences: vega-licenses/ beside this file. */"
} > "$out"
for pkg in "vega-$VEGA" "vega-lite-$VEGALITE" "vega-embed-$EMBED"; do
  name=${pkg%-*}
  dir="$work/$name"
  mkdir -p "$dir" && tar -xzf "$work/$pkg.tgz" -C "$dir"
  file="$dir/package/build/$name.min.js"
  [[ -f "$file" ]] || { echo "missing $file in $pkg" >&2; exit 1; }
  sed -e 's|//# sourceMappingURL=.*$||' "$file" >> "$out"
  printf '\n;\n' >> "$out"
  cp "$dir/package/LICENSE" "$licences/$name-LICENSE.txt"
done
sha256sum "$out" | tee "$licences/SHA256SUMS"
wc -c "$out"
