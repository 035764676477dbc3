#!/bin/sh
# run.sh: make fuzz and make fuzz-merge.  Builds each harness with clang
# and libFuzzer, AddressSanitizer and UndefinedBehaviorSanitizer against
# the library's sources compiled again (not the gcc-built libombuds.a):
# the parse and text harnesses against an archive of every source of
# the library (Makefile.am's src_libombuds_a_SOURCES), the query harness
# against the query language alone (SEARCH_QUERY_SOURCES, no SQLite), so
# that neither list is kept here by hand; then either runs every harness at once for FUZZ_SECONDS on a copy of
# its seed corpus and reports executions and coverage (run), or merges
# what the last run found into the committed corpus, keeping only inputs
# that reach edges it does not (merge; -use_counters=0 leaves hit counts
# out, which keeps the committed corpus to a few hundred files).
#
# Environment (set by Makefile.am): SRCDIR, BUILDDIR, FUZZ_CC,
# FUZZ_SECONDS, FUZZ_HARNESSES, SQLITE_CFLAGS, SQLITE_LIBS,
# UNISTRING_LIBS, STEMMER_LIBS, FUZZ_LIB_SOURCES, FUZZ_QUERY_SOURCES; FUZZ_KEEP=1 (from the command line) keeps the last
# run's corpus.
set -u

mode=${1:-run}
: "${SRCDIR:?}" "${BUILDDIR:?}" "${FUZZ_LIB_SOURCES:?}" "${FUZZ_QUERY_SOURCES:?}"
FUZZ_CC=${FUZZ_CC:-clang}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_HARNESSES=${FUZZ_HARNESSES:-parse text query html}
build=$BUILDDIR/tests/fuzz/build
work=$BUILDDIR/tests/fuzz/work
corpus=$SRCDIR/tests/fuzz/corpus
san="-fsanitize=address,undefined -fno-sanitize-recover=all"
cflags="-g -O1 -fno-omit-frame-pointer $san -I$BUILDDIR -I$SRCDIR/src \
-I$SRCDIR/tests/fuzz ${SQLITE_CFLAGS:-} ${LIBXML_CFLAGS:-}"
# The library's data folders (Makefile.am's AM_CPPFLAGS), which only
# cli.c reads and no harness reaches.
cflags="$cflags -DOMBUDS_PKGDATADIR=\"$SRCDIR/data\" -DOMBUDS_SRCDATADIR=\"$SRCDIR/data\""
unistring=${UNISTRING_LIBS:--lunistring}
libs="${SQLITE_LIBS:--lsqlite3} ${LIBXML_LIBS:--lxml2} $unistring ${STEMMER_LIBS:--lstemmer} -lpthread"
AR=${AR:-ar}

missing() {
	echo "make fuzz: $1" >&2
	echo "make fuzz: on Debian, as root: apt-get install clang libclang-rt-14-dev" >&2
	echo "make fuzz: (./quickstart does not install them; FUZZ_CC=clang-NN picks another clang)" >&2
	exit 1
}

# max_len of each harness: statements are a few KB, queries a line.
max_len() {
	case $1 in
	parse) echo 16384 ;;
	html) echo 65536 ;;
	text) echo 8192 ;;
	query) echo 2048 ;;
	esac
}

command -v "$FUZZ_CC" >/dev/null 2>&1 || missing "$FUZZ_CC is not installed"
mkdir -p "$build" "$work" || exit 1
printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n);\nint LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' \
	>"$build/probe.c"
"$FUZZ_CC" -fsanitize=fuzzer,address,undefined "$build/probe.c" -o "$build/probe" \
	>"$build/probe.log" 2>&1 ||
	missing "$FUZZ_CC cannot link with -fsanitize=fuzzer,address,undefined (libFuzzer's runtime is missing; see $build/probe.log)"

# ---- build ---------------------------------------------------------------
echo "make fuzz: building the harnesses with $FUZZ_CC in $build"
# objects SOURCES: the objects of the .c files of a Makefile.am source
# list (headers skipped), each compiled once into $build/obj.
objects() {
	for f in $1; do
		case $f in *.c) ;; *) continue ;; esac
		o=$build/obj/$(basename "$f" .c).o
		if [ ! -f "$o" ]; then
			"$FUZZ_CC" $cflags -fsanitize=fuzzer-no-link -c "$SRCDIR/$f" \
				-o "$o" || return 1
		fi
		printf ' %s' "$o"
	done
}
rm -rf "$build/obj" "$build/libombuds.a"
mkdir -p "$build/obj" || exit 1
libobjs=$(objects "$FUZZ_LIB_SOURCES") || exit 1
queryobjs=$(objects "$FUZZ_QUERY_SOURCES") || exit 1
"$AR" rcs "$build/libombuds.a" $libobjs || exit 1
for h in $FUZZ_HARNESSES; do
	case $h in
	query) with="$queryobjs $unistring ${STEMMER_LIBS:--lstemmer}" ;;
	*) with="$build/libombuds.a $libs" ;;
	esac
	"$FUZZ_CC" $cflags -fsanitize=fuzzer "$SRCDIR/tests/fuzz/fuzz-$h.c" \
		$with -o "$build/fuzz-$h" || exit 1
done

# ---- merge: what the last run found, into the committed corpus -----------
if [ "$mode" = merge ]; then
	for h in $FUZZ_HARNESSES; do
		[ -d "$work/$h" ] || { echo "make fuzz-merge: no $work/$h: run make fuzz first" >&2; exit 1; }
		before=$(ls "$corpus/$h" | wc -l)
		"$build/fuzz-$h" -merge=1 -use_counters=0 -max_len="$(max_len "$h")" -timeout=5 \
			-rss_limit_mb=2048 "$corpus/$h" "$work/$h" \
			>"$work/$h-merge.log" 2>&1 || {
			echo "make fuzz-merge: $h failed, see $work/$h-merge.log" >&2
			exit 1
		}
		echo "fuzz-$h: corpus $before -> $(ls "$corpus/$h" | wc -l) files," \
			"$(du -sk "$corpus/$h" | cut -f1) KB"
	done
	exit 0
fi

# ---- run: every harness at once, each on a fresh copy of its seeds -------
# (FUZZ_KEEP=1: go on from what the last run found, the seeds added.)
for h in $FUZZ_HARNESSES; do
	[ "${FUZZ_KEEP:-0}" = 1 ] || rm -rf "${work:?}/$h"
	rm -rf "$work/$h-crash"
	mkdir -p "$work/$h-crash" "$work/$h"
	cp "$corpus/$h"/* "$work/$h"/ || exit 1
	echo "make fuzz: fuzz-$h for $FUZZ_SECONDS s, log in $work/$h.log"
	(
		cd "$work" && exec "$build/fuzz-$h" -max_len="$(max_len "$h")" \
			-timeout=5 -rss_limit_mb=2048 \
			-max_total_time="$FUZZ_SECONDS" -print_final_stats=1 \
			-artifact_prefix="$work/$h-crash/" "$work/$h" \
			>"$work/$h.log" 2>&1
	) &
done
wait

# ---- report --------------------------------------------------------------
failed=0
for h in $FUZZ_HARNESSES; do
	log=$work/$h.log
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
	secs=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1)
	last=$(grep -E '^#[0-9]+' "$log" | grep 'cov:' | tail -n 1)
	cov=$(printf '%s\n' "$last" | sed -n 's/.* cov: \([0-9]*\).*/\1/p')
	ft=$(printf '%s\n' "$last" | sed -n 's/.* ft: \([0-9]*\).*/\1/p')
	files=$(ls "$work/$h" | wc -l)
	kb=$(du -sk "$work/$h" | cut -f1)
	crash=$(ls "$work/$h-crash" | head -n 1)
	if [ -n "$crash" ] || [ -z "$secs" ]; then
		failed=1
		echo "fuzz-$h: FOUND A PROBLEM after ${runs:-?} runs: ${crash:+$work/$h-crash/$crash}"
		grep -E 'ERROR|invariant failed|runtime error|SUMMARY' "$log" | head -n 5 | sed 's/^/  /'
	else
		echo "fuzz-$h: $runs runs in $secs s ($rate exec/s), cov: $cov ft: $ft," \
			"corpus $files files ($kb KB), nothing found"
	fi
done
exit $failed
