#ifndef DAEMON_TUI_CNCURSES_SHIM_H
#define DAEMON_TUI_CNCURSES_SHIM_H
#define NCURSES_WIDECHAR 1
#define _XOPEN_SOURCE_EXTENDED 1
#include <locale.h>
#include <langinfo.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>
#include <ncurses.h>

/* Swift cannot import ncurses' function-like macros (A_BOLD, COLOR_PAIR, stdscr, LINES…): these wrappers expose
   them as functions whose values come from this very build of ncurses. */

static inline attr_t dtui_a_normal(void) { return A_NORMAL; }
static inline attr_t dtui_a_bold(void) { return A_BOLD; }
static inline attr_t dtui_a_reverse(void) { return A_REVERSE; }
static inline attr_t dtui_a_dim(void) { return A_DIM; }
static inline attr_t dtui_a_underline(void) { return A_UNDERLINE; }
static inline attr_t dtui_color_pair(int pair) { return (attr_t)COLOR_PAIR(pair); }

static inline int dtui_lines(void) { return LINES; }
static inline int dtui_cols(void) { return COLS; }
static inline int dtui_color_pairs(void) { return COLOR_PAIRS; }

static inline int dtui_key_code_yes(void) { return KEY_CODE_YES; }
static inline int dtui_key_up(void) { return KEY_UP; }
static inline int dtui_key_down(void) { return KEY_DOWN; }
static inline int dtui_key_left(void) { return KEY_LEFT; }
static inline int dtui_key_right(void) { return KEY_RIGHT; }
static inline int dtui_key_home(void) { return KEY_HOME; }
static inline int dtui_key_end(void) { return KEY_END; }
static inline int dtui_key_npage(void) { return KEY_NPAGE; }
static inline int dtui_key_ppage(void) { return KEY_PPAGE; }
static inline int dtui_key_btab(void) { return KEY_BTAB; }
static inline int dtui_key_resize(void) { return KEY_RESIZE; }
static inline int dtui_key_backspace(void) { return KEY_BACKSPACE; }
static inline int dtui_key_dc(void) { return KEY_DC; }
static inline int dtui_key_enter(void) { return KEY_ENTER; }
static inline int dtui_key_f1(void) { return KEY_F(1); }

/* Reads one key or character; returns OK, KEY_CODE_YES (a function key in *out) or ERR (timeout). */
static inline int dtui_get_wch(unsigned int *out) {
    wint_t ch = 0;
    int rc = wget_wch(stdscr, &ch);
    *out = (unsigned int)ch;
    return rc;
}

/* stdin/stdout are C globals that Swift 6 treats as shared mutable state; touch them only here. */
/* Curses draws through its own FILE on `outfd` (a duplicate of the terminal), so fd 1 itself can be pointed at the
   log file while curses owns the screen. */
static inline SCREEN *dtui_newterm_fd(int outfd, FILE **out) {
    FILE *file = fdopen(outfd, "w");
    if (!file) return NULL;
    SCREEN *screen = newterm(NULL, file, stdin);
    if (!screen) { fclose(file); return NULL; }
    *out = file;
    return screen;
}
static inline void dtui_fflush(FILE *file) { if (file) fflush(file); }
static inline void dtui_fflush_stdout(void) { fflush(stdout); fflush(stderr); }
static inline int dtui_is_utf8_locale(void) {
    const char *codeset = nl_langinfo(CODESET);
    return codeset && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

static inline void dtui_timeout(int ms) { wtimeout(stdscr, ms); }
static inline int dtui_keypad_on(void) { return keypad(stdscr, TRUE); }
static inline int dtui_attrset(attr_t attrs) { return wattrset(stdscr, attrs); }
static inline int dtui_mvaddstr(int y, int x, const char *s) { return mvwaddstr(stdscr, y, x, s); }
static inline int dtui_refresh(void) { return wrefresh(stdscr); }
static inline int dtui_clearok(void) { return clearok(stdscr, TRUE); }
static inline int dtui_erase(void) { return werase(stdscr); }

#endif
