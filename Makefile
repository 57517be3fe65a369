# Local Ecommerce Casebook: the two commands are `make book` and `make test`.
# Both create .venv on first use and install the locked dependencies; later runs
# reuse it (it is rebuilt only when the content of requirements.lock or pyproject.toml changes).

SHELL  := /bin/bash
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.casekit-installed
HTML   := _build/html
PORT   ?= 8000
# Kernels get a quiet IPython profile (no "running over TCP" warning per notebook).
export IPYTHONDIR := $(CURDIR)/_build/ipython
export PYTHONDONTWRITEBYTECODE := 1
PIP_FLAGS := --disable-pip-version-check --no-input --quiet

.PHONY: book test lint check translations unit build nbval site-test browser briefs briefs-test datapackage serve lab workshop-kit wheelhouse wheelhouse-host kit-test bench bench-builds bench-web bench-scale lock clean clean-all help

help:
	@echo "make book   build the site into $(HTML), English and Spanish (sets everything up on first use)"
	@echo "make test   every check: casekit check, lint, unit tests, strict build, strict nbval, data package, site, workshop kit"
	@echo "make translations  bring the Spanish catalogs (locales/es/) up to date with the English"
	@echo "make lint   ruff, mypy and the GitHub workflow files against their schemas (part of make test)"
	@echo "make serve  serve the built site on http://127.0.0.1:$(PORT)"
	@echo "make lab    JupyterLab (with jupytext) for running the case notebooks"
	@echo "make briefs  _build/briefs/: a PDF brief (at most two A4 pages) per case and the Design a programme handbook"
	@echo "make workshop-kit  _build/workshop-kit.zip: notebooks, data, casekit wheel, wheels for Windows/macOS/Linux, site"
	@echo "make bench  build and page benchmarks beside stock Jupyter Book, then Lighthouse (make bench-builds: build times only)"
	@echo "make clean  remove _build"

# The environment stamps hold a hash of the files each environment was installed from, and
# an environment is rebuilt only when that hash differs (or its Python no longer runs). File
# dates would not do: a fresh checkout, or a .venv restored from CI's cache, always looks
# newer or older than it is.
ENV_HASHES := $(shell $(PYTHON) -c 'import hashlib; h = lambda *fs: hashlib.sha256(b"".join(open(f, "rb").read() for f in fs)).hexdigest(); print(h("requirements.lock", "pyproject.toml"), h("requirements-lab.lock", "pyproject.toml"))' 2>/dev/null)
ENV_HASH     := $(word 1,$(ENV_HASHES))
LAB_ENV_HASH := $(word 2,$(ENV_HASHES))
ifneq ($(ENV_HASH),$(shell test -x $(BIN)/python && cat $(STAMP) 2>/dev/null))
.PHONY: $(STAMP)
endif

$(STAMP):
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; set PYTHON=/path/to/python3.11")'
	@# A changed lock gets a fresh environment: pip never removes packages the lock dropped.
	@if [ -d $(VENV) ]; then echo "requirements.lock or pyproject.toml changed: recreating $(VENV)"; rm -rf $(VENV); fi
	@$(PYTHON) -m venv $(VENV)
	@echo "Installing the locked dependencies into $(VENV) (first run, or after the lock changed)..."
	@$(BIN)/python -m pip install $(PIP_FLAGS) -r requirements.lock 2> >(grep -v "^WARNING: Location" >&2)
	@$(BIN)/python -m pip install $(PIP_FLAGS) --no-deps -e . 2> >(grep -v "^WARNING: Location" >&2)
	@echo $(ENV_HASH) > $@

$(IPYTHONDIR)/profile_default/ipython_kernel_config.py:
	@mkdir -p $(dir $@)
	@echo 'c.IPKernelApp.log_level = "ERROR"' > $@

book: build
	@echo "Built. Open $(CURDIR)/$(HTML)/index.html in a browser, or run: make serve"

# Inside the build, casekit.sphinxext runs the notebooks the cache lacks in parallel
# (casekit.sphinxext.execute) before Sphinx reads them; a notebook that failed there is executed
# again by myst-nb, which reports the error with the page's name.
# Both editions (issue 15), strictly (-W -n --keep-going), one after the other: English in
# _build/html, Spanish in _build/es/ and published in _build/html/es/ (casekit.sphinxext.build).
# EDITIONS="es" builds one edition only.
EDITIONS ?=
build: $(STAMP) $(IPYTHONDIR)/profile_default/ipython_kernel_config.py
	$(BIN)/python -m casekit.sphinxext.build $(EDITIONS)

check: $(STAMP)
	$(BIN)/casekit check

# The Spanish edition's catalogs brought up to date with the English (CONTRIBUTING.md, "Translations"):
# Sphinx's gettext builder extracts each page's messages (no notebook is executed), sphinx-intl
# updates locales/es/LC_MESSAGES/, and casekit the catalogs of the words it generates. New English
# arrives untranslated, changed English as "fuzzy"; the build and `casekit check` list both.
translations: $(STAMP)
	$(BIN)/python -m casekit.contrib.translations

# Style (ruff, the settings in pyproject.toml), types (mypy over src/casekit, which ships
# py.typed) and .github/ against the GitHub workflow and Dependabot schemas that
# check-jsonschema ships (offline). CI runs actionlint as well (.github/workflows/ci.yml).
lint: $(STAMP)
	$(BIN)/ruff check --no-fix .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml
	$(BIN)/check-jsonschema --builtin-schema vendor.dependabot .github/dependabot.yml

unit: $(STAMP) $(IPYTHONDIR)/profile_default/ipython_kernel_config.py
	$(BIN)/python -m pytest -q -n 2 tests/unit tests/integration

# Every notebook of each edition runs again and must give the outputs that edition's build cached
# (CASEKIT_LANGUAGE: the kernels write that edition's language).
nbval: build
	$(BIN)/python -m casekit.sphinxext.nbexport
	cd _build/nbval && $(CURDIR)/$(BIN)/python -m pytest -q -p casekit.sphinxext.nbval_guard -p no:cacheprovider \
		--nbval -n 2 --dist loadfile --rootdir=. -c /dev/null .
	CASEKIT_LANGUAGE=es $(BIN)/python -m casekit.sphinxext.nbexport
	cd _build/es/nbval && CASEKIT_LANGUAGE=es $(CURDIR)/$(BIN)/python -m pytest -q -p casekit.sphinxext.nbval_guard \
		-p no:cacheprovider --nbval -n 2 --dist loadfile --rootdir=. -c /dev/null .

datapackage: $(STAMP)
	$(BIN)/frictionless validate data/datapackage.json

site-test: build
	$(BIN)/python -m pytest -q tests/site

# The real-browser gate: Debian's Chromium driven by Playwright (never a browser download).
# tools/ensure_chromium.sh finds it, or installs the `chromium` package with apt-get.
browser: build
	CASEKIT_CHROMIUM="$$(tools/ensure_chromium.sh)" $(BIN)/python -m pytest -q tests/browser

# The workshop kit, installed offline into a fresh venv from its own wheels (tests/kit).
# Its wheels for this machine are downloaded once into .wheelhouse/ (set-up, like .venv);
# later runs need no network.
kit-test: wheelhouse-host $(IPYTHONDIR)/profile_default/ipython_kernel_config.py
	$(BIN)/python -m pytest -q -s -p no:cacheprovider tests/kit

# Printable PDFs with the same system Chromium (Playwright page.pdf, never a browser download).
briefs: build
	CASEKIT_CHROMIUM="$$(tools/ensure_chromium.sh)" $(BIN)/python tools/make_briefs.py --out _build/briefs

briefs-test: briefs
	$(BIN)/python -m pytest -q tests/briefs

test: check lint unit build nbval datapackage site-test browser briefs-test kit-test
	@echo "make test: all checks passed"

serve: build
	@echo "Serving $(HTML) on http://127.0.0.1:$(PORT) (Ctrl-C to stop)"
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory $(HTML) $(PORT)

# JupyterLab lives in its own environment: its dependencies (jupyter-events pulls a
# slow-to-import URI grammar into jsonschema) would add about a second to every
# notebook the book build executes.
LAB_VENV  := .venv-lab
LAB_STAMP := $(LAB_VENV)/.casekit-installed
ifneq ($(LAB_ENV_HASH),$(shell test -x $(LAB_VENV)/bin/python && cat $(LAB_STAMP) 2>/dev/null))
.PHONY: $(LAB_STAMP)
endif
$(LAB_STAMP):
	@if [ -d $(LAB_VENV) ]; then echo "requirements-lab.lock or pyproject.toml changed: recreating $(LAB_VENV)"; rm -rf $(LAB_VENV); fi
	@$(PYTHON) -m venv $(LAB_VENV)
	@echo "Installing JupyterLab and the book's dependencies into $(LAB_VENV) (first run, or after the lock changed)..."
	@$(LAB_VENV)/bin/python -m pip install $(PIP_FLAGS) -r requirements-lab.lock 2> >(grep -v "^WARNING: Location" >&2)
	@$(LAB_VENV)/bin/python -m pip install $(PIP_FLAGS) --no-deps -e . 2> >(grep -v "^WARNING: Location" >&2)
	@echo $(LAB_ENV_HASH) > $@

lab: $(LAB_STAMP)
	$(LAB_VENV)/bin/jupyter lab --ServerApp.ip=127.0.0.1 $(if $(filter 0,$(shell id -u)),--allow-root)

# Trainers: one zip for a USB stick (the notebooks as .ipynb, data/, the casekit wheel, the
# wheels of every package the notebooks need for Windows, macOS and Linux and Python 3.11-3.13,
# the lock files, the built site when there is one, and a README with offline install steps).
# The wheels are downloaded once into .wheelhouse/ (make wheelhouse) and reused offline.
WHEELHOUSE := .wheelhouse
workshop-kit: $(STAMP)
	$(BIN)/python tools/make_workshop_kit.py --out _build/workshop-kit.zip --targets all

wheelhouse: $(STAMP)
	$(BIN)/python tools/make_workshop_kit.py --download-only --targets all

wheelhouse-host: $(STAMP)
	$(BIN)/python tools/make_workshop_kit.py --download-only --targets host

# Performance: measurements, not tests (benchmarks/). Each prints a table and writes JSON under _build/.
# bench builds a copy of the book and a stock Jupyter Book copy of it (no casekit extension) side by side.
# bench ends with Lighthouse on four pages beside stock Jupyter Book (benchmarks/lighthouse.py:
# npm's lighthouse, installed on first use into ~/.cache/casekit-lighthouse, and the system Chromium).
bench: $(STAMP) $(IPYTHONDIR)/profile_default/ipython_kernel_config.py
	$(BIN)/python benchmarks/bench.py --runs $(or $(RUNS),3)

# Only the build times, ours beside stock Jupyter Book (cold, warm, one edited notebook);
# REF=main measures another commit the same way, for a before/after.
bench-builds: $(STAMP) $(IPYTHONDIR)/profile_default/ipython_kernel_config.py
	$(BIN)/python benchmarks/bench.py --builds-only --runs $(or $(RUNS),3) $(if $(REF),--ref $(REF))

# Only the Lighthouse part, on the current build.
bench-web: build
	$(BIN)/python benchmarks/lighthouse.py --runs $(or $(RUNS),1)

N ?= 300
bench-scale: $(STAMP)
	$(BIN)/python benchmarks/bench_scale.py --n 30 --n 100 --n $(N)

# Maintainers, before tagging: every place that states the version agrees (CONTRIBUTING.md, section 13).
.PHONY: release-check
release-check: $(STAMP)
	$(BIN)/python tools/release_check.py $(if $(TAG),--tag $(TAG))

# Maintainers: re-resolve both lock files after editing pyproject.toml (needs the network).
lock: $(STAMP)
	$(BIN)/python -m pip install $(PIP_FLAGS) uv
	$(BIN)/uv pip compile pyproject.toml --extra check --extra book --extra test --extra lint --universal --python-version 3.11 --no-header -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --extra check --extra book --extra test --extra lab --universal --python-version 3.11 --no-header -o requirements-lab.lock
	$(BIN)/uv pip compile pyproject.toml --extra lab -c requirements-lab.lock --universal --python-version 3.11 --no-header -o requirements-kit.lock

clean:
	rm -rf _build

clean-all: clean
	rm -rf $(VENV) $(LAB_VENV) $(WHEELHOUSE)
