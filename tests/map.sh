#!/bin/sh
# map.sh: the ranking measured by bench/map.sh on the fixed relevance set
# (data/ and bench/relevance/): every query is scored and the mean average
# precision reaches its floor.
. "$TESTS_SRCDIR/lib.sh"

# The floor the set's MAP must keep; raise it as the ranking improves.
MAP_FLOOR=0.69

src=$TESTS_SRCDIR/..
out=$(OMBUDS=$OMBUDS sh "$src/bench/map.sh" "$src" 2>&1)
ok $? "bench/map.sh runs"
nq=$(grep -v '^#' "$src/bench/relevance/queries.tsv" | grep -c .)
is "$(printf '%s\n' "$out" | grep -c '^  AP [01]\.[0-9][0-9][0-9] ')" "$nq" \
	"every query of the set has its average precision"
map=$(printf '%s\n' "$out" | sed -n 's/^MAP \([01]\.[0-9]*\) over.*/\1/p')
like "$map" "." "the mean average precision is printed"
ok "$(awk -v m="${map:-0}" -v f="$MAP_FLOOR" 'BEGIN { print !(m >= f) }')" \
	"MAP $map is at least $MAP_FLOOR"
printf '%s\n' "$out" | sed 's/^/# /'

# ---- topics: the category and the organisation are searched -----------------
db=$TMP/topic.db
"$OMBUDS" --db "$db" import --quiet "$src/data" "$src/bench/relevance/statements" 2>/dev/null
grep -v "^Category" "$src/bench/relevance/statements/r26.txt" | grep -qi homelessness
ok "$((! $?))" "24 002 617 says homelessness only in its category"
got=$("$OMBUDS" --db "$db" search homelessness --limit 0 | grep '^24 002 617')
like "$got" "	0	We will not investigate Miss F" \
	"a topic word finds a decision filed under it; the summary shows"
is "$("$OMBUDS" --db "$db" search homelessness in:summary --limit 0 | grep -c '^24 002 617')" 0 \
	"in: a section never matches the topic"
is "$("$OMBUDS" --db "$db" search luton --limit 0 | cut -f1 | sed 1d)" "24 002 617" \
	"the organisation's name is searched"

done_testing
