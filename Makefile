# GapMap: `make run` starts the app, `make test` runs every check (the same as CI).
# Needs only Python 3.11 and pip: uv is installed with pip when missing, and uv never
# downloads a Python of its own.

export UV_PYTHON_DOWNLOADS := never
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")
PORT ?= 8501
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test check lint typecheck pytest browser-deps system-deps sync uv clean bench bench-report bench-workshop bench-burst bench-crash bench-disclosure bench-findings bench-pdf bench-results-page

uv:
	@command -v uv >/dev/null 2>&1 || $(PYTHON) -m uv --version >/dev/null 2>&1 \
		|| $(PYTHON) -m pip install --quiet uv

sync: uv
	$(UV) sync --frozen

run: sync system-deps
	$(UV) run streamlit run serve.py --server.port $(PORT) --browser.gatherUsageStats false

# Debian's chromium for the browser tests (never `playwright install`).
browser-deps:
	@if [ ! -x "$(CHROMIUM)" ]; then \
		echo "installing chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi

# WeasyPrint (PDF reports, posters) needs Pango; the charts and PDFs use DejaVu Sans.
system-deps:
	@if ! ldconfig -p | grep -q 'libpangoft2-1.0.so.0' || [ ! -d /usr/share/fonts/truetype/dejavu ]; then \
		echo "installing Pango and DejaVu fonts for the PDF report"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
			libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core >/dev/null; \
	fi

lint: sync
	$(UV) run ruff format --check .
	$(UV) run ruff check .

typecheck: sync
	$(UV) run mypy

# Two workers (pytest-xdist), each taking whole test files, so a module's fixtures (a
# demo organisation, a running app server) are built once per worker, not per test.
pytest: sync browser-deps system-deps
	$(UV) run pytest -n 2 --dist loadfile

test: lint typecheck pytest

clean:
	rm -rf .venv .mypy_cache .ruff_cache .pytest_cache artifacts

# Engine benchmark (by hand, not in CI): gap analysis vs pandas vs a bare DuckDB scan,
# submissions per second from 16 threads, peak memory; figures printed side by side.
bench: sync
	$(UV) run python bench/bench_engine.py

# The gap report for a 10k-respondent demo: data, charts, HTML, PDF, Excel (by hand).
bench-report: sync system-deps
	$(UV) run python bench/bench_report.py

# The live workshop at 300 participants on a 10k-respondent demo: join and answer
# throughput from 16 threads, the facilitator's refresh part by part (by hand).
bench-workshop: sync
	$(UV) run python bench/bench_workshop.py

# 300 and 1,000 phones in a live workshop on the real server, on the plain-HTML phone
# page, with the facilitator's screen in Chromium; the 300 run beside the figures
# recorded for the older Streamlit phone page (by hand, ~6 min).
bench-burst: sync browser-deps
	mkdir -p artifacts
	$(UV) run python bench/bench_burst.py --participants 300 --compare --json artifacts/burst-300.json
	$(UV) run python bench/bench_burst.py --participants 1000 --json artifacts/burst-1000.json

# The same burst while the server is killed with SIGKILL and restarted (by hand).
bench-crash: sync browser-deps
	$(UV) run python bench/bench_crash.py

# Disclosure control: making and reading audited releases at 1k, 10k and 100k respondents
# (40 teams x 6 roles) beside unaudited references, and the information loss of the
# demo's views before and after (by hand, ~3 min).
bench-disclosure: sync
	$(UV) run python bench/bench_disclosure.py

# Findings against noise: the false-positive rate of each kind of finding over 100
# seeds of organisations with nothing planted, and how often a planted lagging team is
# named (by hand, a few minutes).
bench-findings: sync
	$(UV) run python bench/bench_findings.py --seeds 100

# What the speed work of issue 18 is measured against: main just before it.
BENCH_BEFORE ?= 462afb2

# The gap report as a PDF at 10k respondents, English and German, this tree beside
# BENCH_BEFORE in one run (by hand, a few minutes).
bench-pdf: sync system-deps
	$(UV) run python bench/bench_pdf.py --respondents 10000 --runs 5 --before $(BENCH_BEFORE)

# The Results page at 10k respondents in headless Chromium until every chart is drawn,
# this tree beside BENCH_BEFORE, two servers side by side (by hand, ~10 min).
bench-results-page: sync browser-deps
	$(UV) run python bench/bench_results_page.py --respondents 10000 --runs 5 --before $(BENCH_BEFORE)
