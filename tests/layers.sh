#!/bin/sh
# The rooms of docs/ARCHITECTURE.md, checked on the sources and on the
# objects the build made:
#   1. every #include "x.h" is an edge the table below allows, and the
#      modules' include graph has no cycle;
#   2. sqlite3_* is called only from store*.c, curses only from ui*.c and
#      view*.c (nm -u of every object);
#   3. the query language links alone: its objects need no store_* and no
#      sqlite3_* symbol;
#   4. no file outside the UI includes ui.h (main.c, which starts the
#      browser, excepted);
#   5. Makefile.am builds every src/*.c, each once.
# Then the same checks run on copies of the sources with a violation
# planted, and must fail: a checker that cannot fail checks nothing.
. "$TESTS_SRCDIR/lib.sh"

src=$TESTS_SRCDIR/../src
makefile=$TESTS_SRCDIR/../Makefile.am
objdir=${TESTS_BUILDDIR:-$TESTS_SRCDIR}/../src

# Allowed include edges: a file (by glob on its name less .c/.h) may
# include its own header, those of its family's private header, and the
# modules listed (globs).  The first row whose glob matches decides.
# Layers, lowest first: the model and text; parse, store, the query
# language; search and import; cli; the UI; main.
rules() {
	cat <<'EOF'
decision        :
text            :
text_token      : text
json            :
parse_int       : parse decision text
parse*          : parse parse_int decision text text_token
html_xml        :
html            : decision text html_xml
html_links      : decision text html_xml
store_blob      : decision
store_int       : store store_blob store_vocab decision text text_token
store_like      : store store_int decision text
store*          : store store_int store_blob store_vocab decision text text_token
search_int      : search store decision text text_token
search_query    : search search_int store decision text text_token
search_fts      : search search_int store decision text text_token
search_match    : search search_int store decision text text_token
search_like     : search search_int store decision text text_token
search*         : search search_int store decision text text_token
import          : parse html store decision text text_token
fetch_int       : fetch html html_links parse store decision text
fetch*          : fetch fetch_int html html_links parse store decision text
cli_fetch       : cli cli_int fetch store decision text
cli_search      : cli cli_int search store json decision
cli_int         : json store
cli_table       : cli_int text
cli             : cli_int import fetch search store json parse decision text text_token
ui_keys         :
ui_config       : ui_keys
ui_draw         : text ui_config
ui_prompt       : ui_draw ui_keys ui_config text
view_text       : ui_draw ui_config ui_keys search store decision text
view*           : view view_text ui_draw ui_config ui_keys search store decision text
ui_int          : ui view* ui_prompt ui_draw ui_keys ui_config cli import search store decision text
ui_read         : ui ui_int view* ui_prompt ui_draw ui_keys ui_config search store decision text
ui*             : ui ui_int view* ui_prompt ui_draw ui_keys ui_config cli import search store decision text
main            : cli ui store text decision
EOF
}

# The query language: the objects fuzz-query links with no store.
query_objects="search_query"

# module FILE: the module a source file belongs to (its name less .c/.h).
module() {
	basename "$1" | sed 's/\.[ch]$//'
}

# allowed MODULE: the globs the first matching rule allows, or "none".
allowed() {
	rules | while IFS=: read -r glob list; do
		glob=$(echo "$glob" | tr -d ' ')
		# shellcheck disable=SC2254
		case $1 in
		$glob)
			echo "ok $list"
			break
			;;
		esac
	done
}

# include_violations DIR: one line for every include the table does not
# allow, every file no rule names, and every cycle of files including
# each other.
include_violations() {
	edges=$TMP/.edges
	: > "$edges"
	for f in "$1"/*.c "$1"/*.h; do
		m=$(module "$f")
		b=$(basename "$f")
		list=$(allowed "$m")
		if [ -z "$list" ]; then
			echo "$(basename "$f"): no rule in tests/layers.sh names this file"
			continue
		fi
		list=${list#ok }
		for h in $(sed -n 's/^#[[:space:]]*include[[:space:]]*"\([^"]*\)\.h".*/\1/p' "$f"); do
			[ "$h" = config ] && continue
			echo "$b $h.h" >> "$edges"
			[ "$h" = "$m" ] && continue
			fine=no
			for g in $list; do
				# shellcheck disable=SC2254
				case $h in $g) fine=yes ;; esac
			done
			[ "$fine" = yes ] || echo "$(basename "$f"): includes $h.h, which its layer may not"
		done
	done
	sort -u "$edges" | tsort >/dev/null 2> "$TMP/.tsort" ||
		sed -n 's/^tsort: /include cycle: /p' "$TMP/.tsort" | head -5
}

# ui_h_violations DIR: files that include ui.h, the top of the browser,
# other than the UI's own and main.c, which starts it.
ui_h_violations() {
	for f in "$1"/*.c "$1"/*.h; do
		case $(basename "$f") in ui.c | ui_*.c | ui_int.h | main.c) continue ;; esac
		grep -l '^#[[:space:]]*include[[:space:]]*"ui\.h"' "$f" 2>/dev/null |
			sed 's|.*/||; s/$/: includes ui.h outside the UI/'
	done
}

# makefile_violations MAKEFILE DIR: a src/*.c that neither the library
# nor the program builds, one built twice, or a source any list names that
# does not exist.
makefile_violations() {
	# One line per variable: NAME then its words, continuations joined.
	sed -e ':a' -e '/\\$/N; s/\\\n/ /; ta' "$1" |
		sed -n 's/^\([A-Za-z_]*\)[[:space:]]*+*=\(.*\)/\1 \2/p' > "$TMP/.vars"
	awk '$1 == "src_libombuds_a_SOURCES" || $1 == "src_ombuds_SOURCES" {
		for (i = 2; i <= NF; i++) if ($i ~ /^src\/[a-z_]*\.c$/) print $i }' \
		"$TMP/.vars" | sort > "$TMP/.built"
	uniq -d "$TMP/.built" | sed 's/$/: built twice (library and program)/'
	for f in "$2"/*.c; do
		grep -qx "src/$(basename "$f")" "$TMP/.built" ||
			echo "src/$(basename "$f"): not built by Makefile.am"
	done
	tr ' \t' '\n\n' < "$TMP/.vars" | grep '^src/[a-z_]*\.[ch]$' | sort -u |
		while read -r n; do
			[ -e "$2/${n#src/}" ] || echo "$n: named in Makefile.am, not in src/"
		done
}

# The curses library's own symbols, from the libraries the program loads.
curses_symbols() {
	ldd "$OMBUDS" 2>/dev/null | awk '/ncurses|tinfo/ { print $3 }' | while read -r lib; do
		nm -D --defined-only "$lib" 2>/dev/null | awk '{ sub(/@.*/, "", $NF); print $NF }'
	done | sort -u
}

# object_violations DIR: sqlite3_* needed outside store*, curses outside
# ui*/view*, store_*/sqlite3_* needed by the query language.
object_violations() {
	curses_symbols > "$TMP/.curses"
	for o in "$1"/*.o; do
		[ -e "$o" ] || continue
		m=$(basename "$o" .o)
		m=${m#*-} # automake's per-target prefix, libombuds_a-store.o
		nm -u "$o" | awk '{ print $NF }' | sort -u > "$TMP/.undef"
		case $m in
		store*) ;;
		*) grep '^sqlite3_' "$TMP/.undef" | head -3 | sed "s/^/$m.o: needs /" ;;
		esac
		case $m in
		ui* | view*) ;;
		*) comm -12 "$TMP/.undef" "$TMP/.curses" | head -3 | sed "s/^/$m.o: needs curses: /" ;;
		esac
		for q in $query_objects; do
			[ "$m" = "$q" ] && grep '^store_\|^sqlite3_' "$TMP/.undef" | head -3 |
				sed "s/^/$m.o: the query language needs /"
		done
	done
}

# ---- the tree as it is ------------------------------------------------------
v=$(include_violations "$src")
is "$v" "" "every include goes down a layer the table allows, and none forms a cycle"
v=$(ui_h_violations "$src")
is "$v" "" "no file outside the UI (and main.c) includes ui.h"
v=$(makefile_violations "$makefile" "$src")
is "$v" "" "Makefile.am builds every src/*.c once"

missing=
for f in "$src"/*.c; do
	ls "$objdir"/*"-$(module "$f").o" >/dev/null 2>&1 || missing="$missing $(module "$f")"
done
is "$missing" "" "the build's objects are there to read, one for every src/*.c"
ok "$([ "$(curses_symbols | grep -c '^wmove$')" -eq 1 ]; echo $?)" "the curses library's symbols were read"
v=$(object_violations "$objdir")
is "$v" "" "sqlite3_* only in store*, curses only in ui*/view*, the query language without the store"
for q in $query_objects; do
	ok "$(ls "$objdir"/*"$q".o >/dev/null 2>&1; echo $?)" "the query language's object $q.o was read"
done

# ---- the same checks on violations planted in a copy --------------------
plant=$TMP/src
plant_copy() {
	rm -rf "$plant"
	cp -R "$src" "$plant"
}

# plant_include FILE HEADER: FILE of the copy includes HEADER, after its
# include guard (a header) or config.h (a source).
plant_include() {
	awk -v h="$2" '{ print }
		!done && (/^#define OMBUDS_/ || /^#include "config.h"/) {
			print "#include \"" h "\""
			done = 1
		}' "$plant/$1" > "$plant/.planted" && mv "$plant/.planted" "$plant/$1"
	grep -q "^#include \"$2\"" "$plant/$1" || echo "layers.sh: could not plant $2 in $1" >&2
}

plant_copy
plant_include store.c ui.h
v=$(include_violations "$plant")
like "$v" "store.c: includes ui.h" "planted: the store including ui.h is refused"
v=$(ui_h_violations "$plant")
like "$v" "store.c: includes ui.h outside the UI" "planted: ui.h outside the UI is found"

plant_copy
plant_include ui_draw.c view.h
v=$(include_violations "$plant")
like "$v" "ui_draw.c: includes view.h" "planted: the drawing leaf including a view is refused"

plant_copy
plant_include text.h search.h
plant_include search.h text.h
v=$(include_violations "$plant")
like "$v" "include cycle" "planted: a cycle between text and search is found"

plant_copy
echo 'int stray(void);' > "$plant/stray.c"
v=$(makefile_violations "$makefile" "$plant")
like "$v" "src/stray.c: not built by Makefile.am" "planted: a source the makefile misses is found"
v=$(include_violations "$plant")
like "$v" "stray.c: no rule" "planted: a file no rule names is found"

# An object of the query language that calls the store, and a list module
# that calls curses and SQLite.
if command -v "${CC:-cc}" >/dev/null 2>&1; then
	mkdir -p "$TMP/obj"
	printf 'int store_get(void);\nint f(void);\nint f(void) { return store_get(); }\n' > "$TMP/q.c"
	"${CC:-cc}" -c "$TMP/q.c" -o "$TMP/obj/libombuds_a-search_query.o"
	printf 'int wmove(void *, int, int);\nint sqlite3_step(void *);\nint g(void);\nint g(void) { return wmove(0, 0, 0) + sqlite3_step(0); }\n' > "$TMP/l.c"
	"${CC:-cc}" -c "$TMP/l.c" -o "$TMP/obj/libombuds_a-cli.o"
	v=$(object_violations "$TMP/obj")
	like "$v" "search_query.o: the query language needs store_get" "planted: the query language calling the store is found"
	like "$v" "cli.o: needs sqlite3_step" "planted: SQLite outside the store is found"
	like "$v" "cli.o: needs curses: wmove" "planted: curses outside the UI is found"
fi

done_testing
