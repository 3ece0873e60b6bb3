# roundhouse — every target selects a JDK 25 itself (stack/java-home.sh), whatever the default java is.
SHELL := /bin/bash
export JAVA_HOME := $(shell stack/java-home.sh)
export PATH := $(JAVA_HOME)/bin:$(PATH)
# Maven's own Guava touches sun.misc.Unsafe; JDK 25 warns about it on every run.
export MAVEN_OPTS ?= --sun-misc-unsafe-memory-access=allow
MVN := mvn -B -q
# Tests run without -q so Surefire/Failsafe print their per-class and closing "Tests run:" lines.
MVN_TEST := mvn -B --no-transfer-progress -Dstyle.color=never
JAVA_RUN := java --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseG1GC
# Which ClickHouse the stack runs on 127.0.0.1:18123: current (26.7, the default) or debian (18.16, the oldest
# supported). Every target that starts the stack follows it: `CLICKHOUSE=debian make run`.
export CLICKHOUSE ?= current
# The integration tests that talk to ClickHouse; `make test` runs them a second time on 18.16.
OLDEST_CLICKHOUSE_ITS := ClickHouseClientIT,SinkIT,SinkCrashIT,AggregatesIT,ReconciliationIT,ClusterIT,ClickHouseOutageIT,UploadFaultsIT,ReplicasIT

.PHONY: build stack stop status run test test-oldest test-unit test-cluster prerequisites format fuzz soak bench demo clean

build:
	$(MVN) package -DskipTests

## Start Kafka, ClickHouse and the schema registry in the background (idempotent) and print endpoints.
stack:
	@stack/stack.sh start

## Stop exactly the processes `make stack` started (by PID).
stop:
	@stack/stack.sh stop

status:
	@stack/stack.sh status

## The stack, then the service in the foreground on :8000 (Ctrl-C stops the service; `make stop` the stack).
run: stack build
	$(JAVA_RUN) -Xmx1g -jar target/roundhouse.jar

## Tools the tests need (docker-compose for ComposeConfigTest), installed when missing.
prerequisites:
	@stack/prerequisites.sh

## Unit and integration tests on the current ClickHouse (ClusterIT included: it starts its own 2 servers), then
## the ClickHouse-facing integration tests again on Debian's 18.16 (test-oldest), then the bench module is compiled
## against this build (installed into ~/.m2), so a change cannot leave `make bench` broken.
## Starts the stack when it is not running and stops it afterwards (KEEP_STACK=1 leaves it up for the next run);
## a stack that was running is left running, on the ClickHouse it had.
test: prerequisites
	@was_running="$$(stack/stack.sh running)"; \
	stack/stack.sh start >/dev/null || exit 1; \
	$(MVN_TEST) install && $(MVN) -f bench/pom.xml clean compile && $(MAKE) --no-print-directory test-oldest; rc=$$?; \
	if [ -z "$$was_running" ] && [ -z "$(KEEP_STACK)" ]; then stack/stack.sh stop; \
	else stack/stack.sh start >/dev/null; fi; \
	exit $$rc

## The ClickHouse-facing integration tests on the oldest supported ClickHouse (Debian's 18.16): switches the
## stack's ClickHouse to it (same ports; its own data folder) and leaves it there.
test-oldest: prerequisites
	@CLICKHOUSE=debian stack/stack.sh start >/dev/null
	CLICKHOUSE=debian $(MVN_TEST) verify -Dtest=NoSuch -Dsurefire.failIfNoSpecifiedTests=false -Dit.test='$(OLDEST_CLICKHOUSE_ITS)'

## Imports sorted (static first, then the others, each in ASCII order) and inline qualified names imported, in
## every source file; SourceStyleTest (in every test run) fails on what this would change.
format:
	java src/test/java/dev/roundhouse/support/SourceStyle.java --fix

## Unit tests only: no stack needed.
test-unit: prerequisites
	$(MVN_TEST) test

## Only the cluster tests: ClusterIT (private 2-shard ClickHouse; shared Kafka and registry) and ComposeConfigTest.
test-cluster: prerequisites
	@stack/stack.sh start >/dev/null
	$(MVN_TEST) verify -Dtest=ComposeConfigTest -Dit.test=ClusterIT -Dsurefire.failIfNoSpecifiedTests=false

## Performance run against the anchors (QUICK=1: 200k rows, < 3 min; ROWS=N; BENCH_STRICT=1 fails on regressions).
bench: stack
	@QUICK='$(QUICK)' ROWS='$(ROWS)' bench/run.sh

## Long fuzzing of the CSV reader and validator (FuzzTest, jqwik): FUZZ_TRIES per property (the short run is in `make test`).
FUZZ_TRIES ?= 200000
fuzz:
	$(MVN) test -Dtest=FuzzTest -Djqwik.tries.default=$(FUZZ_TRIES)

## Bounded soak (SoakIT): SOAK_SECONDS of mixed traffic against one service with its sink, then exact totals and heap.
SOAK_SECONDS ?= 60
soak: prerequisites
	@stack/stack.sh start >/dev/null
	$(MVN_TEST) verify -Dsoak=true -Dsoak.seconds=$(SOAK_SECONDS) -Dit.test=SoakIT -Dtest=NoSuch -Dsurefire.failIfNoSpecifiedTests=false

## Stack + service, then the main job on generated data.
demo: stack build
	@stack/demo.sh

clean:
	$(MVN) clean
