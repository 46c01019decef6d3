/* CCursesShims: the parts of ncursesw that Swift cannot reach directly, behind CCursesShims_ names.
 *
 * Why this shim exists (each checked with Swift 6.3.1 on Debian 12, ncurses 6.4):
 *  - C globals (stdscr, COLORS, COLOR_PAIRS, stdout, stdin) are rejected by Swift 6 as not concurrency-safe;
 *  - compound and function-like macros are not imported: A_* attributes (NCURSES_BITS), KEY_F(n), getmaxyx,
 *    ALL_MOUSE_EVENTS / BUTTON* masks;
 *  - cchar_t needs setcchar with a pointer for pairs >= 256; keeping that loop in C (one call per row of cells)
 *    keeps cchar_t out of Swift and the per-cell cost low;
 *  - a signal handler may only set a volatile sig_atomic_t, which Swift cannot declare;
 *  - probing a terminfo entry (setupterm + tigetnum/tigetflag + del_curterm) without starting curses.
 * SwiftPM drops pkg-config's -D flags, so the wide-character API is asked for here, as in CNcursesw's header.
 */
#ifndef CCURSESSHIMS_H
#define CCURSESSHIMS_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <stdint.h>
#include <curses.h>

/* Globals. */
WINDOW *CCursesShims_stdscr(void);
WINDOW *CCursesShims_curscr(void);
int CCursesShims_colors(void);
int CCursesShims_colorPairs(void);

/* Attributes (attr_t values). */
attr_t CCursesShims_attrNormal(void);
attr_t CCursesShims_attrBold(void);
attr_t CCursesShims_attrReverse(void);
attr_t CCursesShims_attrDim(void);
attr_t CCursesShims_attrUnderline(void);

/* Keys that are macros with arguments. */
int CCursesShims_keyF(int n);

/* Mouse masks. */
mmask_t CCursesShims_allMouseEvents(void);
mmask_t CCursesShims_button1Clicked(void);
mmask_t CCursesShims_button1Released(void);
mmask_t CCursesShims_button1Pressed(void);
mmask_t CCursesShims_button4Pressed(void);
mmask_t CCursesShims_button5Pressed(void);

/* getmaxyx(win, rows, cols). */
void CCursesShims_getmaxyx(WINDOW *win, int *rows, int *cols);

/* newterm(term, stdout, stdin); term NULL means $TERM. Returns NULL if the terminal cannot be opened. */
SCREEN *CCursesShims_newtermStdio(const char *term);

/* Looks up terminfo entry `term` (NULL: $TERM) without starting curses: returns 1 and fills `colors` (the
 * `colors` number, -1 if absent) and `hasRGB` (the RGB extended flag) if the entry exists, else 0. */
int CCursesShims_probeTerminal(const char *term, int *colors, int *hasRGB);

/* Writes `n` cells at row y, column x of `win`: glyph[i] (a Unicode scalar, one column wide) in colour pair
 * pair[i] with attributes `attrs`, via setcchar + wadd_wchnstr (no wrapping, cursor not moved).
 * Returns OK or ERR. */
int CCursesShims_putCells(WINDOW *win, int y, int x, const uint32_t *glyphs, const int32_t *pairs, int n,
                          attr_t attrs);

/* Writes at most `n` bytes of UTF-8 `text` at (y, x) in pair `pair` with `attrs`, then restores the window's
 * attributes. Returns OK or ERR. */
int CCursesShims_putText(WINDOW *win, int y, int x, const char *text, int n, attr_t attrs, int pair);

/* SIGINT, SIGTERM, SIGHUP and SIGQUIT (Ctrl-\) set a flag instead of killing the process, so the TUI can restore the terminal. */
void CCursesShims_installQuitSignals(void);
/* Turns the tty's XON/XOFF flow control off while the viewer runs (Ctrl-S stopped all output and the viewer hung
   until Ctrl-Q), then saves the mode as ncurses' program mode; endwin gives the shell's mode back. */
void CCursesShims_noFlowControl(void);
/* Which of those signals arrived (0 if none). */
int CCursesShims_quitSignal(void);

#endif
