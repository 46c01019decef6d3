/* CCursesShims: C accessors for ncursesw globals, macros and the per-row cell writer (see the header for why). */

#include "CCursesShims.h"

#include <signal.h>
#include <string.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

WINDOW *CCursesShims_stdscr(void) { return stdscr; }
WINDOW *CCursesShims_curscr(void) { return curscr; }
int CCursesShims_colors(void) { return COLORS; }
int CCursesShims_colorPairs(void) { return COLOR_PAIRS; }

attr_t CCursesShims_attrNormal(void) { return A_NORMAL; }
attr_t CCursesShims_attrBold(void) { return A_BOLD; }
attr_t CCursesShims_attrReverse(void) { return A_REVERSE; }
attr_t CCursesShims_attrDim(void) { return A_DIM; }
attr_t CCursesShims_attrUnderline(void) { return A_UNDERLINE; }

int CCursesShims_keyF(int n) { return KEY_F(n); }

mmask_t CCursesShims_allMouseEvents(void) { return ALL_MOUSE_EVENTS; }
mmask_t CCursesShims_button1Clicked(void) { return BUTTON1_CLICKED; }
mmask_t CCursesShims_button1Released(void) { return BUTTON1_RELEASED; }
mmask_t CCursesShims_button1Pressed(void) { return BUTTON1_PRESSED; }
mmask_t CCursesShims_button4Pressed(void) { return BUTTON4_PRESSED; }
mmask_t CCursesShims_button5Pressed(void) { return BUTTON5_PRESSED; }

void CCursesShims_getmaxyx(WINDOW *win, int *rows, int *cols) {
    int y, x;
    getmaxyx(win, y, x);
    *rows = y;
    *cols = x;
}

SCREEN *CCursesShims_newtermStdio(const char *term) { return newterm(term, stdout, stdin); }

int CCursesShims_probeTerminal(const char *term, int *colors, int *hasRGB) {
    int err = 0;
    TERMINAL *saved = cur_term;
    /* setupterm with a valid fd reads the entry but sends nothing; it allocates a new cur_term we free below. */
    if (setupterm(term, STDOUT_FILENO, &err) != OK) {
        set_curterm(saved);
        return 0;
    }
    int n = tigetnum("colors");
    int rgb = tigetflag("RGB");
    *colors = n >= 0 ? n : -1;
    *hasRGB = rgb > 0 ? 1 : 0;
    TERMINAL *probe = cur_term;
    set_curterm(saved);
    del_curterm(probe);
    return 1;
}

enum { CELL_CHUNK = 256 };

int CCursesShims_putCells(WINDOW *win, int y, int x, const uint32_t *glyphs, const int32_t *pairs, int n,
                          attr_t attrs) {
    cchar_t row[CELL_CHUNK];
    int done = 0;
    while (done < n) {
        int count = n - done < CELL_CHUNK ? n - done : CELL_CHUNK;
        for (int i = 0; i < count; i++) {
            wchar_t text[2] = { (wchar_t)glyphs[done + i], 0 };
            int pair = pairs[done + i];
            /* Pairs >= 256 do not fit the short argument: pass them through the opts pointer (ncurses extension). */
            if (setcchar(&row[i], text, attrs, 0, &pair) != OK) {
                return ERR;
            }
        }
        if (wmove(win, y, x + done) == ERR || wadd_wchnstr(win, row, count) == ERR) {
            return ERR;
        }
        done += count;
    }
    return OK;
}

int CCursesShims_putText(WINDOW *win, int y, int x, const char *text, int n, attr_t attrs, int pair) {
    attr_t savedAttrs;
    short savedPair;
    int savedExtPair = 0;
    wattr_get(win, &savedAttrs, &savedPair, &savedExtPair);
    wattr_set(win, attrs, 0, &pair);
    int rc = mvwaddnstr(win, y, x, text, n);
    wattr_set(win, savedAttrs, 0, &savedExtPair);
    return rc;
}

static volatile sig_atomic_t quitSignal = 0;

static void onQuitSignal(int sig) { quitSignal = sig; }

void CCursesShims_installQuitSignals(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = onQuitSignal;
    sigemptyset(&action.sa_mask);
    /* No SA_RESTART: a blocked read returns EINTR and the input loop sees the flag at once. */
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGHUP, &action, NULL);
    /* Ctrl-\ too: as SIGQUIT's default it dumped the Swift runtime's crash report over the picture and left the
       terminal raw in the alternate screen. */
    sigaction(SIGQUIT, &action, NULL);
}

int CCursesShims_quitSignal(void) { return quitSignal; }

void CCursesShims_noFlowControl(void) {
    /* The terminal ncurses drives (newterm on stdout and stdin): its output side, else its input side. */
    struct termios mode;
    int fd = isatty(STDOUT_FILENO) ? STDOUT_FILENO : STDIN_FILENO;
    if (tcgetattr(fd, &mode) == 0) {
        mode.c_iflag &= ~(tcflag_t)(IXON | IXOFF);
        tcsetattr(fd, TCSADRAIN, &mode);
    }
    def_prog_mode();
}
