#!/bin/sh
# More like this: `ombuds search --like REF` and `m` in the browser on the
# samples and five statements of tests/like (three about missed bin
# collections, one about a care plan, one about housing): the same topic
# first with its words shared, the decision itself left out, filters,
# paging, formats, exit statuses and a reference not in the store.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/tmux.sh"

db=$TMP/s.db
"$OMBUDS" --db "$db" import --quiet "$DATA_DIR" "$TESTS_SRCDIR"/like/*.txt
ok $? "the samples and the like statements import"

# ---- the same topic first, with its words --------------------------------
out=$("$OMBUDS" --db "$db" search --like 23 100 001 --format tsv)
ok $? "search --like exits 0"
is "$(printf '%s\n' "$out" | sed -n 1p)" \
	"$(printf 'reference\torganisation\tdecision_date\toutcome\tparagraph\tsnippet')" \
	"the columns are search's"
refs=$(printf '%s\n' "$out" | sed 1d | cut -f1 | head -2 | sort | tr '\n' ',')
is "$refs" "23 100 002,23 100 003," "the two other bin decisions come first"
unlike "$(printf '%s\n' "$out" | cut -f1)" "23 100 001" \
	"the decision is not in its own list"
first=$(printf '%s\n' "$out" | sed -n 2p | cut -f6)
like "$first" "bin" "the first names the shared word bin"
like "$first" "collections" "and collections"
for r in $(printf '%s\n' "$out" | sed 1d | cut -f6 | tr -d ' ' | tr ',' ' '); do
	case $r in *[0-9]*) bad=$r ;; esac
done
is "${bad:-}" "" "no shared word is a number"

# The reference as one word or three, in any form show takes.
for form in "23 100 001" "23100001" "23/100/001"; do
	got=$("$OMBUDS" --db "$db" search --like "$form" --format tsv)
	is "$got" "$out" "--like '$form' lists the same"
done
got=$("$OMBUDS" --db "$db" search --format tsv --like=23-100-001)
is "$got" "$out" "--like=REF too"

# JSON: the shared words as an array.
json=$("$OMBUDS" --db "$db" search --like 23 100 001 --format json)
like "$json" '"shared": [' "JSON lists the shared words"
like "$json" '"bin"' "bin among them"
total=$(printf '%s\n' "$json" | sed -n 's/^  "total": \([0-9]*\),$/\1/p')
n=$(printf '%s\n' "$out" | sed 1d | wc -l)
is "$total" "$n" "JSON's total is the number of rows"

# The care plan decision finds the sample about a care plan, not the bins.
top=$("$OMBUDS" --db "$db" search --like 23 100 004 --format tsv --limit 1 | sed 1d | cut -f1)
unlike "$top" "23 100 00" "a decision on another topic does not lead to the bins"

# ---- paging and filters ----------------------------------------------------
all=$("$OMBUDS" --db "$db" search --like 24 023 422 --format tsv --limit 0 | sed 1d)
nall=$(printf '%s\n' "$all" | wc -l)
[ "$nall" -ge 3 ]
ok $? "a sample has at least three like it ($nall)"
p1=$("$OMBUDS" --db "$db" search --like 24 023 422 --format tsv --limit 1 | sed 1d)
p2=$("$OMBUDS" --db "$db" search --like 24 023 422 --format tsv --limit 1 --offset 1 | sed 1d)
is "$p1" "$(printf '%s\n' "$all" | sed -n 1p)" "--limit 1 is the first"
is "$p2" "$(printf '%s\n' "$all" | sed -n 2p)" "--offset 1 the second"
got=$("$OMBUDS" --db "$db" search --like 24 023 422 --format tsv --limit 0 --org coventry |
	sed 1d | cut -f2 | sort -u)
is "$got" "Coventry City Council" "--org keeps that organisation's"
got=$("$OMBUDS" --db "$db" search --like 24 023 422 --format tsv --limit 0 org:coventry |
	sed 1d | cut -f2 | sort -u)
is "$got" "Coventry City Council" "so does the query's org:"
got=$("$OMBUDS" --db "$db" search --like 23 100 001 --format tsv --limit 0 --outcome 'not upheld' |
	sed 1d | cut -f4 | sort -u)
is "$got" "Not upheld" "--outcome keeps that outcome's"
got=$("$OMBUDS" --db "$db" search --like 23 100 001 --format tsv --limit 0 --since 2024-04-10 --until 2024-12-31 |
	sed 1d | cut -f1)
is "$got" "23 100 003" "--since and --until bound the dates"
got=$("$OMBUDS" --db "$db" search --like 23 100 001 --format tsv --limit 0 --category refuse |
	sed 1d | cut -f1 | sort | tr '\n' ' ')
is "$got" "23 100 002 23 100 003 " "--category keeps that category's"
got=$("$OMBUDS" --db "$db" search --like 23 100 001 --format tsv --limit 0 garden |
	sed 1d | cut -f1)
is "$got" "23 100 002" "words of a query narrow them"

# ---- errors ------------------------------------------------------------------
"$OMBUDS" --db "$db" search --like 99 999 999 > "$TMP/out" 2> "$TMP/err"
is "$?" 1 "a reference not in the store exits 1"
is "$(cat "$TMP/err")" "ombuds: no decision 99 999 999 in the store" "naming it"
is "$(cat "$TMP/out")" "" "and prints no results"
"$OMBUDS" --db "$db" search --like nonsense > /dev/null 2> "$TMP/err"
is "$?" 2 "a --like that is no reference is a usage error"
like "$(cat "$TMP/err")" "--like: 'nonsense' is not a reference" "saying so"
"$OMBUDS" --db "$db" search --like > /dev/null 2> "$TMP/err"
is "$?" 2 "--like without a value is a usage error"
"$OMBUDS" --db "$db" search --like 23 100 001 --sort date > /dev/null 2> "$TMP/err"
is "$?" 2 "--like with --sort date is a usage error"
"$OMBUDS" --db "$db" search --like 23 100 001 --outcome nosuch > /dev/null 2> "$TMP/err"
is "$?" 2 "an unknown --outcome is a usage error"

# Ordinary searches keep their output.
plain=$("$OMBUDS" --db "$db" search --format json payment)
unlike "$plain" '"shared"' "an ordinary search has no shared words"

# ---- the browser ---------------------------------------------------------------
start 160 40 --db "$db"
wait_text "All organisations" "the browser starts"
keys :
keys '23 100 001' Enter
wait_text "Ashford Borough Council" "goto reads the first bin decision"
keys m
wait_text "like 23 100 001 (2)" "m in the reader lists the decisions like it, titled so"
wait_text "bin, collections" "with the shared words under each"
poll has_text "Bexley London Borough Council"
ok $? "the other bin decisions are listed"
unlike "$(screen)" "Ashford" "the decision itself is not"
keys / garden
wait_text "Search: garden" "a search typed there replaces them as usual"
keys Escape
wait_text "like 23 100 001 (2)" "Esc brings the like list back"
keys Enter
wait_text "result 1/2" "Enter reads the first of them"
# Back past Enter and the search typed, each a jump, to where m came from.
keys C-o C-o C-o
wait_text "Ashford Borough Council" "C-o goes back to where m came from"
keys q
wait_text "All organisations" "q leaves the like list"
keys m
wait_text "Search: like 23 100 00" "m works again from there"
keys Q
poll exited
ok $? "Q quits"

done_testing
