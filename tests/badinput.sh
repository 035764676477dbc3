#!/bin/sh
# Bad input: each bad file gets one message naming it, the rest of the
# import goes on, the exit status is 1, and nothing stored changes.  Also
# the encodings and line ends that must import to the same decision.
. "$TESTS_SRCDIR/lib.sh"

db=$TMP/s.db
"$OMBUDS" --db "$db" import --quiet "$DATA_DIR" || exit 1
snapshot() {
	"$OMBUDS" --db "$db" list | grep -v '^25 111 111'
	for r in "24 023 422" "24 008 642" "24 007 712" "24 011 458" "24 019 538"; do
		"$OMBUDS" --db "$db" show "$r" --format json
	done
}
before=$(snapshot)

bad=$TMP/bad
mkdir -p "$bad"
: > "$bad/empty.txt"
printf '\n  \n\n' > "$bad/blank.txt"
head -c 4096 /bin/sh > "$bad/binary.txt"
printf 'Dear diary,\nToday I went shopping. Nothing about any council.\n' > "$bad/diary.txt"
# 20 MB of one line: over the size limit, refused unread.
awk 'BEGIN { s = "x"; for (i = 0; i < 25; i++) s = s s; printf "%s", substr(s, 1, 20971520) }' > "$bad/oneline.txt"
# 5 MB of one line: under the limit, so the parser must cope with it.
head -c 5242880 "$bad/oneline.txt" > "$bad/fiveMB.txt"
ln -s "$bad/nonexistent" "$bad/dangling.txt"
ln -s self.txt "$bad/self.txt"
mkdir -p "$bad/sub"
ln -s .. "$bad/sub/loop"
cp "$DATA_DIR/003_e8c7b7bcc53897eb.txt" "$bad/sub/good.txt"
sed 's/24 011 458/25 111 111/' "$DATA_DIR/003_e8c7b7bcc53897eb.txt" > "$bad/also-good.txt"

run --db "$db" import "$bad"
is "$status" 1 "a folder with bad files: exit status 1"
like "$err" "ombuds: $bad/empty.txt: empty file" "an empty file is named"
like "$err" "ombuds: $bad/blank.txt: empty file" "a file of blank lines is empty"
like "$err" "ombuds: $bad/binary.txt: binary file" "a binary file is named"
like "$err" "ombuds: $bad/diary.txt:1: not a decision statement" "a text that is not a statement is named with its line"
like "$err" "ombuds: $bad/oneline.txt: too large to be a decision statement" "a 20 MB file is refused"
like "$err" "ombuds: $bad/fiveMB.txt:1: not a decision statement" "a 5 MB line is read and refused"
like "$err" "ombuds: $bad/dangling.txt: no such file or folder" "a dangling link is named"
like "$err" "ombuds: $bad/self.txt: too many levels of symbolic links" "a link to itself is named"
like "$err" "ombuds: $bad/sub/loop: symbolic link loop" "a symbolic link loop in a folder is named"
like "$err" "1 imported, 0 replaced, 9 failed, 1 unchanged" "the good files are still imported"
is "$(printf '%s\n' "$err" | grep -c "^ombuds: $bad/empty.txt")" 1 "one message per bad file"
unlike "$err" "SQLITE" "no SQLite text reaches the user"
unlike "$err" "sqlite" "no sqlite text either"
for f in empty blank binary diary oneline fiveMB; do
	run --db "$db" import "$bad/$f.txt"
	is "$status" 1 "importing $f.txt alone fails with 1"
	is "$(printf '%s\n' "$err" | grep -c "^ombuds: $bad/$f.txt")" 1 "$f.txt gets exactly one message"
done

"$OMBUDS" --db "$db" show 25 111 111 > /dev/null
ok $? "the good file beside the bad ones was imported"
after=$(snapshot)
is "$after" "$before" "nothing already stored changed (list and every show)"

# An unreadable file.  Root reads anything, so also use a file the kernel
# refuses to read: /proc/self/mem at offset 0.
if [ "$(id -u)" -ne 0 ]; then
	cp "$DATA_DIR/000_5bdb9a364616d701.txt" "$TMP/secret.txt"
	chmod 000 "$TMP/secret.txt"
	run --db "$db" import "$TMP/secret.txt"
	is "$status" 1 "an unreadable file fails"
	like "$err" "$TMP/secret.txt: permission denied" "and is named"
fi
run --db "$db" import /proc/self/mem
is "$status" 1 "a file that cannot be read fails"
like "$err" "ombuds: /proc/self/mem: a read error occurred" "and is named with the reason"
run --db "$db" import "$TMP/no/such/file.txt"
is "$status" 1 "a missing file fails"
like "$err" "$TMP/no/such/file.txt: no such file or folder" "and is named"

# ---- encodings and line ends ------------------------------------------------------------------------
src=$DATA_DIR/001_6bddae3439fd4dd8.txt
ref="24 008 642"
"$OMBUDS" --db "$TMP/clean.db" import --quiet "$src"
want=$("$OMBUDS" --db "$TMP/clean.db" show "$ref" --format json)
printf '\357\273\277' > "$TMP/bom-crlf.txt"
sed 's/$/\r/' "$src" >> "$TMP/bom-crlf.txt"
iconv -f UTF-8 -t WINDOWS-1252 "$src" > "$TMP/cp1252.txt"
sed 's/$/\r/' "$TMP/cp1252.txt" > "$TMP/cp1252-crlf.txt"
tr '\n' '\r' < "$src" > "$TMP/cr.txt"
for v in bom-crlf cp1252 cp1252-crlf cr; do
	run --db "$TMP/$v.db" import "$TMP/$v.txt"
	is "$status" 0 "$v: imports"
	run --db "$TMP/$v.db" show "$ref" --format json
	is "$out" "$want" "$v: the same decision as the clean UTF-8 file"
done
ok "$(cmp -s "$src" "$TMP/cp1252.txt"; [ $? -ne 0 ]; echo $?)" "the Windows-1252 file really differs from the UTF-8 one"

# ---- control characters and invalid bytes are never stored -------------------------------------------
esc=$(printf '\033')
invalid=$(printf 'decision \300\257 statement \355\240\200')
title=$(printf 'Regulations \033]0;pwned\033\\set out')
{
	sed -n '1,9p' "$src"
	printf 'Summary: Mrs Y \033[31mwas\033[0m unhappy \033]52;c;SGVsbG8=\007with the Council\302\2330m and \001\177this\r\n'
	sed -n '12,$p' "$src" | sed "s/Regulations set out/$(printf '%s' "$title" | sed 's/\\/\\\\/g')/" | sed "s/decision statement/$invalid/"
} > "$TMP/hostile.txt"
ok "$(grep -c "$esc]0;pwned" "$TMP/hostile.txt" > /dev/null; echo $?)" "the hostile file carries an OSC title sequence"
run --db "$TMP/hostile.db" import "$TMP/hostile.txt"
is "$status" 0 "a statement with escape sequences and invalid bytes imports"
run --db "$TMP/hostile.db" show "$ref"
unlike "$out" "$esc" "no escape character reaches the output"
unlike "$out" "$(printf '\007')" "no bell either"
unlike "$out" "$(printf '\001')" "nor any other control character"
like "$out" "Mrs Y was unhappy with the Council and this" "the text around the escapes is kept"
like "$out" "Regulations set out" "an OSC title sequence is removed whole"
is "$(sql "$TMP/hostile.db" "SELECT count(*) FROM decision WHERE (coalesce(summary,'')||coalesce(headings,'')||coalesce(complaint,'')||coalesce(powers,'')||coalesce(considered,'')||coalesce(findings,'')||coalesce(action,'')||coalesce(decision,'')||coalesce(other,'')) GLOB '*['||char(1,7,27,127,155)||']*'")" 0 "no control character is stored"
is "$(sql "$TMP/hostile.db" "SELECT count(*) FROM decision WHERE findings LIKE '%Regulations set out%'")" 1 "the cleaned text is stored where it belongs"

# ---- a statement cut off halfway ---------------------------------------------------------------------------
head -n 40 "$src" > "$TMP/cut.txt"
printf 'The Council responded on 14 August to say it belie' >> "$TMP/cut.txt"
run --db "$TMP/cut.db" import "$TMP/cut.txt"
is "$status" 0 "a cut-off statement is imported"
like "$err" "warning:" "with a warning"
like "$err" "$TMP/cut.txt" "naming the file"
like "$err" "(1 with warnings)" "counted in the summary"

# ---- two statements pasted into one file --------------------------------------------------------------
cat "$DATA_DIR/003_e8c7b7bcc53897eb.txt" "$DATA_DIR/004_05f5de3fd66fa512.txt" > "$TMP/two.txt"
run --db "$TMP/two.db" import "$TMP/two.txt"
is "$err" "2 imported, 0 replaced, 0 failed" "two statements in one file give two decisions"
run --db "$TMP/two.db" show 24 019 538 --format json
"$OMBUDS" --db "$TMP/one.db" import --quiet "$DATA_DIR/004_05f5de3fd66fa512.txt"
is "$out" "$("$OMBUDS" --db "$TMP/one.db" show 24 019 538 --format json)" "the second is the same as when imported alone"

# ---- the store itself is bad ----------------------------------------------------------------------------------
printf 'not a database at all, only text; not a database at all, only text\n' > "$TMP/junk.db"
cp "$TMP/junk.db" "$TMP/junk.orig"
run --db "$TMP/junk.db" import "$src"
is "$status" 1 "a store that is not a database fails"
like "$err" "is not an ombuds store" "with our words"
ok "$(cmp -s "$TMP/junk.db" "$TMP/junk.orig"; echo $?)" "and the file is left as it was"
run --db "$TMP/nodir/x.db" import "$src"
is "$status" 1 "a store in a folder that does not exist fails"
like "$err" "cannot be opened" "and says so"

# ---- a file name with escape sequences ----------------------------------------
# The name is the user's: its control characters are shown as '?'.
esc=$(printf '\033')
evil=$TMP/names/$(printf 'bad\033]52;c;aGk=\007\033[31mname\302\233x.txt')
mkdir -p "$TMP/names"
printf 'not a statement at all\n' > "$evil"
run --db "$TMP/names.db" import "$TMP/names"
is "$status" 1 "a file that is not a statement, with escapes in its name, fails"
like "$err" "bad?]52;c;aGk=??[31mname?x.txt" "its name is shown with each control character as ?"
unlike "$err" "$esc" "no escape reaches the terminal"
unlike "$err" "$(printf '\007')" "nor a bell"

# ---- a full disk during an import ----------------------------------------------------------------------
# A file size limit stands in for a full disk (bash counts ulimit -f in KiB).
many=$TMP/many
make_corpus "$many" 200 30
full=$TMP/full.db
"$OMBUDS" --db "$full" import --quiet "$DATA_DIR"
before=$("$OMBUDS" --db "$full" list)
status=0
bash -c 'trap "" XFSZ; ulimit -f 1024; exec "$0" --db "$1" import "$2"' "$OMBUDS" "$full" "$many" > "$TMP/.out" 2> "$TMP/.err" || status=$?
err=$(cat "$TMP/.err")
is "$status" 1 "a full disk during an import: exit status 1"
like "$err" "ombuds: $full: writing to the store: the store could not be written (is the disk full?)" "the store is named, with the likely cause"
like "$err" "import stopped" "the import says it stopped"
unlike "$err" "SQLITE" "no SQLite text"
is "$(sql "$full" "PRAGMA integrity_check")" ok "the store is intact"
is "$(sql "$full" "INSERT INTO decision_fts(decision_fts) VALUES ('integrity-check'); SELECT 'ok'" 2>&1)" ok "its index too"
is "$("$OMBUDS" --db "$full" list)" "$before" "what was stored before is unchanged"
run --db "$full" import --quiet "$many"
is "$status" 0 "with room again, a rerun imports everything"
is "$(sql "$full" "SELECT count(*) FROM decision")" 1005 "all 1000 new decisions and the 5 samples"

done_testing
