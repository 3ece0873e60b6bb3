# roundhouse — every target selects a JDK 25 itself (stack/java-home.sh), whatever the default java is.
SHELL := /bin/bash
export JAVA_HOME := $(shell stack/java-home.sh)
export PATH := $(JAVA_HOME)/bin:$(PATH)
# Maven's own Guava touches sun.misc.Unsafe; JDK 25 warns about it on every run.
export MAVEN_OPTS ?= --sun-misc-unsafe-memory-access=allow
MVN := mvn -B -q
JAVA_RUN := java --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+UseG1GC

.PHONY: build stack stop status run test test-unit fuzz bench demo clean

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

## Unit and integration tests. Starts the stack when it is not running and stops it afterwards
## (KEEP_STACK=1 leaves it up for the next run).
test:
	@was_running="$$(stack/stack.sh running)"; \
	stack/stack.sh start >/dev/null || exit 1; \
	$(MVN) verify; rc=$$?; \
	if [ -z "$$was_running" ] && [ -z "$(KEEP_STACK)" ]; then stack/stack.sh stop; fi; \
	exit $$rc

## Unit tests only: no stack needed.
test-unit:
	$(MVN) test

## Long fuzzing of the CSV reader and validator (FuzzTest, jqwik): FUZZ_TRIES per property (the short run is in `make test`).
FUZZ_TRIES ?= 200000
fuzz:
	$(MVN) test -Dtest=FuzzTest -Djqwik.tries.default=$(FUZZ_TRIES)

bench:
	@echo "make bench: not yet implemented (see the bench issue)"

## Stack + service, then the main job on generated data.
demo: stack build
	@bench/demo.sh

clean:
	$(MVN) clean
