#!/bin/sh
# bench/run.sh: the import benchmark behind `make bench`.
#
#	sh bench/run.sh [SIZE…]          (default: 10000 100000)
#
# For each size: a synthetic corpus of that many statements (bench/gen,
# kept between runs), then the baseline (bench/baseline: the whole text
# of each file as one row of a bare FTS5 table) and `ombuds import`, each
# timed with bench/measure on a warm page cache.  Prints a table of
# rates, store sizes, peak memory and the ombuds/baseline ratios, and a
# first look at `ombuds list`.  Figures and ratios only, never pass or
# fail on time.  The ombuds-N.db stores are left for the search and
# browser benchmarks.
#
# Each size is imported twice: the corpus above, and one where about
# BENCH_REPEAT% of the statements (default 13; 0 skips it) repeat the
# reference of an earlier one, which the import replaces (bench/gen
# --repeat).  The second gets the baseline and the import only.
#
# Then, on each ombuds store of the first corpus, the search benchmark: bench/searchbench
# (in-process latency, p50/p99 per class of query, ranked and newest
# first) and the whole `ombuds search` process against `rg -l -i` over the
# same files.
#
# Environment (set by `make bench`): BENCH_DIR (work folder), OMBUDS,
# GEN, BASELINE, DATA_DIR (the sample statements); optional SEARCHBENCH,
# TYPEBENCH, PAGE_PY (tests/site/page.py, for the saved pages' row),
# BENCH_SEED (default 1), BENCH_REPEAT (default 13) and CC (to build
# bench/measure.c).

set -u

here=$(cd "$(dirname "$0")" && pwd)
: "${BENCH_DIR:?BENCH_DIR is not set (run through make bench)}"
: "${OMBUDS:?OMBUDS is not set}" "${GEN:?GEN is not set}"
: "${BASELINE:?BASELINE is not set}" "${DATA_DIR:?DATA_DIR is not set}"
seed=${BENCH_SEED:-1}
sizes=${*:-10000 100000}
repeat=${BENCH_REPEAT:-13}
case $repeat in
''|*[!0-9.]*) echo "run.sh: BENCH_REPEAT=$repeat: not a percentage" >&2; exit 1 ;;
esac

mkdir -p "$BENCH_DIR" || exit 1
measure=$BENCH_DIR/measure

die() {
	echo "run.sh: $*" >&2
	exit 1
}

# Sum of the sizes of the files named that exist (a store is its file
# plus -wal, -shm or -journal when SQLite left them).
size_of() {
	for f in "$@"; do
		[ -e "$f" ] && stat -c %s "$f"
	done | awk '{ s += $1 } END { printf "%.0f\n", s }'
}

store_size() {
	size_of "$1" "$1-wal" "$1-shm" "$1-journal"
}

remove_store() {
	rm -f "$1" "$1-wal" "$1-shm" "$1-journal"
}

# Field N of a measure result file: 1 wall, 2 user, 3 sys, 4 peak KiB,
# 5 status.
field() {
	awk -v n="$2" '{ print $n }' "$1"
}

describe_status() {
	case $1 in
	0) echo "exit 0" ;;
	1) echo "exit 1 (some input failed)" ;;
	2) echo "exit 2 (usage error)" ;;
	127) echo "exit 127 (could not run)" ;;
	141) echo "exit 141 (SIGPIPE: the reader closed the pipe)" ;;
	1[3-9][0-9]) echo "killed by signal $(($1 - 128))" ;;
	*) echo "exit $1" ;;
	esac
}

# One row of the table: label, measure file, files, raw bytes, store
# bytes.
row() {
	awk -v label="$1" -v files="$3" -v raw="$4" -v store="$5" '{
		wall = $1 > 0 ? $1 : 0.001
		printf "  %-17s %8.2f s %10.0f %8.1f %10.1f %8.2fx %8.1f MiB %7.1f s\n",
			label, $1, files / wall, raw / 1e6 / wall, store / 1e6,
			store / raw, $4 / 1024, $2 + $3
	}' "$2"
}

# The first few lines of a file, indented, for a failure report.
show_head() {
	[ -s "$1" ] && sed -n '1,5{s/^/      | /;p}' "$1"
}

# ---- set-up ----------------------------------------------------------

if [ ! -x "$measure" ] || [ -n "$(find "$here/measure.c" -newer "$measure")" ]; then
	${CC:-cc} -O2 -o "$measure" "$here/measure.c" ||
		die "cannot build $here/measure.c"
fi
[ -x "$GEN" ] || die "$GEN: not built"
[ -x "$BASELINE" ] || die "$BASELINE: not built"
ls "$DATA_DIR"/*.txt >/dev/null 2>&1 || die "$DATA_DIR: no sample statements"

ombuds_version=$("$OMBUDS" --version 2>/dev/null | head -n 1)
[ -n "$ombuds_version" ] || ombuds_version="ombuds (no --version answer)"
sqlite_version=unknown

echo "ombuds import benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(uname -sm), $(nproc 2>/dev/null || echo '?') CPUs"
echo "$ombuds_version; corpus seed $seed; warm page cache"
echo "MB = 10^6 bytes, MiB = 2^20 bytes; statements/s and MB/s are of input files;"
echo "ratios only, no verdict (the aims: import within 1.3x the baseline's time, store within 2x the text)"

# ---- each size -------------------------------------------------------

corpora=0
if awk -v r="$repeat" 'BEGIN { exit !(r + 0 > 0) }'; then
	corpora="0 $repeat"
fi

for n in $sizes; do
	case $n in
	''|*[!0-9]*) die "$n: not a number of statements" ;;
	esac
	for r in $corpora; do
		# The first corpus keeps the names it always had.
		sfx=
		genopt=
		if [ "$r" != 0 ]; then
			sfx=-r$r
			genopt="--repeat $r"
		fi
		corpus=$BENCH_DIR/corpus-$n$sfx
		stamp=$BENCH_DIR/corpus-$n$sfx.stamp
		bdb=$BENCH_DIR/baseline-$n$sfx.db
		odb=$BENCH_DIR/ombuds-$n$sfx.db
		log=$BENCH_DIR/log-$n$sfx
		mkdir -p "$log"

		# The corpus is reused only when it was made by this generator from
		# these samples with this seed and share of repeats, and finished.
		key="$n $seed $r $(cksum <"$GEN" | cut -d' ' -f1) $(cat "$DATA_DIR"/*.txt | cksum | cut -d' ' -f1)"
		if [ -d "$corpus" ] && [ -f "$stamp" ] && [ "$(sed -n 1p "$stamp")" = "$key" ]; then
			raw=$(sed -n 2p "$stamp")
			made="reused"
		else
			rm -rf "$corpus" "$stamp"
			sync    # so that the generator does not pay for the deletion
			# shellcheck disable=SC2086
			"$measure" "$log/gen.time" "$GEN" $genopt "$n" "$corpus" "$DATA_DIR" "$seed" \
				>"$log/gen.out" 2>&1 || { show_head "$log/gen.out"; die "$GEN failed"; }
			raw=$(find "$corpus" -type f -name '*.txt' -exec stat -c %s {} + |
				awk '{ s += $1 } END { printf "%.0f\n", s }')
			printf '%s\n%s\n' "$key" "$raw" >"$stamp"
			made="generated in $(field "$log/gen.time" 1) s"
		fi
		files=$(find "$corpus" -type f -name '*.txt' | wc -l)

		# Both runs start from files in the page cache, as the second
		# always would; and from no dirty pages of the other's store.
		find "$corpus" -type f -name '*.txt' -exec cat {} + >/dev/null
		remove_store "$bdb"
		remove_store "$odb"
		sync

		echo
		awk -v n="$files" -v raw="$raw" -v dir="$corpus" -v made="$made" -v r="$r" 'BEGIN {
			printf "== %d statements%s, %.1f MB of text (%.0f bytes each on average); %s, %s ==\n",
				n, (r != 0 ? sprintf(" (~%s%% repeating an earlier reference)", r) : ""),
				raw / 1e6, raw / n, dir, made }'
		printf '  %-17s %10s %10s %8s %10s %9s %12s %9s\n' "" "wall" "stmts/s" "MB/s" \
			"store MB" "store/raw" "peak RSS" "CPU"

		# Baseline.
		"$measure" "$log/baseline.time" "$BASELINE" "$bdb" "$corpus" >"$log/baseline.out" 2>&1 ||
			{ show_head "$log/baseline.out"; die "$BASELINE failed"; }
		bstore=$(store_size "$bdb")
		row "baseline (FTS5)" "$log/baseline.time" "$files" "$raw" "$bstore"
		sqlite_version=$(sed -n 's/.*(SQLite \(.*\)).*/\1/p' "$log/baseline.out")

		# ombuds.
		remove_store "$odb"
		sync
		"$measure" "$log/import.time" "$OMBUDS" --db "$odb" import --quiet "$corpus" \
			>"$log/import.out" 2>&1
		status=$(field "$log/import.time" 5)
		ostore=$(store_size "$odb")
		if [ "$status" -eq 0 ] || [ "$status" -eq 1 ]; then
			row "ombuds import" "$log/import.time" "$files" "$raw" "$ostore"
			awk -v b="$bstore" -v o="$ostore" '
				NR == FNR { bw = $1; bm = $4; bc = $2 + $3; next }
				{ printf "  %-17s %9.2fx %10s %8s %9.2fx %9s %11.2fx %8.2fx\n", "ombuds/baseline",
					$1 / bw, "", "", (b > 0 ? o / b : 0), "", (bm > 0 ? $4 / bm : 0),
					(bc > 0 ? ($2 + $3) / bc : 0) }' \
				"$log/baseline.time" "$log/import.time"
		fi
		if [ "$status" -ne 0 ]; then
			echo "  ombuds import: $(describe_status "$status") after $(field "$log/import.time" 1) s; output ($log/import.out):"
			show_head "$log/import.out"
		elif [ -s "$log/import.out" ]; then
			echo "  ombuds import wrote $(wc -l <"$log/import.out") lines despite --quiet ($log/import.out)"
		fi

		# The list and the searches: on the first corpus only.
		[ "$r" = 0 ] || continue

		# A first look at the store: the newest page of decisions, then a
		# count of all of them.  The sh -c scripts take their paths as
		# arguments, hence the single quotes.
		# shellcheck disable=SC2016
		if [ -e "$odb" ]; then
			"$measure" "$log/list.time" sh -c \
				'"$1" --db "$2" list --sort date 2>"$3"' sh "$OMBUDS" "$odb" "$log/list.err" |
				head -n 51 >"$log/list.out"
			echo "  ombuds list --sort date | head -51: $(field "$log/list.time" 1) s," \
				"$(wc -l <"$log/list.out") lines, $(describe_status "$(field "$log/list.time" 5)")"
			show_head "$log/list.err"
			"$measure" "$log/count.time" sh -c \
				'"$1" --db "$2" list 2>"$3" | wc -l >"$4"' sh "$OMBUDS" "$odb" "$log/count.err" \
				"$log/count.out"
			lines=$(cat "$log/count.out")
			echo "  ombuds list (every row): $(field "$log/count.time" 1) s," \
				"$((lines > 0 ? lines - 1 : 0)) decisions listed for $files files," \
				"peak $(awk '{ printf "%.1f", $4 / 1024 }' "$log/count.time") MiB"
			show_head "$log/count.err"
		else
			echo "  (no ombuds store: list not tried)"
		fi

		# ---- search ----------------------------------------------------
		if [ -e "$odb" ] && [ -n "${SEARCHBENCH:-}" ] && [ -x "$SEARCHBENCH" ]; then
			echo
			echo "  search, in process (first page of 50 with snippets + total count; ms):"
			"$SEARCHBENCH" "$odb" 3 2>&1 || echo "  searchbench failed"
		if [ -n "${TYPEBENCH:-}" ] && [ -x "$TYPEBENCH" ]; then
			echo
			"$TYPEBENCH" "$odb" 3 2>&1 || echo "  typebench failed"
		fi
			echo
			if command -v rg >/dev/null 2>&1; then
				echo "  search, whole process: ombuds search WORD (first 50, TSV) vs rg -l -i WORD over the corpus:"
				# The corpus back in the page cache first: the import and
				# the searches above pushed it out.
				rg -l -i zzzz "$corpus" >/dev/null 2>&1
				printf '    %-14s %10s %10s %9s\n' "word" "ombuds ms" "rg ms" "rg/ombuds"
				for w in council complaint procurement garden badge safeguarding delay; do
					# shellcheck disable=SC2016
					"$measure" "$log/search-$w.time" sh -c \
						'"$1" --db "$2" search --limit 50 "$3" >/dev/null 2>&1' sh \
						"$OMBUDS" "$odb" "$w"
					"$measure" "$log/rg-$w.time" sh -c 'rg -l -i "$1" "$2" >/dev/null 2>&1' sh \
						"$w" "$corpus"
					awk -v w="$w" 'NR == FNR { o = $1; next } {
						printf "    %-14s %10.1f %10.1f %8.0fx\n", w, o * 1000, $1 * 1000, (o > 0 ? $1 / o : 0) }' \
						"$log/search-$w.time" "$log/rg-$w.time"
				done | tee "$log/search-vs-rg"
				awk '{ print $4 + 0 }' "$log/search-vs-rg" | sort -n | awk '{ r[NR] = $1 }
					END { if (NR) printf "    median rg/ombuds: %.0fx\n",
						(NR % 2 ? r[(NR + 1) / 2] : (r[NR / 2] + r[NR / 2 + 1]) / 2) }'
			else
				echo "  rg is not installed: the comparison with rg -l -i is skipped (apt-get install ripgrep)"
			fi
		fi
	done
done

echo
echo "SQLite $sqlite_version.  Logs: $BENCH_DIR/log-N/; stores kept: $BENCH_DIR/ombuds-N.db (and baseline-N.db)."

# ---- the browser on the last (largest) store: bench/uibench.sh ----------
for n in $sizes; do last=$n; done
echo
OMBUDS=$OMBUDS sh "$here/uibench.sh" "$BENCH_DIR/ombuds-$last.db"

# ---- saved web pages: bench/htmlbench.sh on the first size's corpus -----
for n in $sizes; do first=$n; break; done
echo
MEASURE=$measure OMBUDS=$OMBUDS PAGE_PY=${PAGE_PY:-$here/../tests/site/page.py} \
	sh "$here/htmlbench.sh" "$((first < 2000 ? first : 2000))" "$BENCH_DIR/corpus-$first" \
	"$BENCH_DIR/html"
