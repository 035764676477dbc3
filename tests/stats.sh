#!/bin/sh
# Statistics and the commands of issue 5: list's new sorts and paging,
# orgs' columns, upheld rate, filters, sorts and --query, and show --para.
# Every expected figure is computed here from ombuds' own list and search
# output (awk, sort), never written down by hand.
. "$TESTS_SRCDIR/lib.sh"

tab=$(printf '\t')

# A corpus with varied outcomes, dates and organisations: copies of the
# samples, each copy k with the outcome, year and (every third copy) the
# organisation changed, plus the messy test statements (one of them has
# no organisation, several no outcome or date).
make_corpus "$TMP/gen" 12 50
for f in "$TMP"/gen/*.txt; do
	k=${f##*-}
	k=${k%.txt}
	k=$((1${k} - 1000))
	awk -v k="$k" '
		BEGIN {
			split("Upheld|Not upheld|Closed after initial enquiries|Upheld|" \
			      "Not upheld|Upheld|Premature", out, "|")
		}
		NR == 1 && k % 3 == 0 { sub(/^[^(]*\(/, "Somerset Council (") }
		/^Decision : / { $0 = "Decision : " out[k % 7 + 1] }
		/^Decision date : / { sub(/20[0-9][0-9]$/, 2015 + k % 9) }
		{ print }' "$f" > "$f.new" && mv "$f.new" "$f"
done
db=$TMP/stats.db
"$OMBUDS" --db "$db" import --quiet "$TMP/gen" "$DATA_DIR" "$TESTS_SRCDIR"/data/*.txt 2> /dev/null
run --db "$db" list
list=$out
ok "$([ "$(printf '%s\n' "$list" | wc -l)" -eq 82 ]; echo $?)" "81 decisions: 60 generated, 5 samples, 16 messy"

# ---- list: each order as sort(1) writes it, pages make the whole list -----

# expect_order SORT: the references of $list in SORT's order, from the
# definitions in the man page (missing fields last, then by reference).
expect_order() {
	printf '%s\n' "$list" | awk -F "$tab" -v OFS="$tab" 'NR > 1 {
		print $1, $2, ($2 == "") ? 1 : 0, $3, ($3 == "") ? 1 : 0, $5, ($5 == "") ? 1 : 0 }' |
	case $1 in
	date) LC_ALL=C sort -t "$tab" -k2,2r -k1,1r ;;
	oldest) LC_ALL=C sort -t "$tab" -k3,3n -k2,2 -k1,1 ;;
	ref) LC_ALL=C sort -t "$tab" -k1,1 ;;
	org) LC_ALL=C sort -t "$tab" -k5,5n -k4,4 -k2,2r -k1,1r ;;
	outcome) LC_ALL=C sort -t "$tab" -k7,7n -k6,6 -k2,2r -k1,1r ;;
	esac | cut -f1
}

for s in date oldest ref org outcome; do
	run --db "$db" list --sort "$s"
	full=$(printf '%s\n' "$out" | tail -n +2)
	is "$(printf '%s\n' "$full" | cut -f1)" "$(expect_order "$s")" "list --sort $s: in its order"
	pages=
	off=0
	while :; do
		run --db "$db" list --sort "$s" --limit 7 --offset "$off"
		page=$(printf '%s\n' "$out" | tail -n +2)
		[ -n "$page" ] || break
		pages="$pages$page
"
		off=$((off + 7))
	done
	is "$pages" "$full
" "list --sort $s: pages of 7 make the whole list"
	run --db "$db" list --sort "$s" --outcome upheld --since 2016-01-01 --limit 5 --offset 3
	want=$(printf '%s\n' "$full" | awk -F "$tab" '$5 == "Upheld" && $2 >= "2016-01-01"' | sed -n 4,8p)
	is "$(printf '%s\n' "$out" | tail -n +2)" "$want" "list --sort $s with filters, a page"
done
run --db "$db" list --sort oldest --limit 3
is "$(printf '%s\n' "$out" | tail -n +2 | cut -f2)" "$(printf '%s\n' "$list" | tail -n +2 | cut -f2 | grep . | sort | head -3)" \
	"oldest first starts with the oldest dates"
run --db "$db" list --sort oldest
is "$(printf '%s\n' "$out" | tail -n 1 | cut -f2)" "" "and ends with an undated one"
run --db "$db" list --sort sideways
like "$err" "'sideways' is not one of date, ref, org, oldest, outcome" "a bad --sort names the sorts"
run --db "$db" list --offset -1
is "$status" 2 "a negative offset is a usage error"

# ---- orgs: every column from list's own rows --------------------------------

# expect_orgs [LIST ARGS]: orgs' TSV body computed from list's TSV on
# stdin: counts by outcome and the upheld rate, by name, nameless last.
expect_orgs() {
	awk -F "$tab" -v OFS="$tab" 'NR > 1 {
		o = $3; n[o]++
		if ($5 == "Upheld") u[o]++
		else if ($5 == "Not upheld") nu[o]++
		else if ($5 == "Closed after initial enquiries") c[o]++
		else x[o]++
	}
	END {
		for (o in n) {
			d = u[o] + nu[o]
			print (o == "") ? 1 : 0, o, n[o], u[o] + 0, nu[o] + 0, c[o] + 0,
			      x[o] + 0, d ? sprintf("%.1f", 100 * u[o] / d) : ""
		}
	}' | LC_ALL=C sort -t "$tab" -k1,1n -k2,2 | cut -f2-
}

run --db "$db" orgs
is "$(printf '%s\n' "$out" | head -1)" "organisation${tab}decisions${tab}upheld${tab}not_upheld${tab}closed${tab}other${tab}upheld_rate" "orgs header"
orgs=$(printf '%s\n' "$out" | tail -n +2)
is "$orgs" "$(printf '%s\n' "$list" | expect_orgs)" "orgs: counts and rates as tallied from list"
like "$orgs" "Somerset Council${tab}20${tab}" "the corpus gives Somerset Council 20 decisions"
ok "$(printf '%s\n' "$orgs" | awk -F "$tab" '$7 != "" && $7 != "0.0" && $7 != "100.0" { f = 1 } END { exit !f }'; echo $?)" \
	"and rates between 0 and 100"
like "$orgs" "Norfolk County Council${tab}1${tab}0${tab}0${tab}1${tab}0${tab}" "closed alone: decided none"
ok "$(printf '%s\n' "$orgs" | awk -F "$tab" '$1 == "Norfolk County Council" && $7 == "" { f = 1 } END { exit !f }'; echo $?)" \
	"so its rate is empty"
is "$(printf '%s\n' "$orgs" | tail -n 1 | cut -f1)" "" "decisions with no organisation: the last line, no name"

# orgs_filtered FILTER...: orgs with the filters, against list's tally.
orgs_filtered() {
	run --db "$db" list "$@"
	want=$(printf '%s\n' "$out" | expect_orgs)
	run --db "$db" orgs "$@"
	is "$(printf '%s\n' "$out" | tail -n +2)" "$want" "orgs $*: as tallied from list $*"
}
orgs_filtered --outcome upheld
orgs_filtered --outcome "closed after initial enquiries"
orgs_filtered --since 2017-01-01 --until 2020-12-31
orgs_filtered --category children
orgs_filtered --org council --category care
orgs_filtered --org somerset --outcome "not upheld"

run --db "$db" orgs --sort count
is "$(printf '%s\n' "$out" | tail -n +2)" \
	"$(printf '%s\n' "$orgs" | awk -F "$tab" -v OFS="$tab" '{ print ($1 == "") ? 1 : 0, $0 }' |
	   LC_ALL=C sort -t "$tab" -k3,3nr -k1,1n -k2,2 | cut -f2-)" \
	"orgs --sort count: most first, ties by name, nameless last"
run --db "$db" orgs --sort rate
is "$(printf '%s\n' "$out" | tail -n +2)" \
	"$(printf '%s\n' "$orgs" | awk -F "$tab" -v OFS="$tab" '{ print ($8 == "") ? 1 : 0, ($1 == "") ? 1 : 0, $0 }' |
	   LC_ALL=C sort -t "$tab" -k1,1n -k9,9gr -k2,2n -k3,3 | cut -f3-)" \
	"orgs --sort rate: highest first, none last, ties by name"
run --db "$db" orgs --sort name
is "$(printf '%s\n' "$out" | tail -n +2)" "$orgs" "orgs --sort name is the default"
run --db "$db" orgs --sort size
is "$status" 2 "a bad orgs --sort is a usage error"
like "$err" "'size' is not one of name, count, rate" "naming the sorts"

run --db "$db" orgs --format json
printf '%s\n' "$out" > "$TMP/orgs.json"
is "$(sql :memory: "SELECT group_concat(coalesce(json_extract(value, '\$.organisation'), '') || '=' ||
		json_extract(value, '\$.decisions') || '/' ||
		CASE json_type(value, '\$.upheld_rate') WHEN 'null' THEN 'null'
		ELSE printf('%.1f', json_extract(value, '\$.upheld_rate')) END ||
		'/' || json_type(value, '\$.upheld_rate'), ';')
	FROM json_each(readfile('$TMP/orgs.json'))")" \
	"$(printf '%s\n' "$orgs" | awk -F "$tab" '{
		printf "%s%s=%s/%s", (NR > 1) ? ";" : "", $1, $2, ($7 == "") ? "null/null" : $7 "/real" }')" \
	"orgs JSON: the same counts; the rate a number, null when none decided"
like "$out" '"upheld_rate": 100.0' "a whole rate keeps its decimal"

# ---- orgs --query: search_orgs against the tally of search's results --------

# expect_search_orgs: orgs' TSV body from search's TSV on stdin.
expect_search_orgs() {
	awk -F "$tab" -v OFS="$tab" 'NR > 1 { print $1, "", $2, "", $4 }' |
	awk -F "$tab" -v OFS="$tab" 'BEGIN { print "header" } { print }' | expect_orgs
}

for q in council complaint '"the council"' 'NEAR(council apologise, 5)' \
	'care -planning' 'outcome:upheld council' '"social care" OR "fees"' nothingatall; do
	run --db "$db" search "$q" --limit 0
	want=$(printf '%s\n' "$out" | expect_search_orgs)
	n=$(printf '%s\n' "$out" | tail -n +2 | grep -c .)
	run --db "$db" orgs --query "$q"
	is "$(printf '%s\n' "$out" | tail -n +2)" "$want" "orgs --query '$q': the tally of its $n results"
	run --db "$db" search "$q" --limit 0
	want=$(printf '%s\n' "$out" | awk -F "$tab" 'NR == 1 || $3 >= "2018-01-01"' | expect_search_orgs)
	run --db "$db" orgs --query "$q" --since 2018-01-01
	is "$(printf '%s\n' "$out" | tail -n +2)" "$want" "orgs --query '$q' --since 2018-01-01: the filter ANDed"
done
run --db "$db" search '"the council"' --limit 0
all=$(printf '%s\n' "$out" | tail -n +2 | grep -c .)
run --db "$db" search 'the council' --limit 0
ok "$([ "$(printf '%s\n' "$out" | tail -n +2 | grep -c .)" -ge "$all" ] && [ "$all" -gt 0 ]; echo $?)" \
	"the phrase finds some decisions ($all), the words at least as many"
run --db "$db" orgs --query 'council ('
is "$status" 2 "a query orgs cannot read is a usage error"
like "$err" "ombuds: query: " "with search's message"

# ---- show --para: the citation, and the text of show's JSON ------------------

run --db "$db" show 24 023 422 --format json
printf '%s\n' "$out" > "$TMP/show.json"
npara=$(sql :memory: "SELECT json_array_length(readfile('$TMP/show.json'), '\$.paragraphs')")
ok "$([ "$npara" -gt 5 ]; echo $?)" "24 023 422 has $npara paragraphs"
for n in 1 2 3 7 "$npara"; do
	text=$(sql :memory: "SELECT json_extract(value, '\$.text') FROM json_each(readfile('$TMP/show.json'), '\$.paragraphs')
		WHERE json_extract(value, '\$.n') = $n")
	run --db "$db" show 24023422 --para "$n"
	is "$status" 0 "show --para $n exits 0"
	is "$(printf '%s\n' "$out" | head -1)" "Coventry City Council (24 023 422) at [$n]" "show --para $n: the citation first"
	is "$(printf '%s\n' "$out" | sed -n 2p)" "" "then a blank line"
	is "$(printf '%s\n' "$out" | tail -n +3)" "$(printf '%s\n' "$text" | sed '2,$s/^/  /')" \
		"then paragraph $n's text as in show's JSON, sub-items two spaces in"
	run --db "$db" show 24023422 --para "$n" --format json
	printf '%s\n' "$out" > "$TMP/para.json"
	is "$(sql :memory: "SELECT json_extract(readfile('$TMP/para.json'), '\$.citation') || '|' ||
		json_extract(readfile('$TMP/para.json'), '\$.reference') || '|' ||
		json_extract(readfile('$TMP/para.json'), '\$.organisation') || '|' ||
		json_extract(readfile('$TMP/para.json'), '\$.paragraph') || '|' ||
		json_extract(readfile('$TMP/para.json'), '\$.text')")" \
		"Coventry City Council (24 023 422) at [$n]|24 023 422|Coventry City Council|$n|$text" \
		"show --para $n --format json: citation, reference, organisation, paragraph, text"
done
like "$(sql :memory: "SELECT json_extract(value, '\$.text') FROM json_each(readfile('$TMP/show.json'), '\$.paragraphs')
	WHERE json_extract(value, '\$.n') = 2")" "
• " "paragraph 2 has sub-items, so the indenting was checked"

nameless=$(printf '%s\n' "$list" | awk -F "$tab" 'NR > 1 && $3 == "" { print $1; exit }')
run --db "$db" show "$nameless" --para 1
is "$(printf '%s\n' "$out" | head -1)" "$nameless at [1]" "no organisation: the reference alone"

for bad in 0 $((npara + 1)) 100000; do
	run --db "$db" show 24 023 422 --para "$bad"
	is "$status" 1 "show --para $bad: exit 1"
	is "$err" "ombuds: 24 023 422 has no paragraph $bad: its $npara paragraphs are numbered 1 to $npara" \
		"naming the reference and its paragraphs"
	is "$out" "" "and printing nothing"
done
for bad in -1 x 2x 99999999999999999999; do
	run --db "$db" show 24 023 422 --para "$bad"
	is "$status" 2 "show --para $bad: a usage error"
	like "$err" "--para: '$bad' is not a paragraph number" "saying so"
done
run --db "$db" show 99 999 999 --para 1
is "$status" 1 "show --para of a reference not stored fails"

done_testing
