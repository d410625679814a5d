# 八桥镇法治政府建设工作平台 — `make run` to try it, `make test` to check it.
SHELL := /bin/bash
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTHON := $(BIN)/python
MANAGE := $(PYTHON) manage.py
APT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk fonts-arphic-gkai00mp poppler-utils
# The browser suite drives Debian's Chromium (Playwright downloads no browser);
# chromium-l10n gives it its Chinese UI (date inputs as 年/月/日, like the staff's PCs).
TEST_APT_PACKAGES := chromium chromium-l10n
PYTEST_ARGS ?= -q
# Extra marker expression for both runs of `make test`, e.g. PYTEST_MARK="not postgres".
PYTEST_MARK ?=
# The suite runs on every core (pytest-xdist: one worker, and one test database, per core);
# --dist loadfile keeps a test module on one worker, so a module's demo town (conftest.py
# demo_town, the sweeps' module fixtures) is loaded once, not once per worker. XDIST_ARGS=
# runs it in one process. The browser tests (-m browser) run after, also on every core but
# test by test (--dist load: each loads its own demo, and the three roles of the axe sweep,
# the longest, then run side by side); each worker has its own live server and database.
# BROWSER_XDIST_ARGS= runs them in one process.
XDIST_ARGS ?= -n auto --dist loadfile
BROWSER_XDIST_ARGS ?= -n auto --dist load
# The first run makes its test databases afresh (--create-db) and keeps them; the browser run
# then reuses them (migrate finds nothing to do) instead of migrating new ones, ~20 s of CPU
# per worker. An in-memory SQLite database is made afresh either way.
REUSE_DB_FIRST := --reuse-db --create-db
REUSE_DB_NEXT := --reuse-db
# Development targets may use a random local secret key (.secret_key); production
# (`make serve`, DJANGO_DEBUG=0) must get DJANGO_SECRET_KEY from the environment.
DEV_ENV := DJANGO_ALLOW_LOCAL_SECRET=1

.PHONY: install system-packages run serve test lint migrate demo backup backup-key restore clean lock

install: system-packages $(VENV)/.stamp-python node_modules/.stamp-npm
	@$(PYTHON) -c "from weasyprint.text.ffi import harfbuzz_subset; assert harfbuzz_subset" \
	  || { echo "libharfbuzz-subset0 缺失：PDF 生成将慢 30 倍。请安装: apt-get install libharfbuzz-subset0"; exit 1; }

# Debian packages WeasyPrint needs (Pango, HarfBuzz subsetting, CJK fonts, pdftotext).
system-packages:
	@missing=""; for p in $(APT_PACKAGES) $(EXTRA_APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "缺少系统软件包，请先执行：sudo apt-get install -y$$missing"; exit 1; \
	  fi; \
	fi

# requirements-dev.txt pins every package (runtime, tests, linters, and what they pull in)
# with the hashes of its files: pip refuses a file that differs or a package not listed.
$(VENV)/.stamp-python: requirements.txt requirements-dev.txt
	test -d $(VENV) || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check --require-hashes -r requirements-dev.txt
	touch $@

# After editing requirements.in or requirements-dev.in: pin the whole tree again, with
# hashes (pip-tools, in a venv of its own so it never enters the project's).
PIP_TOOLS := pip-tools==7.6.2
PIP_COMPILE = CUSTOM_COMPILE_COMMAND="make lock" .venv-lock/bin/pip-compile -q --generate-hashes \
  --strip-extras --no-emit-index-url --no-emit-find-links
lock:
	test -d .venv-lock || $(PY) -m venv .venv-lock
	.venv-lock/bin/pip install -q --disable-pip-version-check $(PIP_TOOLS)
	$(PIP_COMPILE) -o requirements.txt requirements.in
	$(PIP_COMPILE) -o requirements-dev.txt requirements-dev.in

node_modules/.stamp-npm: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

migrate: install
	$(DEV_ENV) $(MANAGE) migrate --noinput

# Development only: load_demo refuses unless DJANGO_DEBUG=1 (`make run` sets it).
demo: migrate
	$(DEV_ENV) $(MANAGE) load_demo

# `make run PORT=8080` when 8000 is taken.
PORT ?= 8000
run: export DJANGO_DEBUG ?= 1
run: demo
	@echo ""
	@echo "八桥镇法治政府建设工作平台: http://127.0.0.1:$(PORT)/"
	$(DEV_ENV) $(MANAGE) runserver 127.0.0.1:$(PORT)

# Production: DJANGO_DEBUG=0, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DATABASE_URL from
# the environment (see DEPLOY.md). Static files are served by whitenoise.
WORKERS ?= $(shell echo $$(( $$(nproc) * 2 + 1 )))
BIND ?= 127.0.0.1:8000
serve: export DJANGO_DEBUG = 0
serve: install
	@test -n "$$DJANGO_SECRET_KEY" || { echo "请先设置环境变量 DJANGO_SECRET_KEY（生产密钥），见 DEPLOY.md"; exit 1; }
	$(MANAGE) migrate --noinput
	$(MANAGE) collectstatic --noinput -v0
	$(BIN)/gunicorn baqiao.wsgi -c baqiao/gunicorn_conf.py --bind $(BIND) --workers $(WORKERS) --timeout 60 \
	  --max-requests 2000 --max-requests-jitter 200 --forwarded-allow-ips "127.0.0.1"

# Consistent dump of the database (pg_dump / SQLite backup API) and uploaded files, without
# sessions, encrypted with the key in BAQIAO_BACKUP_KEY or the file BAQIAO_BACKUP_KEY_FILE
# (`make backup-key` makes one; DEPLOY.md says where to keep it). The file is 0600 in a 0700 folder.
backup: install
	$(DEV_ENV) $(MANAGE) backup $(if $(FILE),-o $(FILE),)

backup-key: install
	@$(DEV_ENV) $(MANAGE) backup_keygen

# Checks the whole file (and tries every key given, current and old) before it changes anything.
restore: install
	@test -n "$(FILE)" || { echo "用法：make restore FILE=backups/xxx.tar.gz.enc"; exit 1; }
	$(DEV_ENV) $(MANAGE) restore "$(FILE)" --yes

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint --lint templates */templates

test: export DJANGO_TESTING = 1
test: EXTRA_APT_PACKAGES = $(TEST_APT_PACKAGES)
test: install lint
	$(DEV_ENV) $(MANAGE) makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS) $(XDIST_ARGS) $(REUSE_DB_FIRST) -m "not browser$(if $(PYTEST_MARK), and ($(PYTEST_MARK)))"
	$(BIN)/pytest $(PYTEST_ARGS) $(BROWSER_XDIST_ARGS) $(REUSE_DB_NEXT) -m "browser$(if $(PYTEST_MARK), and ($(PYTEST_MARK)))"

clean:
	rm -rf $(VENV) .venv-lock node_modules staticfiles .stamp-*

# District-scale benchmark → BENCHMARKS.md (bench/): fresh PostgreSQL databases $(BENCH_DB)
# (8 镇街 × 10 years, bench/generate.py; load_demo without its generated district, which
# generate.py makes at district scale) and $(BENCH_DB)_demo (demo only, for the query
# counts; load_demo with DJANGO_DEBUG=1, as it refuses production settings), pages timed
# against gunicorn on 127.0.0.1 (bench/run.py), then the load test
# (bench/loadtest.py). Everything local; each step bounded by `timeout`.
BENCH_PG ?= postgres://postgres@127.0.0.1:5432
BENCH_DB ?= baqiao_bench
BENCH_SECONDS ?= 60
BENCH_SCALE ?= 1.0
.PHONY: bench loadtest
bench: EXTRA_APT_PACKAGES = $(TEST_APT_PACKAGES)
bench: install
	@pg_isready -q -h 127.0.0.1 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | head -n1) main start
	@for i in $$(seq 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
	@for db in $(BENCH_DB) $(BENCH_DB)_demo; do \
	  dropdb -h 127.0.0.1 -U postgres --if-exists $$db && createdb -h 127.0.0.1 -U postgres $$db || exit 1; \
	  DATABASE_URL=$(BENCH_PG)/$$db $(DEV_ENV) timeout 600 $(MANAGE) migrate --noinput -v0 || exit 1; \
	  DATABASE_URL=$(BENCH_PG)/$$db $(DEV_ENV) DJANGO_DEBUG=1 timeout 600 $(MANAGE) load_demo --quiet-logins \
	    $$( [ $$db = $(BENCH_DB) ] && echo --without-district-records ) || exit 1; \
	done
	DATABASE_URL=$(BENCH_PG)/$(BENCH_DB) $(DEV_ENV) timeout 1800 $(PYTHON) bench/generate.py --scale $(BENCH_SCALE)
	DATABASE_URL=$(BENCH_PG)/$(BENCH_DB) timeout 2400 $(PYTHON) bench/run.py --demo-database-url $(BENCH_PG)/$(BENCH_DB)_demo
	DATABASE_URL=$(BENCH_PG)/$(BENCH_DB) timeout $$(( $(BENCH_SECONDS) + 600 )) $(PYTHON) bench/loadtest.py --seconds $(BENCH_SECONDS)

# The load test alone, on the database `make bench` left (it adds disputes marked 压测登记).
loadtest: install
	DATABASE_URL=$(BENCH_PG)/$(BENCH_DB) timeout $$(( $(BENCH_SECONDS) + 600 )) $(PYTHON) bench/loadtest.py --seconds $(BENCH_SECONDS)
