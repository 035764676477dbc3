#!/bin/sh
# Browser tests: the real program in tmux at 80x24 and 160x48, driven with
# send-keys and read with capture-pane.  Every wait polls the screen every
# 50 ms up to a deadline; screens are compared with the reviewed dumps in
# tests/screens/.  After a deliberate change to the screens, regenerate
# with OMBUDS_REGEN=1 and review every changed dump by eye.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/tmux.sh"

db=$TMP/s.db
"$OMBUDS" --db "$db" import --quiet "$DATA_DIR"
ok $? "the samples import"

# ---- 160x48: three panes ---------------------------------------------------
start 160 48 --db "$db"
wait_text "All organisations" "the browser starts"
expect_screen wide-first "first screen at 160x48: three panes"
keys j
expect_screen wide-org "moving in the organisations lists their decisions and reads the first"
keys Tab j j
expect_screen wide-list "moving in the decisions updates the reader at once"
keys Enter
expect_screen wide-open "Enter opens the decision at full width"
keys ']' ']' ']'
wait_text "How I considered this complaint" "] moves through the sections"
keys q
wait_text "Decisions: Coventry City Council (3)" "q goes back to the panes"
keys : '24 011 458 [6]' Enter
expect_screen wide-goto "':24 011 458 [6]' opens that decision at paragraph 6"
keys Escape
wait_text "Decisions: Leicester City Council (1)" \
	"a goto outside the organisation listed lists its own: list and reader in step"
keys : 'banana' Enter
wait_text "'banana' is not a reference" "a bad reference is explained"
keys : '99 999 999' Enter
wait_text "there is no decision 99 999 999" "an unknown reference is explained"
keys '?'
expect_screen wide-help "? shows the keys from the action table"
# Scrolled as far as it goes, the help still shows its last note.
keys NPage NPage NPage NPage NPage NPage
wait_text "reads one alone" "the help scrolled to its end still shows its last note"
keys q
wait_text "Organisations (3)" "q closes the help"

# ---- search --------------------------------------------------------------
# Under NO_COLOR a hit is bold and reverse (SGR 1 and 7), the current one
# underlined too (4).
keys / '"stage two"' Enter
wait_text 'Search: "stage two" (4)' "/ lists the results with the query and the count"
expect_screen wide-search "the results replace the decisions, snippets with their hits"
wait_attr '1;4;7' 'stage two' "the reader highlights the current hit (bold, underlined, reverse)"
wait_text "result 1/4 · 24 008 642 34% · hit 1/3" "the status counts results and hits"
wait_attr '1;7' 'stage two' "a snippet's hit stands out (bold, reverse)"
keys n
wait_text "hit 2/3" "n goes to the next hit"
keys n
wait_text "hit 3/3" "and the next, across paragraphs"
expect_screen wide-search-hit "n scrolls the reader to the hit, underlined"
keys n
wait_text "past the last hit of 24 008 642: the next result 24 019 538" \
	"n past the last hit opens the next result and says so"
wait_text "│24 019 538 Essex County Council" "the reader shows it"
keys n
wait_text "result 2/4 · 24 019 538" "the list's cursor moved with it"
wait_text "hit 2/3" "n counts on from its first hit"
keys N
wait_text "hit 1/3" "N goes back to its first hit"
keys N
wait_text "before the first hit of 24 019 538: the previous result 24 008 642" \
	"N before the first hit opens the previous result"
keys N
wait_text "result 1/4 · 24 008 642" "the list's cursor moved back"
wait_text "hit 2/3" "N goes back from its last hit to the previous one"
keys j j
wait_text "24 023 422 [7]" "moving in the results opens each at its best paragraph"
wait_text "hit 1/2" "with its own hits counted"
wait_attr '1;4;7' 'stage two' "and highlighted"
body > "$TMP/body"
keys / '"unclosed' Enter
wait_text "unbalanced quote: this phrase has no closing '\"' (at column 1)" \
	"a bad query gets its one-line message"
same_body
ok $? "and the screen stays as it was"
keys / Up Up
wait_text '/"stage two"' "Up walks the search history"
keys C-u 'apology' Enter
wait_text "Search: apology (1)" "a new search replaces the results"
wait_attr '1;4;7' 'apology' "its hit is highlighted"
keys q
wait_text "Decisions: Leicester City Council (1)" "q leaves the results for the list before (the goto's organisation)"
wait_text "Leicester City Council · decision 1/1" "at its cursor"

# ---- resizing keeps the selection and the reading position ---------------
keys : '24 011 458 [9]' Enter
wait_text "24 011 458 [9]" "the reader is open at [9] before resizing"
keys '}' '}'
wait_text "24 011 458 [11]" "} moves two paragraphs on"
$TM resize-window -x 20 -y 6
expect_screen tiny "at 20x6 the browser shows what fits"
$TM resize-window -x 80 -y 24
expect_screen resized-80 "at 80x24 the reader keeps its paragraph"
$TM resize-window -x 160 -y 48
expect_screen resized-160 "back at 160x48 the same paragraph shows"
for size in "30 8" "100 10" "99 30" "21 7" "200 60" "20 6"; do
	set -- $size
	$TM resize-window -x "$1" -y "$2"
done
$TM resize-window -x 160 -y 48
keys q
wait_text "Organisations (3)" "many resizes later the browser still runs"

# ---- quitting restores the terminal ----------------------------------------
lacks_text() { ! has_text "$1"; }
keys q q
wait_text "quit ombuds? y or q quits, another key stays" "q at the top level asks first, naming the keys that quit"
keys j
wait_text "Organisations (3)" "another key stays"
keys q y
poll exited
ok $? "y quits"
is "$(cat "$TMP/status" 2>/dev/null)" 0 "and exits 0"
cmp -s "$TMP/before" "$TMP/after"
st=$?
ok $st "stty -a is the same after quitting"
[ $st -eq 0 ] || diff "$TMP/before" "$TMP/after" | sed 's/^/# /'

stop

# ---- 80x24: one pane at a time ---------------------------------------------
start 80 24 --db "$db"
wait_text "All organisations" "the browser starts at 80x24"
expect_screen narrow-first "first screen at 80x24: the organisations pane alone"
keys Enter
expect_screen narrow-list "Enter shows the decisions"
keys j Enter
expect_screen narrow-open "Enter opens the decision"
keys C-d
expect_screen narrow-half "Ctrl-d moves half a page"
keys G
wait_text "100%" "G goes to the end"
keys g '{' '}' '}'
wait_text "[2]" "} moves through the paragraphs"
keys '\'
wait_text "search all:" "\ prompts that it searches every decision"
keys 'stage two' Enter
expect_screen narrow-search "\ from the reader at 80x24 shows the results alone"
keys j j Enter
expect_screen narrow-search-open "Enter opens the result at its best paragraph"
wait_text "hit 3/12" "at the first hit of that paragraph"
keys n
wait_text "hit 4/12" "n counts on"
wait_attr '1;4;7' 'stage' "and underlines the new current hit"
keys q
wait_text "Search: stage two (4)" "q goes back to the results"
keys n
wait_text "hit 5/12" "n from the results opens the reader at the next hit"
keys q q
wait_text "Decisions: all (5)" "q leaves the results"
keys '?'
wait_text "next-hit" "help lists the search keys"
keys q

# ---- SIGTERM restores the terminal -----------------------------------------
poll test -s "$TMP/pid"
kill -TERM "$(cat "$TMP/pid")"
poll exited
ok $? "SIGTERM ends the browser"
is "$(cat "$TMP/status" 2>/dev/null)" 143 "and it dies of the signal"
cmp -s "$TMP/before" "$TMP/after"
ok $? "stty -a is the same after SIGTERM"
stop

# ---- the config file ---------------------------------------------------
mkdir -p "$HOME/.config/ombuds"
cat > "$HOME/.config/ombuds/config" <<'EOF'
# a comment
bind x down
bind y frobnicate
color hit red default bold
color sparkle red default
EOF
start 80 24 --db "$db"
wait_text "~/.config/ombuds/config:3: unknown action 'frobnicate'" "an unknown action is reported as FILE:LINE: …"
wait_text "~/.config/ombuds/config:5: unknown element 'sparkle'" "and every other bad line with its own"
keys x
wait_text "Coventry City Council" "the rest of the config applies (x moves down)"
keys j
wait_text "~/.config/ombuds/config:5: unknown element 'sparkle'" "the problems stay until dismissed"
keys q
poll lacks_text "ombuds/config:"
ok $? "q dismisses them"
keys Q
poll exited
ok $? "Q quits at once"
stop

# The names neomutt and tig use, and the options of "set" lines.
cat > "$HOME/.config/ombuds/config" <<'EOF'
color hit brightred color16 bold
color title brightwhite default
bind ^X search
bind <C-y> org-pane
bind <F12> help
bind / none
set org-pane-width 30
set reader-width 60
EOF
start 160 48 --db "$db"
wait_text "All organisations" "a config of neomutt's names starts without a problem"
unlike "$(screen)" "ombuds/config:" "and reports none"
like "$(screen | tail -n 1)" "C-x search" "the status line's hints follow the rebound keys"
is "$(border_cols "$(screen | sed -n 2p)" | cut -d' ' -f1)" 30 "its border at column 30"
keys C-y
wait_text "the organisations pane is hidden" "a key bound as <C-y> hides the organisations pane"
lacks_orgs() { ! screen | sed -n 1p | grep -q "^Organisations"; }
poll lacks_orgs
ok $? "and the decisions take its place"
keys C-y
wait_text "the organisations pane is back" "and brings it back"
keys Tab Enter
wait_text "y cite" "the reader opens at full width"
wide=$(screen | sed '$d' | wc -L)
ok "$([ "$wide" -le 60 ]; echo $?)" "set reader-width 60: no line of the reader is wider ($wide)"
keys q F12
wait_text "ombuds — keys (q or Esc closes this help)" "a key bound as <F12> shows the help"
keys G
wait_text "reads one alone" "G goes to the end of the help"
like "$(screen | tail -n 1)" "Help · lines " "and the status line says where it is"
keys g
wait_text "Help · lines 1-" "g goes back to its start"
keys q C-x 'delay' Enter
wait_text "Search: delay" "C-x searches"
keys Q
poll exited
stop
rm -r "$HOME/.config"

# q answers the question as y does.
start 80 24 --db "$db"
wait_text "All organisations" "the browser starts again"
keys q
wait_text "quit ombuds? y or q quits" "q asks"
keys q
poll exited
ok $? "q at the question quits"
stop

# ---- the layout follows the width --------------------------------------
start 120 35 --db "$db"
wait_text "Organisations (3)" "at 120x35 the three panes show"
keys Tab
wait_text "Decisions: all (5)" "Tab focuses the decisions"
poll lacks_orgs
ok $? "below 140 columns the organisations fold away for the list and reader"
like "$(screen | sed -n 2p)" "2025-10-28 24 023 422 Closed · " "a list row gives the outcome's short label"
keys Enter
wait_text "24 023 422 · 2025-10-28 · Closed after initial enquiries" "the reader gives it whole"
keys q q
wait_text "Organisations (3)" "back on the organisations, the pane comes back"
keys Tab j j v
wait_text "Summaries: all (5)" "v shows the summaries"
like "$(screen | sed -n 2p)" "24 023 422" "with the first one on screen when all fit"
keys Q
poll exited
stop

# ---- colours -------------------------------------------------------------
NO_COLOR_ENV="NO_COLOR="
start 80 24 --db "$db"
wait_text "All organisations" "the browser starts with colours"
keys q q
poll exited
ok $? "and quits"
stop
NO_COLOR_ENV=

# ---- an empty store offers the samples -------------------------------------
start 80 24 --db empty.db
wait_text "Press i to import" "a missing store shows how to import"
expect_screen empty "the empty store's screen"
keys i
wait_text "sample decisions imported" "i imports the samples"
wait_text "Organisations (3)" "and the browser shows them"
keys q y
poll exited
ok $? "quits"
stop

# ---- stores that cannot be used --------------------------------------------
printf 'not a database, just text\n%.0s' $(seq 1 200) > "$TMP/junk.db"
run --db "$TMP/junk.db" < /dev/null
is "$status" 2 "without a terminal the browser says so"
start 80 24 --db "$TMP/junk.db"
poll exited
ok $? "a file that is not a store ends the browser"
wait_text "not an ombuds store" "saying why"
is "$(cat "$TMP/status" 2>/dev/null)" 1 "with status 1"
cmp -s "$TMP/before" "$TMP/after"
ok $? "and the terminal as it was"
stop

cp "$db" "$TMP/ro.db"
chmod a-w "$TMP/ro.db"
start 80 24 --db "$TMP/ro.db"
wait_text "All organisations" "a read-only store can be browsed"
keys q
stop

done_testing
