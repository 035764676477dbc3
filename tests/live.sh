#!/bin/sh
# Search as you type (issue 19): while the / query is typed in the list,
# the results follow each keystroke; a query that cannot be read yet keeps
# the last results and says why; Enter keeps them, Esc brings back the
# list and its cursor as they were.  The browser in tmux at 160x30; every
# wait polls with a deadline.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/tmux.sh"

db=$TMP/s.db
"$OMBUDS" --db "$db" import --quiet "$DATA_DIR"
ok $? "the samples import"

start 160 30 --db "$db"
wait_text "All organisations" "the browser starts"
keys Tab j
wait_text "decision 2/5 · 24 011 458" "the list's cursor on the second decision"
keys / stage
wait_text "Search: stage (4)" "the results follow the query as it is typed"
poll sh -c "$TM capture-pane -p | tail -1 | grep -q '^/stage'"
ok $? "while the prompt is still open"
keys ' "tw'
wait_text "no closing '\"': the results are for 'stage'" \
	"a query that cannot be read yet says why"
wait_text "Search: stage (4)" "and keeps the last results"
keys BSpace BSpace BSpace BSpace
keys Escape
wait_text "Decisions: all (5)" "Esc brings back the list"
wait_text "decision 2/5 · 24 011 458" "with its cursor where it was"

keys / payment Enter
wait_text "Search: payment (" "Enter keeps the results"
wait_text "result 1/" "and leaves the prompt"
keys / stage
wait_text "Search: stage (4)" "a second search follows the typing"
keys Escape
wait_text "Search: payment (" "Esc brings back the search shown before"
keys q
wait_text "Decisions: all (5)" "q leaves it for the list"
keys Q
stop

done_testing
