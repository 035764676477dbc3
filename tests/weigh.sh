#!/bin/sh
# Boilerplate weighs little: each section's ranking weight comes from the
# corpus (the share of its words outside paragraphs repeated word for word
# in many decisions), so a word met only in a stock sentence ("I
# considered the Ombudsman's Assessment Code") ranks below the same word
# in a decision's own findings.  The real program on tests/weigh-data/:
# three care decisions say assessment in their findings, three short
# ones only in the stock sentence.
. "$TESTS_SRCDIR/lib.sh"

db=$TMP/w.db
run --db "$db" import --quiet "$TESTS_SRCDIR/weigh-data"
is "$status" 0 "import the statements"

factor() {
	sql "$db" "SELECT factor FROM column_weight WHERE col = $1"
}
# The index's columns: 0 summary, 1 headings, 2 complaint, 3 powers,
# 4 considered, 5 findings, 6 action, 7 decision, 8 other.
is "$(factor 3)" "0.0" "the role-and-powers section, stock in every decision, weighs nothing"
is "$(factor 4)" "0.0" "How I considered, stock but for the names, weighs nothing"
is "$(factor 5)" "1.0" "the findings, each decision's own, keep their weight"
is "$(factor 2)" "1.0" "the complaint keeps its weight"

care='25 200 001,25 200 002,25 200 003'
top3() {
	"$OMBUDS" --db "$db" search --limit 3 "$@" | tail -n +2 | cut -f1 | sort | paste -sd, -
}
is "$(top3 assessment)" "$care" "assessment: the decisions that assess come first"
is "$("$OMBUDS" --db "$db" search --limit 0 assessment | tail -n +2 | wc -l)" 6 \
	"and the stock sentence still matches"
"$OMBUDS" --db "$db" search --limit 3 assessment | tail -n +2 | cut -f6 >"$TMP/snips"
is "$(grep -c 'Assessment\] Code' "$TMP/snips")" 0 \
	"their snippets show their own assessment, not the stock sentence"

# The same store with every section weighed alike ranks a short decision
# whose only assessment is the stock sentence above a care decision.
cp "$db" "$TMP/flat.db"
sql "$TMP/flat.db" "UPDATE column_weight SET factor = 1.0" >/dev/null
flat=$("$OMBUDS" --db "$TMP/flat.db" search --limit 3 assessment | tail -n +2 | cut -f1 | sort | paste -sd, -)
test "$flat" != "$care"
ok $? "(without the weights the top three are not the care decisions: $flat)"

# A corpus without stock paragraphs keeps every weight.
run --db "$TMP/one.db" import --quiet "$TESTS_SRCDIR/weigh-data/w1-care.txt" \
	"$TESTS_SRCDIR/weigh-data/w4-bins.txt"
is "$(sql "$TMP/one.db" "SELECT group_concat(factor, ',') FROM column_weight")" \
	"1.0,1.0,1.0,1.0,1.0,1.0,1.0,1.0,1.0" \
	"two decisions: nothing is stock, every factor is 1"

done_testing
