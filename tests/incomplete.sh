#!/bin/sh
# Statements the importer judged cut off (issue 19): the judgement is kept
# in the store and shown wherever the decision is read: show's line, the
# "complete": false of the JSON, the ~ beside the row in the browser's
# lists and the line in the reader's title block.  A complete statement
# has no line and no key.  The browser in tmux at 160x40; every wait
# polls with a deadline.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/tmux.sh"

db=$TMP/s.db
cut="23 900 003"
"$OMBUDS" --db "$db" import --quiet "$DATA_DIR" "$TESTS_SRCDIR/data/cut-off.txt" 2> /dev/null
ok $? "the samples and a cut-off statement import"

# ---- show, show --format json, search and list --format json ---------------
run --db "$db" show "$cut"
is "$status" 0 "show of the cut-off statement succeeds"
like "$out" "Category:  Children's care services > Other
Complete:  no, the statement seems cut off" "show has a Complete: no line after the category"
run --db "$db" show 24 008 642
unlike "$out" "Complete:" "a complete statement has no such line"
run --db "$db" show --format json "$cut"
like "$out" '"decision_date": "2025-02-17",
  "complete": false,' "show --format json says \"complete\": false"
run --db "$db" show --format json 24 008 642
unlike "$out" '"complete"' "and has no key for a complete one"
run --db "$db" search --format json '"stage two"'
is "$(printf '%s\n' "$out" | grep -c '"complete": false')" 1 \
	"search --format json marks the one cut-off result"
like "$out" '"reference": "23 900 003",
      "organisation": "Coventry City Council",
      "decision_date": "2025-02-17",
      "outcome": "Upheld",
      "complete": false,' "on the cut-off statement's result"
run --db "$db" list --format json
is "$(printf '%s\n' "$out" | grep -c '"complete": false')" 1 \
	"list --format json marks it too"

# ---- the judgement is stored and kept --------------------------------------
is "$(sql "$db" "SELECT ref, complete FROM decision WHERE ref IN ('$cut', '24 008 642') ORDER BY ref")" \
	"23 900 003|0
24 008 642|1" "the store keeps the judgement"
run --db "$db" import "$TESTS_SRCDIR/data/cut-off.txt"
like "$err" "unchanged" "importing it again changes nothing"
# A store from before the judgement (NULL) is read as complete, and the
# next import of the statement writes the judgement.
sql "$db" "UPDATE decision SET complete = NULL"
run --db "$db" show "$cut"
unlike "$out" "Complete:" "an unjudged statement reads as complete"
run --db "$db" import "$TESTS_SRCDIR/data/cut-off.txt"
like "$err" "1 replaced" "importing it again writes the judgement"
run --db "$db" show "$cut"
like "$out" "Complete:  no" "which show then prints"

# ---- the browser -------------------------------------------------------------
start 160 40 --db "$db"
wait_text "All organisations" "the browser starts"
keys Tab
wait_text "Decisions: all (6)" "the list of every decision"
# The cut-off row's second line starts " ~", the others' "  ".
poll has_text " ~Coventry City Council: Mrs Y was unhappy"
ok $? "a ~ beside the cut-off statement's row"
is "$(screen | grep -c '│ ~')" 1 "and beside no other row"
keys j j j
wait_text "23 900 003 · 2025-02-17 · Upheld" "the reader shows the cut-off statement"
wait_text "Cut off: the statement seems to stop before its end" \
	"the reader's title block says it is cut off"
keys k
wait_text "24 008 642 · 2025-02-17 · Upheld" "a complete one is read"
poll sh -c "! $TM capture-pane -p | grep -qF 'Cut off:'"
ok $? "without the line"
keys '/' '"stage two"' Enter
wait_text 'Search: "stage two" (5)' "a search"
poll has_text " ~…to respond to Mrs Y’s complaint at stage two"
ok $? "marks the cut-off result with a ~ too"
keys v
wait_text "~ Coventry City Council · 23 900 003" "and so do the summaries"
keys '?'
wait_text "ombuds — keys" "the help screen"
press_until j "Cut off: a ~ beside a row" "? explains the ~"
keys q
keys Q
stop

done_testing
