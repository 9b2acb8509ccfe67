/* utf8.h: validation of untrusted text before it reaches storage or output. */
#ifndef GZ_UTF8_H
#define GZ_UTF8_H
#include <stdbool.h>
#include <stddef.h>

/* True when s[0..n) is well-formed UTF-8 (no overlongs, no surrogates, no NUL). */
bool utf8_valid(const char *s, size_t n);
/* Number of code points of a valid UTF-8 string. */
size_t utf8_len(const char *s);

#endif
