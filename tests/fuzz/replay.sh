#!/bin/sh
# Replays the fuzz corpora in make check: each harness (parse, text,
# query, html), built with the project's compiler and the plain driver
# replay.c, runs every file of its seed corpus (tests/fuzz/corpus/H) and
# of its regression inputs (tests/fuzz/regress/H: every crash the fuzzer
# found, fixed since).  A crash, a failed invariant or (under make
# check-sanitizers) a sanitizer report fails the folder's check.
. "$TESTS_SRCDIR/lib.sh"
: "${TESTS_BUILDDIR:?TESTS_BUILDDIR must name the built tests folder}"

for h in parse text query html; do
	for set in corpus regress; do
		dir=$TESTS_SRCDIR/fuzz/$set/$h
		n=$(find "$dir" -maxdepth 1 -type f ! -name '.*' 2>/dev/null | wc -l)
		# A harness whose fuzzing found nothing has no regression inputs:
		# say so rather than pass on nothing.  A seed corpus is never empty.
		if [ "$set" = regress ] && [ "$n" -eq 0 ]; then
			tap_n=$((tap_n + 1))
			echo "ok $tap_n - fuzz-$h replays $set/$h # SKIP no regression inputs"
			continue
		fi
		status=0
		"$TESTS_BUILDDIR/fuzz/replay-$h" "$dir" >"$TMP/.out" 2>"$TMP/.err" || status=$?
		if [ "$status" -eq 0 ] && [ "$n" -gt 0 ] && [ "$(cat "$TMP/.out")" = "$n files" ]; then
			ok 0 "fuzz-$h replays $set/$h: $n files"
		else
			ok 1 "fuzz-$h replays $set/$h: $n files (exit status $status)"
			echo "# $(grep '^replay: ' "$TMP/.err" | tail -n 1)"
			grep -v '^replay: ' "$TMP/.err" | head -n 20 | sed 's/^/# /'
		fi
	done
done

done_testing
