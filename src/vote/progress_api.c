/* progress_api.c: GET /api/votes/{id}/progress, the numbers of the vote
 * page's progress chart, to whoever may see the result now. */
#include "vote/web_int.h"
#include "vote/web_progress.h"

#include "site/site.h"
#include "vote/progress.h"

static void frac_json(Buf *b, const char *key, const VoteFrac *f)
{
    buf_printf(b, "%j:{\"num\":%lld,\"den\":%lld,\"permille\":%lld}", key, (long long)f->num, (long long)f->den,
               (long long)f->permille);
}

void api_vote_progress(Req *r)
{
    VoteRow v;
    if (!vote_result_allowed_or_reply(r, &v))
        return;
    Ctx c = site_ctx(r);
    VoteProgress p;
    bool found;
    if (!vote_progress(&c, v.id, &p, &found)) {
        vote_reply_db(r);
        return;
    }
    if (!found) {
        reply_error(r, 404, "not_found", NULL, "这项表决不是业主共同决定事项，没有面积和人数两道门槛",
                    "This is not an owners' Art. 278 vote: it has no area and owner thresholds");
        return;
    }
    resp_json(r);
    Buf *b = &r->out;
    buf_printf(b, "{\"vote_id\":%lld,\"matter\":%d,\"final\":%s,\"threshold\":%j,", (long long)p.vote_id, p.matter,
               p.final ? "true" : "false", p.supermajority ? "three_quarters" : "more_than_half");
    frac_json(b, "participation_area", &p.part_area);
    buf_putc(b, ',');
    frac_json(b, "participation_owners", &p.part_owners);
    buf_putc(b, ',');
    frac_json(b, "yes_area", &p.yes_area);
    buf_putc(b, ',');
    frac_json(b, "yes_owners", &p.yes_owners);
    buf_printf(b,
               ",\"quorum_line\":{\"num\":%d,\"den\":%d,\"permille\":%lld},"
               "\"pass_line\":{\"num\":%d,\"den\":%d,\"permille\":%lld,\"strict\":%s},"
               "\"quorum_area\":%s,\"quorum_owners\":%s,\"pass_area\":%s,\"pass_owners\":%s,\"passed\":%s}",
               p.quorum_num, p.quorum_den, (long long)p.quorum_permille, p.pass_num, p.pass_den,
               (long long)p.pass_permille, p.pass_strict ? "true" : "false", p.quorum_area ? "true" : "false",
               p.quorum_owners ? "true" : "false", p.pass_area ? "true" : "false", p.pass_owners ? "true" : "false",
               p.passed ? "true" : "false");
}
