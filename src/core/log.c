/* log.c: one line per event on stderr: ISO time (Shanghai), level, message. */
#include "core/log.h"
#include "core/buf.h"
#include "core/clock.h"

#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

static _Atomic int g_level = LOG_INFO;

void log_set_level(LogLevel lvl)
{
    atomic_store(&g_level, (int)lvl);
}

void log_msg(LogLevel lvl, const char *fmt, ...)
{
    static const char *const names[] = {"DEBUG", "INFO", "WARN", "ERROR"};
    if ((int)lvl < atomic_load(&g_level))
        return;
    Buf msg = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    buf_vprintf(&msg, fmt, ap);
    va_end(ap);

    /* Wall time, not clock_now(): a test server's shifted clock must not
     * make its log lie about when things happened. */
    char when[26];
    clock_format_iso((int64_t)time(NULL), when);
    Buf line = BUF_INIT;
    buf_printf(&line, "%s %s ", when, names[lvl >= LOG_DEBUG && lvl <= LOG_ERROR ? lvl : LOG_ERROR]);
    /* Control characters from values would split or forge lines. */
    for (size_t i = 0; i < msg.len; i++) {
        unsigned char c = (unsigned char)msg.data[i];
        if (c < 0x20 || c == 0x7f) {
            char esc[5] = {'\\', 'x', "0123456789abcdef"[c >> 4], "0123456789abcdef"[c & 15], 0};
            buf_append(&line, esc, 4);
        } else {
            buf_putc(&line, (char)c);
        }
    }
    buf_putc(&line, '\n');
    /* One fwrite: stdio locks the stream per call, so threads do not interleave. */
    fwrite(line.data, 1, line.len, stderr);
    buf_free(&msg);
    buf_free(&line);
}
