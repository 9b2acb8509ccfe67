/* pages.c: the pages of community life (生活): the events of one's compound
 * with sign-up, one's points and next shift, the service menu, a rota. Big
 * text and single columns for residents on a phone; the same model as the
 * API. */
#include <stdlib.h>
#include <string.h>

#include "auth/read.h"
#include "core/clock.h"
#include "core/qr.h"
#include "grid/grid.h"
#include "grid/web.h"
#include "life/web_int.h"
#include "site/page.h"
#include "workorder/workorder.h"

/* The place the page is about: ?node=ID, else the compound of the caller's
 * first grant that has one (a resident's own compound); 0 when neither. */
int64_t life_page_place(Req *r)
{
    const char *q = req_query(r, "node");
    if (q && *q)
        return strtoll(q, NULL, 10);
    for (int i = 0; r->who && i < r->who->n_grants; i++) {
        const char *p = r->who->grants[i].compound_path;
        if (!p || !*p)
            continue;
        size_t n = strlen(p);
        const char *s = p + n - 1; /* the trailing '/' */
        while (s > p && s[-1] != '/')
            s--;
        return strtoll(s, NULL, 10);
    }
    return 0;
}

const char *life_when(Req *r, int64_t t)
{
    char *out = arena_alloc(r->arena, 20);
    clock_format_local(t, out);
    return out;
}

void page_life(Req *r)
{
    Ctx c = site_ctx(r);
    LifeErr e;
    int64_t node = life_page_place(r);
    NodeInfo n = {0};
    if (node && grid_node_find(&c, node, &n) != GRID_OK)
        node = 0;
    if (node && !life_may_see(&c, n.path))
        node = 0;
    int64_t bal = 0;
    bool pub = true, has_shift = false;
    LifeAssignment next;
    if (!life_points_balance(&c, r->who->user_id, &bal, &pub, &e) ||
        !life_next_shift(&c, r->who->user_id, &next, &has_shift, &e)) {
        life_err_reply(r, &e);
        return;
    }
    LifeEvent ev[20];
    LifeService sv[20];
    LifeReward rw[20];
    int ne = 0, ns = 0, nr = 0;
    if (node && ((ne = life_events_page(&c, node, 0, 20, ev, &e)) < 0 ||
                 (ns = life_services_page(&c, node, 0, 20, sv, &e)) < 0 ||
                 (nr = life_rewards_page(&c, node, 0, 20, rw, &e)) < 0)) {
        life_err_reply(r, &e);
        return;
    }
    page_begin(r, "生活");
    Buf *b = &r->out;
    buf_printf(b, "<h1>社区生活%s%h</h1>\n", node ? "·" : "", node ? n.name : "");
    if (node)
        buf_printf(b,
                   "<nav class=\"life-links\"><a href=\"/life/resources?node=%lld\">资源与需求</a> · "
                   "<a href=\"/life/talents?node=%lld\">人才库</a> · <a href=\"/life/library?node=%lld\">阅览角</a> · "
                   "<a href=\"/life/stories?node=%lld\">老照片</a></nav>\n",
                   (long long)node, (long long)node, (long long)node, (long long)node);
    buf_printf(b, "<section class=\"life-me\"><p class=\"big\">我的服务积分：<strong id=\"points\">%lld</strong></p>\n",
               (long long)bal);
    if (has_shift)
        buf_printf(b, "<p class=\"big\">我的下一个班次：<a href=\"/life/rotas/%lld\">%h</a></p>\n",
                   (long long)next.duty_id, life_when(r, next.starts_at));
    const char *redeemed = req_query(r, "redeemed");
    if (redeemed && *redeemed)
        buf_printf(b, "<p class=\"big ok\" id=\"redeemed\">兑换成功，兑换单号 %h，请凭此到社区服务站领取。</p>\n", redeemed);
    buf_puts(b, "</section>\n<h2>活动</h2>\n");
    if (!node)
        buf_puts(b, "<p>请从院落页面进入，或在地址中加上 ?node=院落编号。</p>\n");
    else if (!ne)
        buf_puts(b, "<p>暂无活动。</p>\n");
    buf_puts(b, "<ul class=\"life-list\">\n");
    for (int i = 0; i < ne; i++)
        buf_printf(b,
                   "<li><a class=\"big\" href=\"/life/events/%lld\">%h</a><br>%h · %h · %h<br>名额 %lld，已报 %lld，"
                   "候补 %lld</li>\n",
                   (long long)ev[i].id, ev[i].title, life_when(r, ev[i].starts_at), ev[i].place,
                   life_audience_label_zh(ev[i].audience), (long long)ev[i].capacity, (long long)ev[i].seats_taken,
                   (long long)ev[i].waiting);
    buf_puts(b, "</ul>\n<h2>服务菜单</h2>\n<ul class=\"life-list\">\n");
    for (int i = 0; i < ns; i++)
        buf_printf(b, "<li><strong>%h</strong>（%s）%h · %s%s · 响应 %lld 小时内%s</li>\n", sv[i].name,
                   !strcmp(sv[i].tier, "basic") ? "基础服务" : "专业服务", sv[i].provider,
                   life_price_kind_label_zh(sv[i].price_kind),
                   sv[i].price_fen ? arena_printf(r->arena, " %lld.%02lld元", (long long)(sv[i].price_fen / 100),
                                                  (long long)(sv[i].price_fen % 100))
                                   : "",
                   (long long)(sv[i].response_minutes / 60),
                   sv[i].rating_count
                       ? arena_printf(r->arena, " · 满意度 %lld.%lld 分（%lld 人评价）",
                                      (long long)(life_satisfaction_x10(sv[i].rating_count, sv[i].rating_sum) / 10),
                                      (long long)(life_satisfaction_x10(sv[i].rating_count, sv[i].rating_sum) % 10),
                                      (long long)sv[i].rating_count)
                       : " · 暂无评价");
    buf_puts(b, "</ul>\n");
    if (nr) {
        buf_puts(b, "<h2>积分兑换</h2>\n<ul class=\"life-list\" id=\"rewards\">\n");
        for (int i = 0; i < nr; i++) {
            buf_printf(b, "<li><strong>%h</strong> · %lld 积分 · 余 %lld", rw[i].name, (long long)rw[i].cost,
                       (long long)rw[i].stock);
            if (rw[i].stock > 0 && bal >= rw[i].cost) {
                buf_printf(b, "<form method=\"post\" action=\"/life/rewards/%lld/redeem\">", (long long)rw[i].id);
                page_csrf_field(r);
                buf_puts(b, "<button type=\"submit\">兑换</button></form>");
            }
            buf_puts(b, "</li>\n");
        }
        buf_puts(b, "</ul>\n");
    }
    page_end(r);
}

void page_life_event(Req *r)
{
    int64_t id, mine = 0;
    Ctx c = site_ctx(r);
    LifeErr e;
    LifeEvent ev;
    LifeBooking bk;
    if (!req_param_id_or_reply(r, "id", &id))
        return;
    if (!life_event_get(&c, id, &ev, &e) || !life_may_see(&c, ev.node_path)) {
        reply_not_found(r);
        return;
    }
    if (!life_booking_of(&c, ev.id, r->who->user_id, &mine, &e) || (mine && !life_booking_get(&c, mine, &bk, &e))) {
        life_err_reply(r, &e);
        return;
    }
    page_begin(r, ev.title);
    Buf *b = &r->out;
    buf_printf(b, "<p class=\"breadcrumb\"><a href=\"/life?node=%lld\">生活</a></p>\n<h1>%h</h1>\n",
               (long long)ev.node_id, ev.title);
    buf_printf(b, "<p class=\"big\">%h – %h</p>\n<p class=\"big\">地点：%h　对象：%h</p>\n<p>%h</p>\n",
               life_when(r, ev.starts_at), life_when(r, ev.ends_at), ev.place, life_audience_label_zh(ev.audience), ev.body);
    buf_printf(b, "<p class=\"big\">名额 %lld，剩余 <strong id=\"free\">%lld</strong>，候补 %lld 人</p>\n",
               (long long)ev.capacity, (long long)(ev.capacity - ev.seats_taken), (long long)ev.waiting);
    if (mine) {
        if (!strcmp(bk.status, "confirmed")) {
            buf_printf(b, "<p class=\"big ok\" id=\"my-booking\">您已报名成功%s。签到码：<strong id=\"code\">%lld</strong></p>\n",
                       bk.checked_in_at ? "，已签到" : "", (long long)bk.id);
            if (!bk.checked_in_at) {
                buf_puts(b, "<div class=\"qr\" id=\"qr\">");
                if (!qr_svg(b, arena_printf(r->arena, "%lld", (long long)bk.id), "签到二维码"))
                    buf_printf(b, "%lld", (long long)bk.id);
                buf_puts(b, "</div>\n<p>到场时请出示此二维码，由志愿者扫码签到。</p>\n");
            }
        }
        else
            buf_printf(b, "<p class=\"big\" id=\"my-booking\">您在候补名单第 %lld 位，有空位时自动转正并通知您。</p>\n",
                       (long long)bk.position);
    } else if (!strcmp(ev.status, "open")) {
        buf_printf(b, "<form method=\"post\" action=\"/life/events/%lld/book\">", (long long)ev.id);
        page_csrf_field(r);
        buf_printf(b, "<button type=\"submit\" class=\"big\">%s</button></form>\n",
                   ev.capacity > ev.seats_taken ? "我要报名" : "加入候补");
    }
    if (life_may_manage(&c, ev.node_path)) {
        int64_t confirmed = 0, attended = 0;
        if (!life_event_attendance(&c, ev.id, &confirmed, &attended, &e)) {
            life_err_reply(r, &e);
            return;
        }
        const char *done = req_query(r, "checked");
        buf_printf(b, "<h2>签到（志愿者）</h2>\n<p class=\"big\">已签到 <strong id=\"attended\">%lld</strong> / %lld 人</p>\n",
                   (long long)attended, (long long)confirmed);
        if (done && *done)
            buf_printf(b, "<p class=\"big ok\" id=\"checkin-ok\">签到码 %h 已签到</p>\n", done);
        buf_printf(b, "<form method=\"post\" id=\"checkin-form\" action=\"/life/events/%lld/checkin\">", (long long)ev.id);
        page_csrf_field(r);
        buf_puts(b, "<p><label>扫码或输入签到码<input name=\"code\" inputmode=\"numeric\" autofocus required></label></p>"
                    "<p><button type=\"submit\" class=\"big\">签到</button></p></form>\n");
    }
    page_end(r);
}

void page_life_event_book_post(Req *r)
{
    int64_t id;
    Ctx c = site_ctx(r);
    LifeErr e;
    LifeEvent ev;
    LifeBooking bk;
    if (!req_param_id_or_reply(r, "id", &id))
        return;
    if (!life_event_get(&c, id, &ev, &e) || !life_may_see(&c, ev.node_path)) {
        reply_not_found(r);
        return;
    }
    LifeBookNew in = {ev.id, r->who->user_id, NULL, false, 1};
    if (!life_book(&c, &in, &bk, &e)) {
        life_err_reply(r, &e);
        return;
    }
    resp_redirect(r, arena_printf(r->arena, "/life/events/%lld", (long long)ev.id));
}

void page_life_rota(Req *r)
{
    int64_t id;
    Ctx c = site_ctx(r);
    LifeErr e;
    LifeDuty d;
    if (!req_param_id_or_reply(r, "id", &id))
        return;
    if (!life_duty_get(&c, id, &d, &e) || !life_may_see(&c, d.node_path)) {
        reply_not_found(r);
        return;
    }
    enum { MAXA = 500 };
    LifeAssignment *as = arena_alloc(r->arena, sizeof *as * MAXA);
    int k = life_assignments_of_duty(&c, d.id, as, MAXA, &e);
    if (k < 0) {
        life_err_reply(r, &e);
        return;
    }
    bool staff = life_may_manage(&c, d.node_path);
    page_begin(r, d.name);
    Buf *b = &r->out;
    buf_printf(b, "<p class=\"breadcrumb\"><a href=\"/life\">生活</a></p>\n<h1>%h排班%s</h1>\n", d.name,
               d.published_at ? "" : "（草稿）");
    buf_puts(b, "<div class=\"table-wrap\"><table><tr><th>时间</th><th>志愿者</th><th>状态</th></tr>\n");
    for (int i = 0; i < k; i++) {
        bool own = as[i].user_id == r->who->user_id;
        if (!staff && !d.published_at && !own)
            continue;
        const char *name = NULL;
        if (auth_user_display_name(&c, as[i].user_id, &name) != AUTH_OK)
            name = "";
        const char *st = !strcmp(as[i].status, "done") ? "已完成" : !strcmp(as[i].status, "missed") ? "缺勤" : "待值班";
        buf_printf(b, "<tr%s><td>%h</td><td>%h</td><td>%s%s</td></tr>\n", own ? " class=\"mine\"" : "",
                   life_when(r, as[i].starts_at), staff || own ? name : wo_name_mask(r->arena, name), st,
                   as[i].swap_to ? "（换班待批）" : "");
    }
    buf_puts(b, "</table></div>\n");
    page_end(r);
}

/* POST /life/events/{id}/checkin {code}: a volunteer scans a booking's QR
 * code (its number) or types it; the attendee earns the event's points. */
void page_life_event_checkin_post(Req *r)
{
    int64_t id, code;
    Ctx c = site_ctx(r);
    LifeErr e;
    LifeEvent ev;
    LifeBooking bk;
    if (!req_param_id_or_reply(r, "id", &id))
        return;
    if (!life_event_get(&c, id, &ev, &e) || !life_may_see(&c, ev.node_path)) {
        reply_not_found(r);
        return;
    }
    if (!auth_require_or_reply(r, PERM_LIFE_MANAGE, ev.node_path) ||
        !req_form_int_or_reply(r, "code", 1, INT64_MAX, 0, &code))
        return;
    if (!life_booking_get(&c, code, &bk, &e) || bk.event_id != ev.id) {
        life_err_reply(r, &(LifeErr){LM_NO_SUCH_BOOKING, "code", NULL});
        return;
    }
    if (!life_checkin(&c, bk.id, &e)) {
        life_err_reply(r, &e);
        return;
    }
    resp_redirect(r, arena_printf(r->arena, "/life/events/%lld?checked=%lld", (long long)ev.id, (long long)bk.id));
}

/* POST /life/rewards/{id}/redeem: the caller spends points on a reward. */
void page_life_redeem_post(Req *r)
{
    int64_t id, red;
    Ctx c = site_ctx(r);
    LifeErr e;
    LifeReward rw;
    if (!req_param_id_or_reply(r, "id", &id))
        return;
    if (!life_reward_get(&c, id, &rw, &e) || !life_may_see(&c, rw.node_path)) {
        reply_not_found(r);
        return;
    }
    if (!life_points_redeem(&c, r->who->user_id, rw.id, &red, &e)) {
        life_err_reply(r, &e);
        return;
    }
    resp_redirect(r, arena_printf(r->arena, "/life?node=%lld&redeemed=%lld", (long long)rw.node_id, (long long)red));
}
