#!/bin/sh
# CLI tests: every command, every format, every exit status, on the samples.
. "$TESTS_SRCDIR/lib.sh"

db=$TMP/s.db

# ---- help, version, usage errors ---------------------------------------
run --help
is "$status" 0 "--help exits 0"
like "$out" "Usage: ombuds [--db PATH] [COMMAND [ARG]...]" "--help shows usage"
for cmd in import list show orgs; do
	like "$out" "  $cmd " "--help names the $cmd command"
done
run --version
is "$out" "ombuds 0.1.0" "--version"
is "$status" 0 "--version exits 0"
run frobnicate
is "$status" 2 "an unknown command is a usage error"
like "$err" "ombuds: 'frobnicate' is not a command" "and says so"
run --colour
is "$status" 2 "an unknown option is a usage error"
like "$err" "'--colour'" "naming the option"
run list --sort sideways
is "$status" 2 "a bad --sort is a usage error"
like "$err" "--sort: 'sideways' is not one of date, ref, org" "and says which values are allowed"
run list --format xml
is "$status" 2 "a bad --format is a usage error"
run list --since 2025-13-45
is "$status" 2 "an impossible date is a usage error"
like "$err" "'2025-13-45' is not a date" "naming the date"
run list --limit -3
is "$status" 2 "a negative limit is a usage error"
run import
is "$status" 2 "import with nothing to import is a usage error"
run show
is "$status" 2 "show without a reference is a usage error"
run show banana
is "$status" 2 "show with a malformed reference is a usage error"
like "$err" "'banana' is not a reference" "and says so"
for c in import list show orgs; do
	run "$c" --help
	is "$status" 0 "$c --help exits 0"
	like "$out" "Usage: ombuds [--db PATH] $c" "$c --help shows its usage"
done

# ---- no store yet ---------------------------------------------------------
run --db "$db" list
is "$status" 1 "list with no store fails"
like "$err" "import statements first" "and says to import first"
ok "$([ ! -e "$db" ]; echo $?)" "reading creates no store"

# ---- import the samples -----------------------------------------------------
run --db "$db" import "$DATA_DIR"
is "$status" 0 "import the samples folder"
is "$err" "5 imported, 0 replaced, 0 failed" "summary line"

run --db "$db" list
is "$status" 0 "list exits 0"
is "$out" "reference	decision_date	organisation	category	outcome
24 023 422	2025-10-28	Coventry City Council	Children's care services > Other	Closed after initial enquiries
24 011 458	2025-04-06	Leicester City Council	Children's care services > Other	Upheld
24 008 642	2025-02-17	Coventry City Council	Children's care services > Other	Upheld
24 007 712	2024-10-08	Coventry City Council	Children's care services > Child protection	Closed after initial enquiries
24 019 538		Essex County Council		" "list TSV: header, newest first, missing fields empty"
tsv_before=$out

run --db "$db" list --sort ref
is "$(printf '%s\n' "$out" | cut -f1 | tr '\n' ,)" "reference,24 007 712,24 008 642,24 011 458,24 019 538,24 023 422," "--sort ref"
run --db "$db" list --sort org
is "$(printf '%s\n' "$out" | cut -f1 | tr '\n' ,)" "reference,24 023 422,24 008 642,24 007 712,24 019 538,24 011 458," "--sort org: by name, then newest first"
run --db "$db" list --limit 2
is "$(printf '%s\n' "$out" | wc -l)" 3 "--limit 2 gives a header and two rows"
run --db "$db" list --org COVENTRY
is "$(printf '%s\n' "$out" | sed 1d | wc -l)" 3 "--org matches any case"
run --db "$db" list --outcome upheld
is "$(printf '%s\n' "$out" | sed 1d | cut -f1 | tr '\n' ,)" "24 011 458,24 008 642," "--outcome upheld leaves out other outcomes"
run --db "$db" list --category "child protection"
is "$(printf '%s\n' "$out" | sed 1d | cut -f1)" "24 007 712" "--category matches the subarea"
run --db "$db" list --since 2025-01-01 --until 2025-04-06
is "$(printf '%s\n' "$out" | sed 1d | cut -f1 | tr '\n' ,)" "24 011 458,24 008 642," "--since and --until are inclusive"
run --db "$db" list --org nowhere
is "$out" "reference	decision_date	organisation	category	outcome" "no match: the header alone"
is "$status" 0 "no match is not an error"

run --db "$db" list --format csv
is "$(printf '%s\n' "$out" | sed -n '1p;6p')" "reference,decision_date,organisation,category,outcome
24 019 538,,Essex County Council,," "list CSV header and an empty-field row"

run --db "$db" list --format json
cat > "$TMP/list.json" <<JSON
$out
JSON
is "$(sql :memory: "SELECT json_valid(readfile('$TMP/list.json'))")" 1 "list JSON is valid JSON"
is "$(sql :memory: "SELECT json_array_length(readfile('$TMP/list.json'))")" 5 "list JSON has five objects"
is "$(sql :memory: "SELECT json_extract(readfile('$TMP/list.json'), '\$[0].reference') || '|' || json_extract(readfile('$TMP/list.json'), '\$[0].category') || '|' || json_type(readfile('$TMP/list.json'), '\$[4].decision_date')")" \
	"24 023 422|Children's care services > Other|null" "list JSON fields; a missing date is null"

# Fields holding commas and quotes are quoted in CSV and escaped in JSON.
sed '1s/.*/Smith, Jones \& "Partners" Care Ltd (25 000 001)/' "$DATA_DIR/003_e8c7b7bcc53897eb.txt" > "$TMP/comma.txt"
"$OMBUDS" --db "$TMP/comma.db" import --quiet "$TMP/comma.txt"
run --db "$TMP/comma.db" list --format csv
is "$(printf '%s\n' "$out" | sed -n 2p)" '25 000 001,2025-04-06,"Smith, Jones & ""Partners"" Care Ltd",Children'"'"'s care services > Other,Upheld' \
	"CSV quotes a field with a comma and doubles its quotes"
run --db "$TMP/comma.db" list --format json
cat > "$TMP/comma.json" <<JSON
$out
JSON
is "$(sql :memory: "SELECT json_extract(readfile('$TMP/comma.json'), '\$[0].organisation')")" 'Smith, Jones & "Partners" Care Ltd' "JSON escapes the quotes"
run --db "$TMP/comma.db" list
is "$(printf '%s\n' "$out" | sed -n 2p | cut -f3)" 'Smith, Jones & "Partners" Care Ltd' "TSV leaves them as they are"

# ---- show ------------------------------------------------------------------------
run --db "$db" show 24023422
is "$status" 0 "show exits 0"
like "$out" "Coventry City Council (24 023 422)" "show text: title"
like "$out" "Outcome:   Closed after initial enquiries" "show text: outcome"
like "$out" "[1] Mrs M complains about her dealings with the Council" "show text: the first paragraph numbered [1]"
like "$out" "The Ombudsman’s role and powers" "show text: a heading"
text_plain=$out
for spelling in "24 023 422" 24-023-422 24/023/422; do
	run --db "$db" show "$spelling"
	is "$out" "$text_plain" "show accepts the reference spelled $spelling"
done
run --db "$db" show 24 023 422
is "$out" "$text_plain" "show accepts an unquoted reference"
run --db "$db" show --format json 24 023 422
json_a=$out
run --db "$db" show 24 023 422 --format json
is "$out" "$json_a" "options may follow the reference"
cat > "$TMP/show.json" <<JSON
$json_a
JSON
j=$TMP/show.json
is "$(sql :memory: "SELECT json_valid(readfile('$j'))")" 1 "show JSON is valid JSON"
is "$(sql :memory: "SELECT group_concat(key, ',') FROM json_each(readfile('$j'))")" \
	"reference,organisation,category,outcome,decision_date,summary,paragraphs" "show JSON keys in order"
is "$(sql :memory: "SELECT json_extract(readfile('$j'), '\$.paragraphs[0].n') || json_extract(readfile('$j'), '\$.paragraphs[0].section')")" \
	"1complaint" "the first paragraph is n 1 in section complaint"
is "$(sql :memory: "SELECT group_concat(key, ',') FROM json_each(readfile('$j'), '\$.paragraphs[1]')")" \
	"n,section,heading,text" "paragraph keys"
run --db "$db" show 99 999 999
is "$status" 1 "show of a reference not stored fails"
is "$err" "ombuds: no decision 99 999 999 in the store" "and says so"

# ---- orgs ----------------------------------------------------------------------------
run --db "$db" orgs
is "$out" "organisation	decisions	upheld	not_upheld	closed	other	upheld_rate
Coventry City Council	3	1	0	2	0	100.0
Essex County Council	1	0	0	0	1	
Leicester City Council	1	1	0	0	0	100.0" "orgs TSV: counts by outcome, upheld rate (none decided: empty)"
run --db "$db" orgs --format json
cat > "$TMP/orgs.json" <<JSON
$out
JSON
is "$(sql :memory: "SELECT json_extract(readfile('$TMP/orgs.json'), '\$[0].organisation') || '=' || json_extract(readfile('$TMP/orgs.json'), '\$[0].decisions')")" \
	"Coventry City Council=3" "orgs JSON"
run --db "$db" orgs --format csv
is "$status" 0 "orgs --format csv"
is "$(printf '%s\n' "$out" | sed -n 2p)" "Coventry City Council,3,1,0,2,0,100.0" "orgs CSV: a row"

# ---- importing again changes nothing ------------------------------------------------------
run --db "$db" show 24 008 642 --format json
show_before=$out
run --db "$db" import "$DATA_DIR"
is "$status" 0 "importing the same folder again succeeds"
is "$err" "0 imported, 0 replaced, 0 failed, 5 unchanged" "and writes nothing"
run --db "$db" list
is "$out" "$tsv_before" "list is identical after importing twice"
run --db "$db" show 24 008 642 --format json
is "$out" "$show_before" "show is identical after importing twice"
is "$(sql "$db" "SELECT count(*) FROM decision_fts_docsize")" 5 "one index row per decision, none orphaned"

# A changed statement with the same reference replaces the old one.
sed 's/Decision : Upheld/Decision : Not upheld/' "$DATA_DIR/001_6bddae3439fd4dd8.txt" > "$TMP/changed.txt"
run --db "$db" import "$TMP/changed.txt"
is "$err" "0 imported, 1 replaced, 0 failed" "a changed statement replaces its decision"
run --db "$db" list --outcome "not upheld"
is "$(printf '%s\n' "$out" | sed 1d | cut -f1)" "24 008 642" "the replacement is what is listed"
is "$(sql "$db" "SELECT count(*) FROM decision")" 5 "still five decisions"
is "$(sql "$db" "SELECT count(*) FROM decision_fts_docsize")" 5 "and five index rows"
is "$(sql "$db" "SELECT count(*) FROM org")" 3 "and no organisation left without decisions"
is "$(sql "$db" "INSERT INTO decision_fts(decision_fts) VALUES ('integrity-check'); SELECT 'ok'")" ok "the index is in step after a replace"

# A folder with no statement in it is input that could not be imported.
mkdir -p "$TMP/empty/sub"
printf 'x\n' > "$TMP/empty/sub/notes.pdf"
run --db "$TMP/empty.db" import "$TMP/empty"
is "$status" 1 "importing a folder with no statement fails"
like "$err" "ombuds: $TMP/empty: no statement files (*.txt, *.html, *.htm) found" "and says so"
like "$err" "0 imported, 0 replaced, 1 failed" "counting the folder as failed"
run --db "$TMP/empty.db" import --quiet "$TMP/empty" "$DATA_DIR"
is "$status" 1 "beside a folder that imports"
is "$(printf '%s\n' "$err" | grep -c 'no statement files')" 1 "only the empty folder is named"

# ---- standard input, --quiet, --samples ----------------------------------------------------
db2=$TMP/stdin.db
run_in "$DATA_DIR/003_e8c7b7bcc53897eb.txt" --db "$db2" import -
is "$status" 0 "import - reads standard input"
is "$err" "1 imported, 0 replaced, 0 failed" "one statement from standard input"
run --db "$db2" import --quiet --samples
is "$status" 0 "import --samples"
is "$err" "" "--quiet prints nothing when all is well"
is "$(sql "$db2" "SELECT count(*) FROM decision")" 5 "--samples imports the five samples"

# ---- progress on a terminal ---------------------------------------------------------------------------
# script(1) gives the import a terminal for its standard error.
if command -v script > /dev/null; then
	script -qec "'$OMBUDS' --db '$TMP/tty.db' import '$DATA_DIR'" /dev/null > "$TMP/tty.out" 2>&1
	tty_out=$(tr '\r' '\n' < "$TMP/tty.out")
	like "$tty_out" "importing: 5/5 files" "on a terminal, a progress line counts the files"
	like "$tty_out" "5 imported, 0 replaced, 0 failed" "and the summary follows it"
	script -qec "'$OMBUDS' --db '$TMP/tty2.db' import --quiet '$DATA_DIR'" /dev/null > "$TMP/tty.out" 2>&1
	is "$(cat "$TMP/tty.out")" "" "--quiet silences progress and summary on a terminal"
	run --db "$TMP/tty3.db" import "$DATA_DIR"
	unlike "$err" "importing:" "no progress line when standard error is not a terminal"
else
	ok 1 "script(1) from bsdutils is needed to test the progress line"
fi

# ---- the search index compacted after a bulk import ------------------------------------------
# FTS5's structure record (decision_fts_data, id 10): a 4-byte cookie, the
# 4-byte marker ff000001 in newer SQLite, then the number of levels and of
# segments as varints (one byte each here).
segments() {
	hex=$(sql "$1" "SELECT hex(block) FROM decision_fts_data WHERE id = 10")
	hex=${hex#????????}
	case $hex in FF000001*) hex=${hex#FF000001} ;; esac
	hex=${hex#??}
	echo $((0x$(printf '%s' "$hex" | cut -c1-2)))
}
"$GEN" 3000 "$TMP/bulk" "$DATA_DIR" 11 > /dev/null
run --db "$TMP/bulk.db" import --quiet "$TMP/bulk"
is "$status" 0 "a bulk import of 3,000 statements (three batches)"
is "$(segments "$TMP/bulk.db")" 1 "leaves the search index in one segment"
is "$(sql "$TMP/bulk.db" "SELECT v FROM decision_fts_config WHERE k = 'automerge'")" 4 \
	"and FTS5 merging as usual for later imports"
is "$(sql "$TMP/bulk.db" "INSERT INTO decision_fts(decision_fts) VALUES ('integrity-check'); SELECT 'ok'")" ok \
	"and the index whole"
mkdir -p "$TMP/few"
for f in "$DATA_DIR"/*.txt; do
	sed '1s/(\([0-9]\)\([0-9] [0-9]\{3\} [0-9]\{3\}\))/(9\2)/' "$f" > "$TMP/few/${f##*/}"
done
run --db "$TMP/bulk.db" import --quiet "$TMP/few"
is "$status" 0 "five more statements into the 3,000"
is "$(sql "$TMP/bulk.db" "SELECT count(*) FROM decision")" 3005 "are stored"
is "$(segments "$TMP/bulk.db")" 2 "and, a small import, are not worth compacting the index"
run --db "$TMP/bulk.db" search "ref:94023422 council" --limit 0
is "$(printf '%s\n' "$out" | cut -f1 | tail -n +2)" "94 023 422" \
	"and found by a search, beside the compacted index"
if command -v script > /dev/null; then
	rm -f "$TMP/bulk2.db"
	script -qec "'$OMBUDS' --db '$TMP/bulk2.db' import '$TMP/bulk'" /dev/null > "$TMP/tty.out" 2>&1
	like "$(tr '\r' '\n' < "$TMP/tty.out")" "importing: 3000/3000 files, compacting the search index" \
		"on a terminal, the progress line says when it compacts the index"
fi

# ---- for scripts: CSV, options after the command, terminals --------------------------------------
run search council --db "$db" --limit 2 --format csv
is "$status" 0 "--db after the command, with search's own options"
is "$(printf '%s\n' "$out" | sed -n 1p)" "reference,organisation,decision_date,outcome,paragraph,snippet" \
	"search --format csv: the header"
is "$(printf '%s\n' "$out" | wc -l)" 3 "and a row a result"
run search delay --db="$db"
is "$status" 0 "--db=PATH after the command"
run --db "$db" list --since 2025 --until 2025-02
is "$(printf '%s\n' "$out" | sed 1d | cut -f1 | tr '\n' ,)" "24 008 642," "--since YYYY and --until YYYY-MM: the year's first day to the month's last"
run --db "$db" search 'council after:2025-04 before:2025'
is "$(printf '%s\n' "$out" | sed 1d | cut -f1 | sort | tr '\n' ,)" "24 011 458,24 023 422," "after:YYYY-MM and before:YYYY"
run --db "$db" list --outcome closed
is "$(printf '%s\n' "$out" | sed 1d | cut -f1 | tr '\n' ,)" "24 023 422,24 007 712," "--outcome closed: the one outcome it begins"
run --db "$db" search council outcome:nonsuch
is "$status" 2 "an outcome: that is none in the store is a usage error"
like "$err" "'nonsuch' is not an outcome in the store (Closed after initial enquiries, Not upheld, Upheld)" \
	"listing the store's outcomes"
cp "$db" "$TMP/noorg.db"
"$OMBUDS" --db "$TMP/noorg.db" import --quiet "$TESTS_SRCDIR/data/old-report.txt"
for by in count rate; do
	run --db "$TMP/noorg.db" orgs --sort $by
	is "$(printf '%s\n' "$out" | tail -n 1 | cut -f1)" "" "orgs --sort $by: no organisation on the last line"
done
if command -v script > /dev/null; then
	script -qec "'$OMBUDS' --db '$db' search council --limit 2" /dev/null > "$TMP/tty.out" 2>&1
	like "$(tr -d '\r' < "$TMP/tty.out")" "2 of 5 shown; --limit 0 for all" \
		"on a terminal, search says how many results --limit left out"
	script -qec "'$OMBUDS' --db '$db' orgs" /dev/null > "$TMP/tty.out" 2>&1
	like "$(tr -d '\r' < "$TMP/tty.out")" "Coventry City Council           3       " \
		"on a terminal, orgs aligns its columns, numbers to the right"
	unlike "$(cat "$TMP/tty.out")" "	" "with no tab"
	for cmd in list "search council" orgs; do
		script -qec "stty cols 60; '$OMBUDS' --db '$db' $cmd" /dev/null > "$TMP/tty.out" 2>&1
		w=$(tr -d '\r' < "$TMP/tty.out" | wc -L)
		ok "$([ "$w" -gt 0 ] && [ "$w" -le 60 ]; echo $?)" \
			"on a 60-column terminal, no line of $cmd is wider than 60 ($w)"
	done
	script -qec "stty cols 60; '$OMBUDS' --db '$db' list" /dev/null > "$TMP/tty.out" 2>&1
	like "$(tr -d '\r' < "$TMP/tty.out")" "…" "a cell cut short ends in an ellipsis"
	like "$(tr -d '\r' < "$TMP/tty.out")" "24 023 422" "references are never cut"
	script -qec "stty cols 60; '$OMBUDS' --db '$db' list --format tsv" /dev/null > "$TMP/tty.out" 2>&1
	like "$(tr -d '\r' < "$TMP/tty.out")" "Closed after initial enquiries" "--format on a terminal cuts nothing"
fi
run --db "$db" search council --limit 2
unlike "$err" "shown" "not on a terminal, search says nothing of what it left out"

# ---- the browser's config, checked ----------------------------------------------------------------
mkdir -p "$TMP/cfg/ombuds"
printf 'bind x down\nbind ^Y frobnicate\ncolor hit brightred color255\nset org-pane maybe\nset reader-width 80\n' \
	> "$TMP/cfg/ombuds/config"
status=0
err=$(env XDG_CONFIG_HOME="$TMP/cfg" "$OMBUDS" --check-config 2>&1 > /dev/null) || status=$?
is "$status" 1 "--check-config: status 1 with problems"
like "$err" "ombuds: $TMP/cfg/ombuds/config:2: unknown action 'frobnicate'" "each bad line as ombuds: FILE:LINE: …"
like "$err" "ombuds: $TMP/cfg/ombuds/config:4: org-pane is on or off, not 'maybe'" "every one of them"
unlike "$err" "line 3" "bright colours and color255 are read"
printf 'bind <C-x> quit\nbind F12 help\nset org-pane-width 30\n' > "$TMP/cfg/ombuds/config"
status=0
env XDG_CONFIG_HOME="$TMP/cfg" "$OMBUDS" --check-config > /dev/null 2>&1 || status=$?
is "$status" 0 "--check-config: status 0 for a good file"

# ---- where the store lives ---------------------------------------------------------------------
run import --quiet --samples
is "$status" 0 "import into the default store"
ok "$([ -f "$HOME/.local/share/ombuds/ombuds.db" ]; echo $?)" "the default store is ~/.local/share/ombuds/ombuds.db"
env XDG_DATA_HOME="$TMP/xdg" "$OMBUDS" import --quiet --samples
ok "$([ -f "$TMP/xdg/ombuds/ombuds.db" ]; echo $?)" "XDG_DATA_HOME moves it"
env OMBUDS_DB="$TMP/env.db" "$OMBUDS" import --quiet --samples
ok "$([ -f "$TMP/env.db" ]; echo $?)" "OMBUDS_DB names it"
env OMBUDS_DB="$TMP/env.db" "$OMBUDS" --db "$TMP/opt.db" import --quiet --samples
ok "$([ -f "$TMP/opt.db" ]; echo $?)" "--db wins over OMBUDS_DB"

done_testing
