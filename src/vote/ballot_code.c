/* ballot_code.c: the code printed on a paper ballot (as text and as its QR
 * code), naming the vote and the household, with a keyed MAC so that a
 * code for another household cannot be made up from a printed one. */
#include "vote/vote_int.h"

#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "auth/session.h"

static void ballot_mac(int64_t vote_id, int64_t household_id, char out[17])
{
    char msg[48];
    snprintf(msg, sizeof msg, "%" PRId64 ":%" PRId64, vote_id, household_id);
    /* the server's login key: 64 bits nobody without the key file can compute */
    login_text_hash("paper_ballot", msg, out);
}

const char *vote_ballot_code(Arena *a, int64_t vote_id, int64_t household_id)
{
    char mac[17];
    ballot_mac(vote_id, household_id, mac);
    return arena_printf(a, "GZB1-%lld-%lld-%s", (long long)vote_id, (long long)household_id, mac);
}

bool vote_ballot_code_parse(const char *code, int64_t vote_id, int64_t *household_id)
{
    long long v, h;
    char mac[17], want[17];
    int used = 0;
    if (!code || sscanf(code, "GZB1-%lld-%lld-%16[0-9a-f]%n", &v, &h, mac, &used) != 3 || code[used] || strlen(mac) != 16 ||
        v != vote_id || h <= 0)
        return false;
    ballot_mac(v, h, want);
    if (sodium_memcmp(mac, want, 16) != 0)
        return false;
    *household_id = h;
    return true;
}
