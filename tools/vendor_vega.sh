#!/usr/bin/env bash
# Rebuild src/casekit/static/vega-bundle.js: vega, vega-lite and vega-embed from the npm registry,
# joined into ONE classic script, so the three can never load in the wrong order. casekit ships it:
# the site serves it from _static/ (casekit.sphinxext) and notebooks outside the site embed it.
#
# Maintainers run this when Altair is upgraded; users and CI never need npm because the
# bundle is committed. Versions must match what the pinned Altair targets:
#   alt.VEGA_VERSION (major), alt.VEGALITE_VERSION (exact), alt.VEGAEMBED_VERSION (major).
#
# Why npm and not vl-convert-python's javascript_bundle() (issue 13, measured 2026-12-04 with
# vl-convert-python 1.9.0.post1, the newest on PyPI, in headless Chromium against Altair 6.3.0):
# - it does not set the same globals: window.vega and window.vegaLite are null (the bundle imports
#   their default exports, which these ES modules do not have), and window.vegaEmbed is the bare
#   embed function without .version, .vega or .vegaLite. A custom snippet cannot fix it: the snippet
#   sees the same null bindings, and the rest of Vega is tree-shaken out of the bundle. Charts do
#   draw through vegaEmbed, but code that reads vega.* (tests/browser) gets nothing.
# - its code is not wrapped in a function: loaded as a classic script, its top-level const names
#   land in the page's global scope, so any other classic script declaring `const n` stops with "Identifier
#   'n' has already been declared" (it needs an IIFE wrapper of our own).
# - it pins older libraries than this file: vega 6.2.0 and vega-embed 7.0.2 (vega-lite 6.4.1
#   matches); the versions move only with a vl-convert release, not with Altair.
# - it carries no licence texts (the wheel ships only its own BSD-3-Clause LICENSE), so the
#   LICENSE files of vega, vega-lite and vega-embed would still come from npm; the wheel is 84 MB
#   installed, and the bundle is 897,700 bytes against 830,565 for the three npm builds.
# Revisit when javascript_bundle() exports the full vega and vega-lite namespaces.
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
