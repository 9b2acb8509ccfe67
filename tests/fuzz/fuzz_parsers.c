/* fuzz_parsers.c: the small parsers of typed-in values: civil dates and
 * Shanghai times, money in yuan, levy rules, W3C times and coordinates
 * (Open311). Each gets the input as one NUL-terminated string; the checks
 * are the sanitizers' and a round-trip property where one holds. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/clock.h"
#include "funds/funds.h"
#include "workorder/workorder.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0';
    int y, m, d;
    int64_t t;
    (void)civil_parse(s, &y, &m, &d);
    (void)clock_parse_local(s, &t);
    (void)clock_parse_local_day(s, &t);
    int64_t fen;
    if (funds_parse_money(s, &fen)) {
        /* what was accepted prints back as yuan and parses to the same fen */
        Buf b = BUF_INIT;
        buf_printf(&b, "%M", fen);
        int64_t again = 0;
        if (!funds_parse_money(buf_str(&b), &again) || again != fen)
            abort();
        buf_free(&b);
    }
    LevyRule rule;
    (void)levy_rule_parse(s, &rule);
    (void)wo_parse_w3c(s, &t);
    (void)wo_parse_coord(s, 90, &t);
    (void)wo_parse_coord(s, 180, &t);
    free(s);
    return 0;
}
