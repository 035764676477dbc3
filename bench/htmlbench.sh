#!/bin/sh
# bench/htmlbench.sh: the rate of importing saved web pages, for make bench.
#
#	sh bench/htmlbench.sh N CORPUS WORK
#
# Makes N decision pages with tests/site/page.py from the first N
# statements of CORPUS (a bench/gen corpus), kept in WORK between runs,
# then times `ombuds import` of the pages and of the same statements as
# text, each into a new store, on a warm page cache.  Prints one line
# each: files, seconds, files a second, CPU seconds.  Figures only.
#
# Environment (set by bench/run.sh): OMBUDS, MEASURE (bench/measure),
# PAGE_PY (tests/site/page.py).
set -u

n=${1:?N}
corpus=${2:?CORPUS}
work=${3:?WORK}
: "${OMBUDS:?}" "${MEASURE:?}" "${PAGE_PY:?}"

[ -f "$PAGE_PY" ] || {
	echo "  html import: skipped ($PAGE_PY: no such file)"
	exit 0
}
command -v python3 >/dev/null 2>&1 || {
	echo "  html import: skipped (python3 makes the pages: apt-get install python3)"
	exit 0
}
pages=$work/pages-$n
texts=$work/texts-$n
stamp=$work/pages-$n.stamp
key="$n $(cksum <"$PAGE_PY" | cut -d' ' -f1) $(find "$corpus" -name '*.txt' | sort | head -n "$n" | cksum | cut -d' ' -f1)"

if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$key" ]; then
	rm -rf "$pages" "$texts" "$work/json-$n" "$work/pages.db"*
	mkdir -p "$pages" "$texts" "$work/json-$n" || exit 1
	find "$corpus" -name '*.txt' | sort | head -n "$n" | while read -r f; do
		cp "$f" "$texts/"
	done
	# One store for the statements, one JSON file a decision, then the
	# pages from the JSON (page.py reads it without running ombuds).
	"$OMBUDS" --db "$work/pages.db" import --quiet "$texts" >/dev/null 2>&1
	"$OMBUDS" --db "$work/pages.db" list | tail -n +2 | cut -f1 | while read -r r; do
		"$OMBUDS" --db "$work/pages.db" show "$r" --format json \
			>"$work/json-$n/$(echo "$r" | tr ' ' -).json"
	done
	python3 "$PAGE_PY" -o "$pages" "$work/json-$n"/*.json || exit 1
	rm -rf "$work/json-$n" "$work/pages.db"*
	echo "$key" >"$stamp"
fi

# time_import LABEL DIR: imports DIR into a new store and prints a row.
time_import() {
	db=$work/import.db
	rm -f "$db" "$db-wal" "$db-shm"
	find "$2" -type f -exec cat {} + >/dev/null
	files=$(find "$2" -type f | wc -l)
	"$MEASURE" "$work/$1.time" "$OMBUDS" --db "$db" import --quiet "$2" \
		>"$work/$1.out" 2>&1
	stored=$("$OMBUDS" --db "$db" list | tail -n +2 | wc -l)
	awk -v label="$1" -v files="$files" -v stored="$stored" '{
		wall = $1 > 0 ? $1 : 0.001
		printf "  %-17s %6d files %8.2f s %9.0f files/s %7.2f s CPU  (%d stored)\n",
			label, files, $1, files / wall, $2 + $3, stored }' "$work/$1.time"
	rm -f "$db" "$db-wal" "$db-shm"
}

echo "  import of saved web pages (tests/site/page.py) against the same statements as text:"
time_import "html pages" "$pages"
time_import "text files" "$texts"
