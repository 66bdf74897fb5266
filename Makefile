PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PORT ?= 8000

.PHONY: run test system-deps venv node_modules migrate demo demo-reset worker beat lint lock clean backup restore mutation bench

run: export DJANGO_DEBUG := 1
run: system-deps venv migrate ## 建立环境、迁移、载入演示数据并启动 http://127.0.0.1:$(PORT)（开发模式：DJANGO_DEBUG=1；换端口：make run PORT=8001）
	$(PY) manage.py seed_demo
	TJQA_SITE_URL=http://127.0.0.1:$(PORT) $(PY) manage.py runserver 127.0.0.1:$(PORT)

demo-reset: migrate ## 清空数据库并重新载入演示数据（不删除环境）
	$(PY) manage.py reset_demo --yes

test: system-deps venv node_modules ## 检查导入分层并运行全部测试
	$(VENV)/bin/lint-imports
	$(PY) -m pytest $(PYTEST_ARGS)

mutation: venv ## 规则模块的变异测试（不带参数跑默认清单；单个模块：make mutation MODULE=apps/organizations/credit_code.py TESTS="tests/organizations/test_credit_code.py"；可加 MUTATION_ARGS="--limit 20"）
	DJANGO_DEBUG=1 $(PY) tests/mutation/run.py $(if $(MODULE),$(MODULE) $(or $(TESTS),$(error 请用 TESTS="…" 指定杀死变异体的测试))) $(MUTATION_ARGS)

lint: venv ## 检查导入分层（.importlinter）
	$(VENV)/bin/lint-imports

# axe-core (browser tests' accessibility checks), pinned by package-lock.json.
node_modules: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

venv: $(STAMP)

migrate: venv ## 迁移数据库并建立数据库缓存表（限流计数）
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py createcachetable

# Every dependency, transitive ones included, pinned with hashes (requirements/*.lock).
$(STAMP): requirements/pip.lock requirements/dev.lock
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "需要 $(PYTHON)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --require-hashes --no-deps -r requirements/pip.lock
	$(PY) -m pip install -q --require-hashes -r requirements/dev.lock
	touch $(STAMP)

lock: venv ## 依据 pyproject.toml 重新生成带哈希的锁定文件（requirements/base.lock、dev.lock、bench.lock，以及 pip.lock）
	$(VENV)/bin/pip-compile -q --generate-hashes --allow-unsafe --strip-extras -o requirements/base.lock pyproject.toml
	$(VENV)/bin/pip-compile -q --generate-hashes --allow-unsafe --strip-extras --extra dev -o requirements/dev.lock pyproject.toml
	$(VENV)/bin/pip-compile -q --generate-hashes --allow-unsafe --strip-extras --extra dev --extra bench -o requirements/bench.lock pyproject.toml
	{ sed -n '1,3p' requirements/pip.lock; sed -n '/^pip==/,/^    # via/p' requirements/dev.lock | sed '$$d'; } > requirements/pip.lock.new
	mv requirements/pip.lock.new requirements/pip.lock

bench: $(VENV)/.bench-installed ## 安装基准测试所需的压测工具（locust，requirements/bench.lock）到 .venv

$(VENV)/.bench-installed: $(STAMP) requirements/bench.lock
	$(PY) -m pip install -q --require-hashes -r requirements/bench.lock
	touch $@

system-deps:
	@bash .ci/system-deps.sh

worker: venv
	$(VENV)/bin/celery -A tjqa worker -l info

beat: venv
	$(VENV)/bin/celery -A tjqa beat -l info

backup: ## 备份：pg_dump（custom 格式）＋ MEDIA_ROOT 打包，存入 var/backups/<时间>/（需 DATABASE_URL）
	bash scripts/backup.sh

restore: ## 恢复到新数据库：make restore FROM=var/backups/<时间> INTO=<新库名>
	@test -n "$(FROM)" -a -n "$(INTO)" || { echo "用法：make restore FROM=var/backups/<时间> INTO=<新库名>"; exit 2; }
	bash scripts/restore.sh "$(FROM)" "$(INTO)"

clean:
	rm -rf $(VENV) node_modules db.sqlite3 var test-output
