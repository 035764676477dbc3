#!/bin/sh
# Reading side by side, summaries, filters, sorting, statistics and
# citation in the browser (issue 5): the real program in tmux, every wait
# polling with a deadline, counts and orders checked against the command
# line's own output.
. "$TESTS_SRCDIR/lib.sh"
. "$TESTS_SRCDIR/tmux.sh"

db=$TMP/s.db
"$OMBUDS" --db "$db" import --quiet "$DATA_DIR"
ok $? "the samples import"

# The newest-first list, as the browser shows "All organisations".
refs=$("$OMBUDS" --db "$db" list | sed 1d | cut -f1)
ref1=$(echo "$refs" | sed -n 1p)
ref2=$(echo "$refs" | sed -n 2p)
ref3=$(echo "$refs" | sed -n 3p)
date1=$("$OMBUDS" --db "$db" list | sed -n 2p | cut -f2)

# ---- marking and comparing at 160x48 ---------------------------------------
start 160 48 --db "$db"
wait_text "All organisations" "the browser starts"
keys Tab Space
wait_text "marked $ref1 · 1 marked" "Space marks the decision under the cursor"
keys k
wait_text "decision 1/5 · 1 marked" "the status line counts the marks"
line=$(screen | grep -n -F -- "│$date1 $ref1" | head -1 | cut -d: -f1)
ok $([ -n "$line" ]; echo $?) "the marked row is on screen"
like "$(screen | sed -n "$((line + 1))p" | awk -F '│' '{print $2}')" "* " \
	"and shows a * at the start of its second line"
keys c
wait_text "mark 2 to 4 decisions with Space to compare them (1 marked)" \
	"c with one mark, the same decision in the reader, says what it needs"
keys j Space
wait_text "marked $ref2 · 2 marked · c compares them" "a second mark"
keys c
wait_text "Compare: $ref1 | $ref2" "c compares the two marked decisions"
expect_screen compare-2 "two decisions side by side at 160x48"
wait_text "column 1/2" "the status line names the focused column"
keys Tab
wait_text "column 2/2" "Tab moves to the next column"
keys Enter
# The reader alone: its title, the reference first, on the top row.
title_is() {
	screen | head -1 | grep -q "^$1 "
}
poll title_is "$ref2"
ok $? "Enter opens the focused column alone"
unlike "$(screen)" "Compare:" "and leaves the side-by-side view"
keys q
wait_text "Compare: $ref1 | $ref2" "q from a column read alone goes back to the comparison"
keys q
wait_text "Decisions: all (5)" "q goes back to the list"
keys j Space c
wait_text "Compare: $ref1 | $ref2 | $ref3" "a third mark, three columns"
expect_screen compare-3 "three decisions side by side at 160x48"
wait_text "column 1/3 · line 1/" "the status line counts the rows"
keys G
lacks_text() {
	! has_text "$1"
}
poll lacks_text "line 1/"
ok $? "G moves every column to the end"
last=$(screen | sed -n '$p' | sed -n 's/.*line \([0-9]*\)\/\([0-9]*\).*/\1 \2/p')
set -- $last
ok $([ -n "$last" ] && [ $(($2 - $1)) -lt 48 ]; echo $?) "the last page shows ($last)"
like "$(screen | sed -n 2p)" "│" "the columns are still side by side at the end"
keys q

# Marks stay while searching and filtering.
keys / 'council' Enter
wait_text "3 marked" "marks stay while searching"
keys q
keys f 'outcome:upheld' Enter
wait_text "3 marked" "and while filtering"
keys F
wait_text "filter cleared" "F clears the filter"

# The search's hits in every column.
keys / 'council' Enter
wait_text 'Search: council' "a search while marks are kept"
keys c
wait_text "Compare: $ref1 | $ref2 | $ref3" "c compares the marked decisions from the results"
# The columns (between the borders) in which a hit (bold reverse) shows.
n=$($TM capture-pane -p -e | awk -F '│' '
	{ for (i = 1; i <= NF; i++) if (index($i, "\033[1;7m") > 0) c[i] = 1 }
	END { n = 0; for (i in c) n++; print n }')
is "$n" 3 "hits are highlighted in every column"
wait_text "hit 1/" "the status line counts the focused column's hits"
keys n
wait_text "hit 2/" "n steps to the focused column's next hit"
keys N
wait_text "hit 1/" "N steps back"
# Scrolled, the first row keeps each column's organisation, between the
# borders.
keys G
poll lacks_text "line 1/"
head=$(screen | sed -n 2p)
like "$head" "Coventry City Council" "scrolled, the columns' heads stay on the first row"
like "$head" "│" "with the borders"
keys q q

# Too narrow: the decisions are stacked, and the browser says so.
$TM resize-window -x 80 -y 24
keys c
wait_text "too narrow for 3 columns: the decisions are stacked" \
	"a narrow terminal stacks the columns and says so"
expect_screen compare-stacked "three decisions stacked at 80x24"
keys U
wait_text "3 unmarked" "U unmarks every decision from the side-by-side view"
keys q q Q
poll exited
ok $? "quits"
stop

# One decision opened from the list and one marked: c compares those two.
start 160 48 --db "$db"
wait_text "All organisations" "the browser starts again"
keys Tab Space Enter
wait_text "$ref2" "one decision marked, the next opened"
keys c
wait_text "Compare: $ref1 | $ref2" "c compares the marked one with the one opened"
keys q q

# ---- the summaries view ---------------------------------------------------
keys v
wait_text "Summaries: all (5)" "v reads the summaries of the selection"
for r in $refs; do
	wait_text "$r" "with the head of $r"
done
summary=$("$OMBUDS" --db "$db" show --format json "$ref1" |
	sed -n 's/.*"summary": *"\([^"]\{1,30\}\).*/\1/p')
wait_text "$summary" "and its summary's words"
expect_screen summaries-wide "two columns of summaries at 160x48"
keys g j Enter
poll title_is "$ref2"
ok $? "Enter reads the decision under the cursor"
keys q
wait_text "Summaries: all (5)" "q comes back to the summaries"
keys v
wait_text "Decisions: all (5)" "v goes back to the rows"
keys Q
stop

start 80 24 --db "$db"
wait_text "All organisations" "the browser starts at 80x24"
keys Enter v
wait_text "Summaries: all (5)" "v at 80x24"
expect_screen summaries-narrow "one column of summaries at 80x24"
keys Q
stop

# ---- filters -----------------------------------------------------------------
start 160 48 --db "$db"
wait_text "All organisations" "the browser starts for the filters"
keys f 'outcome:up' Tab
wait_text 'outcome:"Upheld"' "Tab completes an outcome from the store"
keys Enter
upheld=$("$OMBUDS" --db "$db" list --outcome Upheld | sed 1d | wc -l)
wait_text "Decisions: all ($upheld) · outcome:\"Upheld\"" \
	"the filter narrows the list, and the title shows it"
wait_text "filter outcome:\"Upheld\"" "so does the status line"
wait_text "Organisations (2) · outcome:" "the organisations follow the filter"
keys f C-u 'cat' Tab Tab
# A bare area counts all its decisions: the commonest area comes first.
cat1=$("$OMBUDS" --db "$db" list | sed 1d | cut -f4 | grep . | sed 's/ > .*//' |
	sort | uniq -c | sort -k1,1nr -k2 | sed -n '1s/^ *[0-9]* //p')
wait_text "category:\"$cat1\"" "Tab completes a field, then the commonest category"
keys C-u 'council' Enter
wait_text "filter: only category:, outcome:, after:, before: and year:" \
	"words in a filter are explained"
keys f C-u 'after:2025-13-45' Enter
wait_text "filter: " "an impossible date is explained"
keys f C-u 'after:2025-01-01 before:2025-06-30' Enter
n=$("$OMBUDS" --db "$db" list --since 2025-01-01 --until 2025-06-30 | sed 1d | wc -l)
wait_text "Decisions: all ($n)" "a date range filters the list"
keys / 'council' Enter
n=$("$OMBUDS" --db "$db" search --limit 1000 council after:2025-01-01 before:2025-06-30 |
	sed 1d | wc -l)
wait_text "Search: council ($n)" "the filter composes with the search"
keys q F
wait_text "Decisions: all (5)" "F clears it"

# ---- sorting ---------------------------------------------------------------
for sort in oldest ref org outcome; do
	keys s
	first=$("$OMBUDS" --db "$db" list --sort "$sort" | sed -n 2p | cut -f1)
	case $sort in
	oldest) title="oldest first" ;; ref) title="by reference" ;;
	org) title="by organisation" ;; outcome) title="by outcome" ;;
	esac
	wait_text "Decisions: all (5) · $title" "s sorts $title"
	keys Tab g
	wait_text "decision 1/5" "at the top"
	first_row=$(screen | grep -o "[0-9][0-9] [0-9][0-9][0-9] [0-9][0-9][0-9]" | sed -n 1p)
	is "$first_row" "$first" "the first row is list --sort $sort's first"
	keys Tab Tab
done
keys s
wait_text "Decisions: all (5)" "s comes round to newest first"

# ---- statistics --------------------------------------------------------------
keys S
wait_text "Organisations (3) · by count" "S shows counts by outcome, sorted by count"
"$OMBUDS" --db "$db" list | sed 1d | awk -F '\t' '
	{ n[$3]++; if ($5 == "Upheld") u[$3]++; else if ($5 == "Not upheld") nu[$3]++;
	  else if ($5 == "Closed after initial enquiries") c[$3]++; else o[$3]++ }
	END { for (k in n) {
		d = u[k] + nu[k]
		r = d ? sprintf("%.1f%%", 100 * u[k] / d) : "-"
		printf "%s\t%d %d %d %d %d %s\n", k, n[k], u[k], nu[k], c[k], o[k], r } }' \
	> "$TMP/stats"
while IFS='	' read -r org counts; do
	set -- $counts
	screen | grep -qE "^$org +$1 +$2 +$3 +$4 +$5 +$6│"
	ok $? "$org: $counts, as ombuds list counts them"
done < "$TMP/stats"
expect_screen stats "the organisations with their statistics"
keys S
wait_text "Organisations (3) · by upheld rate" "S sorts by upheld rate"
keys j
wait_text "upheld rate" "the status line gives the organisation's figures"
keys / 'council' Enter
wait_text "· search" "during a search the organisations count its results"
keys S q
wait_text "Organisations (3)" "S again: names alone"

# ---- citation ----------------------------------------------------------------
$TM set -g set-clipboard on
keys : "$ref2 [6]" Enter
wait_text "$ref2 [6]" "the reader is at [6]"
keys y
cite=$("$OMBUDS" --db "$db" show "$ref2" --para 6 | sed -n 1p)
wait_text "copied to the clipboard: $cite" "y copies the citation and says so"
has_buffer() {
	$TM show-buffer > "$TMP/buffer" 2> /dev/null && [ -s "$TMP/buffer" ]
}
poll has_buffer
ok $? "the terminal received it by OSC 52"
"$OMBUDS" --db "$db" show "$ref2" --para 6 > "$TMP/cite"
printf '\n' >> "$TMP/buffer"
cmp -s "$TMP/cite" "$TMP/buffer" || diff "$TMP/cite" "$TMP/buffer" | sed 's/^/# /'
cmp -s "$TMP/cite" "$TMP/buffer"
ok $? "the clipboard holds what show --para prints"
keys "?" NPage
wait_text "Compare: Space marks decisions" "the help screen describes comparing"
keys q Q
poll exited
ok $? "quits"
is "$(cat "$TMP/status" 2>/dev/null)" 0 "and exits 0"
stop

done_testing
