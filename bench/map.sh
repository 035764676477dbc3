#!/bin/sh
# bench/map.sh: the ranking measured on a fixed relevance set.  Imports the
# samples (data/) and bench/relevance/statements/ into a fresh store, runs
# each query of bench/relevance/queries.tsv through `ombuds search --format
# json --limit 0` and prints each query's average precision and the mean
# (MAP), overall and for the tuned and held-out queries.  A result is
# relevant when its decision's category (area > subarea, as `ombuds list`
# prints it) is the query's.  Usage: bench/map.sh [SRCDIR]; OMBUDS names
# the program (default src/ombuds).
set -eu
src=${1:-.}
ombuds=${OMBUDS:-src/ombuds}
work=$(mktemp -d "${TMPDIR:-/tmp}/ombuds-map.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
db=$work/map.db
"$ombuds" --db "$db" import --quiet "$src/data" "$src/bench/relevance/statements" \
	2>/dev/null || true
# reference TAB category, for every decision of the store
"$ombuds" --db "$db" list --limit 100000 --format tsv |
	awk -F '\t' 'NR > 1 { print $1 "\t" $4 }' >"$work/cats"
[ -s "$work/cats" ] || { echo "map.sh: nothing imported" >&2; exit 1; }
grep -v '^#' "$src/bench/relevance/queries.tsv" | grep . |
while IFS='	' read -r query cat set; do
	# shellcheck disable=SC2086 # the query's words are its arguments
	"$ombuds" --db "$db" search $query --format json --limit 0 |
		sed -n 's/^ *"reference": "\(.*\)",$/\1/p' >"$work/refs"
	awk -F '\t' -v cat="$cat" -v q="$query" -v set="$set" '
		FILENAME == ARGV[1] { c[$1] = $2; if ($2 == cat) nrel++; next }
		{ k++; if (c[$0] == cat) { hit++; sum += hit / k } }
		END { printf "%.3f\t%s\t%d/%d\t%s\n", nrel ? sum / nrel : 0, set,
		      hit, nrel, q }' "$work/cats" "$work/refs"
done >"$work/ap"
awk -F '\t' '{ printf "  AP %s  %-4s %5s  %s\n", $1, $2, $3, $4 }' "$work/ap"
awk -F '\t' '{ s += $1; n++; t[$2] += $1; m[$2]++ }
	END { printf "MAP %.3f over %d queries (tune %.3f over %d, held %.3f over %d)\n",
	      s / n, n, t["tune"] / m["tune"], m["tune"], t["held"] / m["held"], m["held"] }' "$work/ap"
