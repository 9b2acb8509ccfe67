/* log.h: one line per event on stderr. Never pass secrets, passwords,
 * tokens or unmasked personal data here. */
#ifndef GZ_LOG_H
#define GZ_LOG_H

typedef enum { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR } LogLevel;
void log_set_level(LogLevel lvl);
/* fmt uses the escaping printf of buf.h. */
void log_msg(LogLevel lvl, const char *fmt, ...);
#ifdef GZ_FMTCHECK
void log_msg(LogLevel lvl, const char *fmt, ...) __attribute__((format(printf, 2, 3))); /* as core/buf.h says */
#endif
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
