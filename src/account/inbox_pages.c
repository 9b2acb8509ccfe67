/* inbox_pages.c: the inbox, what waits for the signed-in principal: the
 * home page's to-do list, GET /api/me/todo and the count beside 首页 in the
 * navigation. An adapter only: each capability answers for its own tables
 * (wo_todo, funds_todo, vote_todo, notify_todo, project_todo, life_todo,
 * survey_todo, safety_todo) and this file sorts and renders. */
#include <pthread.h>
#include <stddef.h> /* store/db.h uses size_t without including it */
#include <string.h>

#include "account/web.h"
#include "core/clock.h"
#include "core/todo.h"
#include "funds/funds.h"
#include "grid/web.h"
#include "notify/send.h"
#include "life/life.h"
#include "safety/safety.h"
#include "project/project.h"
#include "site/page.h"
#include "site/site.h"
#include "survey/survey.h"
#include "vote/vote.h"
#include "workorder/read.h"

/* Every kind the inbox knows, in the order of its summary, with the
 * heading the reader sees. */
static const struct {
    const char *kind, *zh, *en;
} KINDS[] = {
    {"payment_sign", "待我签字", "To sign"},
    {"wo_handle", "待我处理", "To handle"},
    {"wo_late", "即将超时", "About to be late"},
    {"wo_confirm", "待我确认", "To confirm"},
    {"vote_paper", "纸质票待确认", "Paper ballots to confirm"},
    {"vote_close", "待结束计票", "Votes to close"},
    {"wo_rate", "待我评价", "To rate"},
    {"vote_cast", "待我投票", "To vote"},
    {"minutes_confirm", "纪要待确认", "Minutes to confirm"},
    {"notice", "新通知", "New notices"},
    {"life_shift", "我的下一个班次", "My next shift"},
    {"event_promoted", "候补转正", "Off the waiting list"},
    {"survey_answer", "待我填写的问卷", "Surveys to answer"},
    {"survey_check", "纸质问卷待复核", "Paper forms to check"},
    {"patrol_missed", "漏巡待补", "Missed patrols"},
    {"project_defect_overdue", "整改逾期", "Defects overdue"},
    {"project_signoff", "待我签认", "Sign-offs waiting for me"},
};
#define N_KINDS ((int)(sizeof KINDS / sizeof KINDS[0]))

static int kind_index(const char *kind)
{
    for (int i = 0; i < N_KINDS; i++)
        if (strcmp(KINDS[i].kind, kind) == 0)
            return i;
    return -1;
}

static const char *urgency_name(TodoUrgency u)
{
    return u == TODO_OVERDUE ? "overdue" : u == TODO_SOON ? "soon" : "normal";
}

/* The principal's whole to-do list, sorted; false on a storage error. */
static bool gather(Req *r, TodoList *l, bool *capped)
{
    Ctx c = site_ctx(r);
    todo_init(l, r->arena);
    bool a = false, b = false, v = false, n = false, p = false, li = false, sv = false, pr = false;
    if (!wo_todo(&c, l, &a) || !funds_todo(&c, l, &b) || !vote_todo(&c, l, &v) || !notify_todo(&c, l, &n) ||
        !safety_todo(&c, l, &p) || !life_todo(&c, l, &li) || !survey_todo(&c, l, &sv) || !project_todo(&c, l, &pr))
        return false;
    *capped = a || b || v || n || p || li || sv || pr;
    todo_sort(l);
    return true;
}

static void badge_put(int64_t user_id, int n);

void api_me_todo(Req *r)
{
    if (!auth_require_or_reply(r, PERM_LOGIN, NULL))
        return;
    TodoList l;
    bool capped = false;
    if (!gather(r, &l, &capped)) {
        reply_storage_error(r);
        return;
    }
    badge_put(r->who->user_id, l.n);
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    for (int i = 0; i < l.n; i++) {
        const TodoItem *t = &l.items[i];
        buf_printf(&r->out, "%s{\"kind\":%j,\"title\":%j,\"link\":%j,\"due\":", i ? "," : "", t->kind, t->title,
                   t->link);
        if (t->due) {
            char when[26];
            clock_format_iso(t->due, when);
            buf_printf(&r->out, "%j", when);
        } else {
            buf_puts(&r->out, "null");
        }
        buf_printf(&r->out, ",\"urgency\":%j}", urgency_name(t->urgency));
    }
    buf_puts(&r->out, "],\"counts\":{");
    for (int k = 0; k < N_KINDS; k++)
        buf_printf(&r->out, "%s%j:%d", k ? "," : "", KINDS[k].kind, todo_count(&l, KINDS[k].kind));
    buf_printf(&r->out, "},\"total\":%d,\"capped\":%s}", l.n, capped ? "true" : "false");
}

/* The badge beside 首页 on every page. Gathering the whole inbox for it on
 * every page view roughly halved the throughput of a household's page in
 * make bench (the three capabilities' reads cost more than the page), so a
 * count up to BADGE_TTL seconds old is shown; the home page, the inbox
 * itself, always gathers afresh and refreshes it, so acting and coming back
 * home shows the new count at once. Kept per process, by user, in a small
 * table where a newer user may take an older one's slot. */
#define BADGE_SLOTS 1024
#define BADGE_TTL 30
static struct {
    int64_t user_id, at;
    int n;
} g_badge[BADGE_SLOTS];
static pthread_mutex_t g_badge_lock = PTHREAD_MUTEX_INITIALIZER;

static void badge_put(int64_t user_id, int n)
{
    pthread_mutex_lock(&g_badge_lock);
    size_t k = (size_t)user_id % BADGE_SLOTS;
    g_badge[k].user_id = user_id;
    g_badge[k].at = clock_now();
    g_badge[k].n = n;
    pthread_mutex_unlock(&g_badge_lock);
}

static bool badge_get(int64_t user_id, int *n)
{
    pthread_mutex_lock(&g_badge_lock);
    size_t k = (size_t)user_id % BADGE_SLOTS;
    int64_t age = clock_now() - g_badge[k].at;
    bool hit = g_badge[k].user_id == user_id && age >= 0 && age < BADGE_TTL;
    *n = g_badge[k].n;
    pthread_mutex_unlock(&g_badge_lock);
    return hit;
}

int inbox_todo_count(Req *r)
{
    if (!r->who)
        return 0;
    int n;
    if (badge_get(r->who->user_id, &n))
        return n;
    TodoList l;
    bool capped = false;
    /* the navigation shows no count rather than fail the page it sits on */
    if (!gather(r, &l, &capped))
        return 0;
    badge_put(r->who->user_id, l.n);
    return l.n;
}

/* The to-do list of the home page: a summary of the counts, then every
 * item, most urgent first, each one tap from the page where it is done. */
static void render_inbox(Req *r, const TodoList *l)
{
    buf_printf(&r->out, "<section class=\"inbox\" aria-labelledby=\"inbox-h\">\n<h2 id=\"inbox-h\">%s",
               L(r, "我的待办", "Waiting for me"));
    if (l->n)
        buf_printf(&r->out, " <span class=\"badge\">%d</span>", l->n);
    buf_puts(&r->out, "</h2>\n");
    if (!l->n) {
        buf_printf(&r->out, "<p class=\"empty\">%s</p>\n</section>\n",
                   L(r, "暂时没有等您办理的事。", "Nothing is waiting for you."));
        return;
    }
    buf_puts(&r->out, "<ul class=\"todo-counts\">");
    for (int k = 0; k < N_KINDS; k++) {
        int n = todo_count(l, KINDS[k].kind);
        if (n)
            buf_printf(&r->out, "<li>%s <b>%d</b></li>", L(r, KINDS[k].zh, KINDS[k].en), n);
    }
    buf_puts(&r->out, "</ul>\n<ol class=\"todo\">\n");
    for (int i = 0; i < l->n; i++) {
        const TodoItem *t = &l->items[i];
        int k = kind_index(t->kind);
        buf_printf(&r->out, "<li class=\"todo-item %s\" data-kind=\"%h\"><a href=\"%h\"><span class=\"kind\">%s</span> %h",
                   urgency_name(t->urgency), t->kind, t->link, k >= 0 ? L(r, KINDS[k].zh, KINDS[k].en) : "",
                   t->title);
        if (t->due) {
            char when[20];
            clock_format_local(t->due, when);
            buf_printf(&r->out, " <span class=\"due\">%s%h</span>",
                       t->urgency == TODO_OVERDUE ? L(r, "已超时：", "Overdue: ") : L(r, "截止：", "Due: "), when);
        }
        buf_puts(&r->out, "</a></li>\n");
    }
    buf_puts(&r->out, "</ol>\n</section>\n");
}

void page_home_inbox(Req *r)
{
    if (!r->who) {
        page_home(r);
        return;
    }
    TodoList l;
    bool capped = false;
    if (!gather(r, &l, &capped)) {
        reply_storage_error(r);
        return;
    }
    r->nav_todo = l.n + 1; /* the count is known: the navigation need not gather it again */
    badge_put(r->who->user_id, l.n);
    const char *name = r->who->display_name && r->who->display_name[0] ? r->who->display_name : r->who->username;
    page_begin(r, L(r, "首页", "Home"));
    buf_printf(&r->out, "<h1>%s%h</h1>\n", L(r, "您好，", "Hello, "), name);
    render_inbox(r, &l);
    if (page_home_sections(r))
        page_end(r);
}
