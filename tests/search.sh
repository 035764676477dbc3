#!/bin/sh
# Search tests: the real program on the five samples, with the exact set of
# references each kind of query must find, the best paragraph, snippets, hit
# ranges in the stored text, paging, and every malformed query of
# tests/queries-bad.txt.
. "$TESTS_SRCDIR/lib.sh"

db=$TMP/s.db
run --db "$db" import --quiet "$DATA_DIR"
is "$status" 0 "import the samples"

# refs ARGS…: the references found, in order, comma-separated.
refs() {
	"$OMBUDS" --db "$db" search --limit 0 "$@" 2>"$TMP/.err" | tail -n +2 | cut -f1 | paste -sd, -
}
# sorted ARGS…: the same, sorted (for sets).
sorted() {
	"$OMBUDS" --db "$db" search --limit 0 "$@" 2>"$TMP/.err" | tail -n +2 | cut -f1 | sort | paste -sd, -
}

C1='24 007 712' # Coventry, child protection, 2024-10-08, Closed
C2='24 008 642' # Coventry, 2025-02-17, Upheld
C3='24 023 422' # Coventry, 2025-10-28, Closed
E='24 019 538'  # Essex, no date, no outcome
L='24 011 458'  # Leicester, 2025-04-06, Upheld
ALL="$C1,$C2,$L,$E,$C3"

# ---- header, formats, exit status ----------------------------------------
run --db "$db" search delay
is "$status" 0 "search exits 0"
is "$(printf '%s\n' "$out" | head -n 1)" "reference	organisation	decision_date	outcome	paragraph	snippet" \
	"TSV header"
run --db "$db" search zebra
is "$status" 0 "no result is still exit 0"
is "$out" "reference	organisation	decision_date	outcome	paragraph	snippet" "and only the header"
run --db "$db" search --help
is "$status" 0 "search --help"
like "$out" "[hit]" "--help documents the hit marker"
run --db "$TMP/none.db" search delay
is "$status" 1 "no store: exit 1"
like "$err" "import statements first" "and says so"

# ---- words, phrases, prefixes, booleans ------------------------------------
is "$(sorted delay)" "$C1,$C3" "a word"
is "$(sorted delay apologised)" "$C3" "words in different paragraphs ([7] and [9]) match"
is "$(sorted '"social care assessment"')" "$L,$C3" "a phrase"
is "$(sorted '"assessment when"')" "" "a phrase never straddles two paragraphs"
is "$(sorted assessment when)" "$E,$C3" "though its words are there"
is "$(sorted 'NEAR(assessment when, 3)')" "" "nor does NEAR"
is "$(sorted 'NEAR(child protection, 0)')" "$C1" "NEAR within a paragraph"
is "$(sorted 'interpret*')" "$C2" "prefix"
is "$(sorted 'apolog*')" "$E,$C3" "prefix of several words"
is "$(sorted delay OR interpreters)" "$C1,$C2,$C3" "OR"
is "$(sorted delay -apologised)" "$C1" "-word drops decisions that say it"
is "$(sorted delay NOT apologised)" "$C1" "NOT word"
is "$(sorted '(delay OR interpreters) -safeguarding')" "$C2,$C3" "parentheses"
is "$(sorted 'stage AND two')" "$C2,$L,$E,$C3" "explicit AND"

# ---- folding ------------------------------------------------------------------
is "$(sorted "Council's")" "$C1,$C2,$L,$E,$C3" "Council's finds Council’s"
is "$(sorted "council’s")" "$C1,$C2,$L,$E,$C3" "and council’s finds them too"
is "$(sorted 'SAFEGUARDING')" "$C1" "case is ignored"
run --db "$db" search "Council's" --limit 1
like "$out" "[Council’s]" "the snippet marks the stored spelling"

# ---- filters ------------------------------------------------------------------
is "$(sorted org:coventry)" "$C1,$C2,$C3" "org: alone"
is "$(sorted org:ESSEX)" "$E" "org: ignores case"
is "$(sorted 'category:"child protection"')" "$C1" "category:"
is "$(sorted outcome:upheld)" "$C2,$L" "outcome:upheld"
is "$(sorted 'outcome:"not upheld"')" "" "outcome:upheld never matches Not upheld, nor the reverse"
is "$(sorted 'outcome:"Closed after initial enquiries"')" "$C1,$C3" "outcome: whole"
is "$(sorted outcome:closed)" "$C1,$C3" "outcome: a prefix of one outcome is that outcome"
is "$(sorted after:2025-01-01)" "$C2,$L,$C3" "after: (inclusive)"
is "$(sorted after:2025-10-28)" "$C3" "after: the same day"
is "$(sorted before:2024-12-31)" "$C1" "before:"
is "$(sorted year:2025)" "$C2,$L,$C3" "year:"
is "$(sorted year:2025 before:2025-03-01)" "$C2" "year: and before:"
is "$(sorted ref:24023422)" "$C3" "ref: without spaces"
is "$(sorted ref:24-007-712)" "$C1" "ref: with dashes"
is "$(sorted 'ref:"24 019 538"')" "$E" "ref: quoted"
is "$(refs year:2025)" "$C3,$L,$C2" "filters alone: newest first"
is "$(sorted org:coventry delay)" "$C1,$C3" "filters with words"
is "$(sorted org:coventry outcome:upheld complaint)" "$C2" "two filters with a word"
is "$(sorted year:2024 delay)" "$C1" "year: with a word"
is "$(sorted in:findings delay)" "$C1,$C3" "in:findings"
is "$(sorted in:summary delay)" "" "in:summary: the summaries do not say delay"
is "$(sorted in:summary '"social care"')" "$L,$C3" "in:summary with a phrase"
is "$(sorted in:complaint sister)" "$C2" "in:complaint"
is "$(sorted in:action apology)" "$E" "in:action"
is "$(sorted in:findings in:action apology)" "$E" "two in: are either section"
is "$(sorted in:powers delay)" "" "in:powers"

# ---- order, best paragraph, snippets, hits ------------------------------------
# Every organisation's name says Council too: it is searched as the
# decision's topic, at the headings' weight.
is "$(refs "\"council\"")" "$E,$C2,$C1,$C3,$L" "ranked by bm25"
is "$(refs --sort date council)" "$C3,$L,$C2,$C1,$E" "--sort date: newest first, no date last"
run --db "$db" search "\"delay\"" apologised
is "$(printf '%s\n' "$out" | sed -n 2p | cut -f5)" 7 "best paragraph: the one with the most hits"
is "$(printf '%s\n' "$out" | sed -n 2p | cut -f6)" \
	"…her a copy. In its adjudication, the Council [apologised], offered a payment of £200 and agreed to Mrs M’s request that the Council should complete a new assessment." \
	"snippet with the hit marked"
run --db "$db" search interpreters
is "$(printf '%s\n' "$out" | sed -n 2p | cut -f1-5)" \
	"$C2	Coventry City Council	2025-02-17	Upheld	7" "metadata and paragraph"
run --db "$db" search '"social care assessment"' --limit 1
is "$(printf '%s\n' "$out" | sed -n 2p | cut -f5)" 0 "a hit in the summary is paragraph 0"
like "$out" "[social care assessment]" "a phrase is marked as one"

run --db "$db" search "\"agreed\"" "\"apologised\"" --format json
is "$status" 0 "JSON exits 0"
printf '%s\n' "$out" >"$TMP/s.json"
is "$(sql :memory: "SELECT json_valid(readfile('$TMP/s.json'))")" 1 "JSON is valid"
is "$(sql :memory: "SELECT json_extract(readfile('$TMP/s.json'), '\$.total') || '|' || json_array_length(readfile('$TMP/s.json'), '\$.results')")" \
	"1|1" "total and results"
is "$(sql :memory: "SELECT group_concat(key, ',') FROM json_each(readfile('$TMP/s.json'), '\$.results[0]')")" \
	"reference,organisation,decision_date,outcome,paragraph,section,snippet,hits" "result keys"
is "$(sql :memory: "SELECT json_extract(readfile('$TMP/s.json'), '\$.results[0].hits')")" \
	"[[302,312],[345,351]]" "hit ranges"
"$OMBUDS" --db "$db" show "$C3" --format json >"$TMP/show.json"
# Byte ranges of the stored text (substr of a blob counts bytes): the
# second hit comes after £ and ’, which are more than one byte each.
is "$(sql :memory: "
	WITH p AS (SELECT CAST(json_extract(readfile('$TMP/show.json'), '\$.paragraphs[6].text') AS BLOB) AS t)
	SELECT CAST(substr(t, 303, 10) AS TEXT) || '|' || CAST(substr(t, 346, 6) AS TEXT) FROM p")" \
	"apologised|agreed" "hit ranges are exact bytes of the stored text"
run --db "$db" search "council's" --format json --limit 1
printf '%s\n' "$out" >"$TMP/c.json"
is "$(sql :memory: "SELECT json_extract(readfile('$TMP/c.json'), '\$.results[0].reference') || '@' || json_extract(readfile('$TMP/c.json'), '\$.results[0].paragraph')")" \
	"$C2@1" "Council's: best paragraph [1], which says Council’s twice"
run --db "$db" search zebra --format json
printf '%s\n' "$out" >"$TMP/z.json"
is "$(sql :memory: "SELECT json_extract(readfile('$TMP/z.json'), '\$.total') || '|' || json_array_length(readfile('$TMP/z.json'), '\$.results')")" \
	"0|0" "no result in JSON"

# ---- paging ----------------------------------------------------------------------
for q in council the org:coventry '"social care"'; do
	for sort in rank date; do
		full=$(refs --sort "$sort" "$q")
		pages=$(for off in 0 2 4 6; do
			"$OMBUDS" --db "$db" search --sort "$sort" --limit 2 --offset "$off" "$q" | tail -n +2 | cut -f1
		done | paste -sd, -)
		is "$pages" "$full" "pages of 2 concatenated equal the full list: $q, --sort $sort"
	done
done
is "$(refs --limit 2 "\"council\"")" "$E,$C2" "--limit"
is "$(refs --offset 4 "\"council\"")" "$L" "--offset"
is "$(refs the | tr ',' '\n' | sort | paste -sd, -)" "$ALL" "every sample says the"

# ---- options --------------------------------------------------------------------
run --db "$db" search delay --format xml
is "$status" 2 "a bad --format"
run --db "$db" search delay --sort sideways
is "$status" 2 "a bad --sort"
run --db "$db" search delay --limit -1
is "$status" 2 "a bad --limit"
is "$(sorted -- delay -apologised)" "$C1" "-- then a query"

# ---- malformed queries -------------------------------------------------------------
n=0
while IFS= read -r q; do
	n=$((n + 1))
	status=0
	"$OMBUDS" --db "$db" search "$q" >"$TMP/.out" 2>"$TMP/.err" || status=$?
	lines=$(wc -l <"$TMP/.err")
	first=$(head -c 8 "$TMP/.err")
	if [ "$status" -eq 2 ] && [ "$lines" -eq 1 ] && [ "$first" = "ombuds: " ] &&
		! grep -qi 'sqlite\|fts5' "$TMP/.err" && [ ! -s "$TMP/.out" ]; then
		ok 0 "bad query $n [$q]: $(cat "$TMP/.err")"
	else
		ok 1 "bad query $n [$q]: exit $status, $lines lines: $(cat "$TMP/.err")"
	fi
done <"$TESTS_SRCDIR/queries-bad.txt"
ok "$([ "$n" -ge 50 ]; echo $?)" "at least 50 malformed queries ($n)"

done_testing
