# The two commands of the README, and a few more for developers.
#   make demo   install what is missing, build, build the demo database, serve it on :8080
#   make test   install what is missing, build with ASan+UBSan, run every test
#   make bench  benchmarks with their baselines (nginx), reported, not asserted
#   make bench-district  SCALE (1) x a district on PostgreSQL, 1 -> 2 -> 4 servers behind nginx
#   make soak   SOAK_SECONDS (1800) of mixed load: no failed request, memory flat
#   make fuzz   each libFuzzer harness of tests/fuzz for FUZZ_SECONDS (600), growing its corpus
.PHONY: all build demo test test-build bench bench-district fuzz soak clean

JOBS ?= $(shell nproc 2>/dev/null || echo 2)
DEMO_DB ?= var/demo.db
DEMO_LISTEN ?= 127.0.0.1:8080

all: build

build:
	scripts/deps.sh build
	cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build build -j $(JOBS) --target gongzhi

demo: build
	mkdir -p $(dir $(DEMO_DB))
	./build/gongzhi demo --db sqlite:$(DEMO_DB) --force
	./build/gongzhi serve --db sqlite:$(DEMO_DB) --listen $(DEMO_LISTEN)

test-build:
	scripts/deps.sh test
	cmake -S . -B build-test -DCMAKE_BUILD_TYPE=Debug -DGZ_SANITIZE=ON >/dev/null
	cmake --build build-test -j $(JOBS)

# The suite's last line, "N passed, M failed", must stay the last line when
# something failed; make would print "*** [test] Error 1" below it and has no
# switch against that. So on failure the recipe ends make with SIGPIPE, the
# one signal shells do not report: nothing more is printed and `make test`
# still fails (status 141). `scripts/run-tests.sh` itself exits 1.
test: test-build
	@scripts/run-tests.sh build-test || kill -PIPE $$PPID

bench:
	scripts/deps.sh bench
	cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build build-release -j $(JOBS) --target gongzhi workorders_bench votes_bench funds_bench life_bench
	GZ_BIN=build-release/gongzhi bench/run.sh
	GZ_BIN=build-release/gongzhi WO_BENCH=build-release/workorders_bench bench/workorders.sh
	GZ_BIN=build-release/gongzhi VOTES_BENCH=build-release/votes_bench bench/votes.sh
	GZ_BIN=build-release/gongzhi FUNDS_BENCH=build-release/funds_bench bench/funds.sh
	GZ_BIN=build-release/gongzhi LIFE_BENCH=build-release/life_bench bench/life.sh
	GZ_BIN=build-release/gongzhi bench/pg.sh

# SCALE=1 is the whole district (2 M work orders): long; SCALE=0.05 takes minutes.
SCALE ?= 1
bench-district:
	scripts/deps.sh bench
	cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build build-release -j $(JOBS) --target gongzhi
	SCALE=$(SCALE) GZ_BIN=build-release/gongzhi bench/district.sh

soak:
	scripts/deps.sh build
	cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build build-release -j $(JOBS) --target gongzhi
	GZ_BIN=build-release/gongzhi bench/soak.sh

FUZZ_SECONDS ?= 600
fuzz:
	scripts/deps.sh fuzz
	CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGZ_SANITIZE=ON -DGZ_FUZZ=ON >/dev/null
	cmake --build build-fuzz -j $(JOBS) --target fuzz_http fuzz_sheet fuzz_parsers fuzz_csv
	for h in fuzz_http fuzz_sheet fuzz_parsers fuzz_csv; do \
	  mkdir -p build-fuzz/new/$$h && \
	  ASAN_OPTIONS=detect_leaks=1 build-fuzz/$$h -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 \
	    -artifact_prefix=build-fuzz/$$h- build-fuzz/new/$$h tests/fuzz/corpus/$$h || exit 1; \
	  build-fuzz/$$h -merge=1 tests/fuzz/corpus/$$h build-fuzz/new/$$h >/dev/null 2>&1; \
	done
	@echo "fuzz: every harness ran $(FUZZ_SECONDS) s without a finding; new inputs merged into tests/fuzz/corpus"

clean:
	rm -rf build build-test build-release build-fuzz var
