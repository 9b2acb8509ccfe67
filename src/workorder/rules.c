/* rules.c: the pure rules of work orders: the state machine, the SLA clock
 * with working hours and holidays, the escalation ladder, percentiles, the
 * image type by content and the reporting scope. No I/O here. */
#include "workorder/workorder.h"
#include "core/clock.h"

#include <stdio.h>
#include <string.h>

/* ---- states and actions ------------------------------------------------- */

static const char *const state_names[WO__STATE_COUNT] = {
    "reported", "accepted", "dispatched", "in_progress", "done", "closed", "reopened", "merged", "hidden",
    "confirmed_by_reporter",
};
static const char *const state_labels[WO__STATE_COUNT] = {
    "已上报", "已受理", "已派单", "处理中", "待确认", "已结单", "已退回", "已合并", "已屏蔽", "待院委会确认",
};
static const char *const action_names[WO__ACT_COUNT] = {
    "accept", "dispatch", "meeting", "progress", "done", "confirm", "reject", "close", "merge", "hide",
    "committee_confirm", "committee_reject",
};
static const char *const action_labels[WO__ACT_COUNT] = {
    "受理", "派单", "召开协调会", "反馈进展", "办结", "确认结单", "不满意退回", "超时结单", "合并重复", "屏蔽",
    "院委会确认结单", "院委会退回",
};

const char *wo_state_name(WoState s)
{
    return (unsigned)s < WO__STATE_COUNT ? state_names[s] : "";
}
const char *wo_state_label_zh(WoState s)
{
    return (unsigned)s < WO__STATE_COUNT ? state_labels[s] : "";
}
const char *wo_action_name(WoAction a)
{
    return (unsigned)a < WO__ACT_COUNT ? action_names[a] : "";
}
const char *wo_action_label_zh(WoAction a)
{
    return (unsigned)a < WO__ACT_COUNT ? action_labels[a] : "";
}

bool wo_state_parse(const char *name, WoState *out)
{
    for (int i = 0; name && i < WO__STATE_COUNT; i++)
        if (strcmp(name, state_names[i]) == 0) {
            *out = (WoState)i;
            return true;
        }
    return false;
}

bool wo_action_parse(const char *name, WoAction *out)
{
    for (int i = 0; name && i < WO__ACT_COUNT; i++)
        if (strcmp(name, action_names[i]) == 0) {
            *out = (WoAction)i;
            return true;
        }
    return false;
}

bool wo_state_is_open(WoState s)
{
    return s != WO_CLOSED && s != WO_MERGED && s != WO_HIDDEN;
}

bool wo_class_valid(const char *c)
{
    return c && (strcmp(c, "routine") == 0 || strcmp(c, "emergency") == 0 || strcmp(c, "complex") == 0);
}

const char *wo_class_label_zh(const char *c)
{
    if (c && strcmp(c, "emergency") == 0)
        return "紧急";
    if (c && strcmp(c, "complex") == 0)
        return "复杂/群体";
    return "一般";
}

/* Who may take each action: the one capability it needs. */
static const int action_cap[WO__ACT_COUNT] = {
    [WO_ACT_ACCEPT] = WO_CAP_DISPATCHER, [WO_ACT_DISPATCH] = WO_CAP_DISPATCHER, [WO_ACT_MEETING] = WO_CAP_DISPATCHER,
    [WO_ACT_PROGRESS] = WO_CAP_HANDLER,  [WO_ACT_DONE] = WO_CAP_HANDLER,        [WO_ACT_CONFIRM] = WO_CAP_REPORTER,
    [WO_ACT_REJECT] = WO_CAP_REPORTER,   [WO_ACT_CLOSE] = WO_CAP_DISPATCHER,    [WO_ACT_MERGE] = WO_CAP_DISPATCHER,
    [WO_ACT_HIDE] = WO_CAP_DISPATCHER,   [WO_ACT_COMMITTEE_CONFIRM] = WO_CAP_COMMITTEE,
    [WO_ACT_COMMITTEE_REJECT] = WO_CAP_COMMITTEE,
};

/* The transition table: next state per (state, action); -1 = not from here. */
// clang-format off
#define NO (-1)
static const signed char transitions[WO__STATE_COUNT][WO__ACT_COUNT] = {
    /*                accept       dispatch       meeting         progress        done     confirm    reject       close      merge      hide       c_confirm  c_reject */
    [WO_REPORTED]    = {WO_ACCEPTED, NO,            NO,             NO,             NO,      NO,        NO,          NO,        WO_MERGED, WO_HIDDEN, NO,        NO},
    [WO_ACCEPTED]    = {NO,          WO_DISPATCHED, WO_ACCEPTED,    NO,             NO,      NO,        NO,          NO,        WO_MERGED, WO_HIDDEN, NO,        NO},
    [WO_DISPATCHED]  = {NO,          WO_DISPATCHED, WO_DISPATCHED,  WO_IN_PROGRESS, WO_DONE, NO,        NO,          NO,        NO,        NO,        NO,        NO},
    [WO_IN_PROGRESS] = {NO,          NO,            WO_IN_PROGRESS, WO_IN_PROGRESS, WO_DONE, NO,        NO,          NO,        NO,        NO,        NO,        NO},
    [WO_DONE]        = {NO,          NO,            NO,             NO,             NO,      WO_CLOSED, WO_REOPENED, WO_CLOSED, NO,        NO,        NO,        NO},
    [WO_CLOSED]      = {NO,          NO,            NO,             NO,             NO,      NO,        NO,          NO,        NO,        NO,        NO,        NO},
    [WO_REOPENED]    = {NO,          WO_DISPATCHED, NO,             WO_IN_PROGRESS, NO,      NO,        NO,          NO,        NO,        NO,        NO,        NO},
    [WO_MERGED]      = {NO,          NO,            NO,             NO,             NO,      NO,        NO,          NO,        NO,        NO,        NO,        NO},
    [WO_HIDDEN]      = {NO,          NO,            NO,             NO,             NO,      NO,        NO,          NO,        NO,        NO,        NO,        NO},
    /* confirmed_by_reporter: only the committee moves it (closed, or reopened with a reason) */
    [WO_CONFIRMED_BY_REPORTER] = {NO, NO,           NO,             NO,             NO,      NO,        NO,          NO,        NO,        NO,        WO_CLOSED, WO_REOPENED},
};
#undef NO
// clang-format on

WoDecision wo_decide(WoState state, WoAction action, int caps, bool complex, bool confirm_window_passed)
{
    return wo_decide_ex(state, action, caps, complex, confirm_window_passed, false);
}

WoDecision wo_decide_ex(WoState state, WoAction action, int caps, bool complex, bool confirm_window_passed,
                        bool committee_required)
{
    WoDecision d = {WO_REFUSE_STATE, state, WO_WHY_STATE};
    if ((unsigned)state >= WO__STATE_COUNT || (unsigned)action >= WO__ACT_COUNT)
        return d;
    if (!(caps & action_cap[action])) {
        d.refusal = WO_REFUSE_ROLE;
        d.why = action_cap[action] == WO_CAP_REPORTER    ? WO_WHY_NEED_REPORTER
                : action_cap[action] == WO_CAP_HANDLER   ? WO_WHY_NEED_HANDLER
                : action_cap[action] == WO_CAP_COMMITTEE ? WO_WHY_NEED_COMMITTEE
                                                         : WO_WHY_NEED_DISPATCHER;
        return d;
    }
    int next = transitions[state][action];
    if (next < 0) {
        if (state == WO_CLOSED && (action == WO_ACT_CONFIRM || action == WO_ACT_COMMITTEE_CONFIRM))
            d.why = WO_WHY_ALREADY_CLOSED;
        else if (state == WO_CONFIRMED_BY_REPORTER && (action == WO_ACT_CONFIRM || action == WO_ACT_REJECT))
            d.why = WO_WHY_AWAITING_COMMITTEE;
        else if (state == WO_DONE && (action == WO_ACT_COMMITTEE_CONFIRM || action == WO_ACT_COMMITTEE_REJECT))
            d.why = WO_WHY_REPORTER_FIRST;
        else if (!wo_state_is_open(state))
            d.why = WO_WHY_FINISHED;
        return d;
    }
    if (action == WO_ACT_MEETING && !complex) {
        d.refusal = WO_REFUSE_NOT_COMPLEX;
        d.why = WO_WHY_NOT_COMPLEX;
        return d;
    }
    if (action == WO_ACT_CLOSE && !confirm_window_passed) {
        d.refusal = WO_REFUSE_TOO_EARLY;
        d.why = WO_WHY_TOO_EARLY;
        return d;
    }
    d.refusal = WO_OK;
    d.next = (WoState)next;
    if (action == WO_ACT_CONFIRM && committee_required)
        d.next = WO_CONFIRMED_BY_REPORTER;
    d.why = WO_WHY_NONE;
    return d;
}

const char *wo_why_zh(WoWhy why)
{
    switch (why) {
    case WO_WHY_NONE:
        return "";
    case WO_WHY_NEED_DISPATCHER:
        return "只有网格员或社区工作者可以受理、派单、合并、屏蔽或结单";
    case WO_WHY_NEED_HANDLER:
        return "只有接到派单的处置单位可以反馈进展或办结";
    case WO_WHY_NEED_REPORTER:
        return "只有报事人可以确认或退回";
    case WO_WHY_STATE:
        return "这个工单当前的状态不允许这样操作";
    case WO_WHY_ALREADY_CLOSED:
        return "这个工单已经结单，不能重复确认";
    case WO_WHY_FINISHED:
        return "这个工单已经结束，不能再操作";
    case WO_WHY_NOT_COMPLEX:
        return "只有复杂或群体性事项需要召开协调会";
    case WO_WHY_TOO_EARLY:
        return "报事人确认期限未到，暂不能代为结单";
    case WO_WHY_NEED_COMMITTEE:
        return "只有本院落的院委会可以确认或退回（社区要求院委会确认时）";
    case WO_WHY_AWAITING_COMMITTEE:
        return "报事人已经确认，正在等待院委会确认";
    case WO_WHY_REPORTER_FIRST:
        return "需要报事人先确认，院委会再确认";
    }
    return "";
}

const char *wo_why_en(WoWhy why)
{
    switch (why) {
    case WO_WHY_NONE:
        return "";
    case WO_WHY_NEED_DISPATCHER:
        return "Only a grid worker or community staff may accept, dispatch, merge, hide or close";
    case WO_WHY_NEED_HANDLER:
        return "Only an organisation the order was dispatched to may post progress or finish it";
    case WO_WHY_NEED_REPORTER:
        return "Only the reporter may confirm or reject";
    case WO_WHY_STATE:
        return "This action does not apply in the order's current state";
    case WO_WHY_ALREADY_CLOSED:
        return "This order is already closed; it cannot be confirmed twice";
    case WO_WHY_FINISHED:
        return "This order is finished; no further action applies";
    case WO_WHY_NOT_COMPLEX:
        return "Only complex or group matters have a coordination meeting";
    case WO_WHY_TOO_EARLY:
        return "The reporter's time to confirm has not run out yet";
    case WO_WHY_NEED_COMMITTEE:
        return "Only the compound's committee may confirm or reject, where the community requires it";
    case WO_WHY_AWAITING_COMMITTEE:
        return "The reporter has confirmed; the order waits for the committee";
    case WO_WHY_REPORTER_FIRST:
        return "The reporter confirms first, then the committee";
    }
    return "";
}

/* ---- dates ---------------------------------------------------------------- */

/* YYYYMMDD of day z since 1970-01-01. */
static int32_t yyyymmdd_of_day(int64_t z)
{
    int y, m, d;
    civil_from_days(z, &y, &m, &d);
    return (int32_t)(y * 10000 + m * 100 + d);
}

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

int32_t sla_local_date(int64_t t)
{
    return yyyymmdd_of_day(floor_div(t + CLOCK_UTC_OFFSET, 86400));
}

int32_t sla_local_month(int64_t t)
{
    return sla_local_date(t) / 100;
}

static bool date_in(const int32_t *list, int n, int32_t d)
{
    for (int i = 0; i < n; i++)
        if (list[i] == d)
            return true;
    return false;
}

bool sla_calendar_add_day(SlaCalendar *cal, int32_t d, bool holiday)
{
    int m = d / 100 % 100, day = d % 100;
    if (d < 19700101 || d > 99991231 || m < 1 || m > 12 || day < 1 || day > 31)
        return false;
    if (holiday) {
        if (cal->n_holidays >= SLA_MAX_DAYS)
            return false;
        cal->holidays[cal->n_holidays++] = d;
    } else {
        if (cal->n_workdays >= SLA_MAX_DAYS)
            return false;
        cal->workdays[cal->n_workdays++] = d;
    }
    return true;
}

/* ---- the SLA clock -------------------------------------------------------- */

int64_t sla_deadline(int64_t start, int64_t minutes, const SlaCalendar *cal)
{
    if (minutes <= 0)
        return start;
    int any = 0;
    for (int w = 0; cal && w < 7; w++)
        any += cal->n_windows[w];
    if (!cal || any == 0)
        return start + minutes * 60;
    int64_t remaining = minutes * 60;
    int64_t day = floor_div(start + CLOCK_UTC_OFFSET, 86400);
    int64_t pos = start + CLOCK_UTC_OFFSET - day * 86400; /* seconds into the local day */
    /* Every day with windows gives at least a minute, and holidays are
     * bounded, so this ends; the cap guards against a pathological calendar. */
    for (int guard = 0; guard < 100000; guard++, day++, pos = 0) {
        int32_t date = yyyymmdd_of_day(day);
        int wd = (int)((day % 7 + 7 + 3) % 7); /* 1970-01-01 was a Thursday; 0 = Monday */
        int src = wd;
        if (date_in(cal->workdays, cal->n_workdays, date)) {
            src = 0; /* a make-up working day works Monday's hours */
        } else if (date_in(cal->holidays, cal->n_holidays, date)) {
            continue;
        }
        int64_t day_utc = day * 86400 - CLOCK_UTC_OFFSET;
        for (int i = 0; i < cal->n_windows[src]; i++) {
            int64_t ws = (int64_t)cal->windows[src][i].start * 60, we = (int64_t)cal->windows[src][i].end * 60;
            if (pos >= we)
                continue;
            int64_t from = pos > ws ? pos : ws;
            if (remaining <= we - from)
                return day_utc + from + remaining;
            remaining -= we - from;
            pos = we;
        }
    }
    return start + minutes * 60;
}

/* "HH:MM" at s; advances *s. */
static bool parse_hhmm(const char **s, int *out)
{
    const char *p = *s;
    if (!(p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9' && p[2] == ':' && p[3] >= '0' && p[3] <= '9' &&
          p[4] >= '0' && p[4] <= '9'))
        return false;
    int h = (p[0] - '0') * 10 + (p[1] - '0'), m = (p[3] - '0') * 10 + (p[4] - '0');
    if (h > 24 || m > 59 || (h == 24 && m != 0))
        return false;
    *out = h * 60 + m;
    *s = p + 5;
    return true;
}

bool sla_week_parse(const char *spec, SlaCalendar *cal)
{
    if (!spec)
        return false;
    memset(cal->n_windows, 0, sizeof cal->n_windows);
    const char *p = spec;
    for (int d = 0; d < 7; d++) {
        int last_end = -1;
        while (*p && *p != ';') {
            int a, b;
            if (!parse_hhmm(&p, &a) || *p++ != '-' || !parse_hhmm(&p, &b) || a >= b || a < last_end ||
                cal->n_windows[d] >= SLA_MAX_WINDOWS)
                return false;
            cal->windows[d][cal->n_windows[d]].start = a;
            cal->windows[d][cal->n_windows[d]].end = b;
            cal->n_windows[d]++;
            last_end = b;
            if (*p == ',')
                p++;
            else if (*p && *p != ';')
                return false;
        }
        if (d < 6) {
            if (*p != ';')
                return false;
            p++;
        }
    }
    return *p == '\0';
}

/* ---- pending deadlines ------------------------------------------------------ */

static void take_min(int64_t *m, int64_t v)
{
    if (v > 0 && (*m == 0 || v < *m))
        *m = v;
}

int64_t wo_first_pending(const WoClock *c)
{
    if (!wo_state_is_open(c->state))
        return 0;
    int64_t m = 0;
    if (c->state == WO_REPORTED && !c->accepted_at)
        take_min(&m, c->response_due);
    if (c->state == WO_DISPATCHED && !c->onsite_at)
        take_min(&m, c->onsite_due);
    bool fixed = c->state == WO_DONE || c->state == WO_CONFIRMED_BY_REPORTER;
    if (!fixed && !c->meeting_at)
        take_min(&m, c->meeting_due);
    if (!fixed && !c->done_at)
        take_min(&m, c->resolve_due);
    return m;
}

/* ---- escalation ------------------------------------------------------------ */

int wo_escalation_step(const WoEscStep *ladder, int n, int current, int64_t since, int64_t now, int64_t *next_at)
{
    *next_at = 0;
    for (int i = 0; i < n; i++) {
        if (ladder[i].level <= current)
            continue;
        int64_t due = since + ladder[i].after_minutes * 60;
        if (due <= now)
            return i;
        *next_at = due;
        return -1;
    }
    return -1;
}

/* ---- metrics ----------------------------------------------------------------- */

bool wo_percentile(const int64_t *sorted, int n, int pct, int64_t *out)
{
    if (n <= 0)
        return false;
    if (pct < 1)
        pct = 1;
    if (pct > 100)
        pct = 100;
    /* nearest rank: the smallest value with at least pct% of values at or below it */
    int rank = (int)(((int64_t)pct * n + 99) / 100);
    *out = sorted[rank - 1];
    return true;
}

/* ---- photos ----------------------------------------------------------------- */

const char *wo_image_type(const unsigned char *d, size_t n, const char **ext)
{
    if (n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF) {
        *ext = "jpg";
        return "image/jpeg";
    }
    if (n >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0) {
        *ext = "png";
        return "image/png";
    }
    if (n >= 12 && memcmp(d, "RIFF", 4) == 0 && memcmp(d + 8, "WEBP", 4) == 0) {
        *ext = "webp";
        return "image/webp";
    }
    *ext = NULL;
    return NULL;
}

/* ---- Open311 input ---------------------------------------------------------------- */

static bool digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

bool wo_parse_w3c(const char *s, int64_t *out)
{
    int y, mo, d, h = 0, mi = 0, se = 0;
    if (!s || strlen(s) < 10 || !digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &mo) || s[7] != '-' ||
        !digits(s + 8, 2, &d) || !civil_valid(y, mo, d))
        return false;
    const char *p = s + 10;
    int64_t offset = CLOCK_UTC_OFFSET;
    if (*p == 'T' || *p == ' ') {
        if (!digits(p + 1, 2, &h) || p[3] != ':' || !digits(p + 4, 2, &mi) || h > 23 || mi > 59)
            return false;
        p += 6;
        if (*p == ':') {
            if (!digits(p + 1, 2, &se) || se > 60)
                return false;
            p += 3;
            if (*p == '.') /* fractions of a second are ignored */
                for (p++; *p >= '0' && *p <= '9'; p++)
                    ;
        }
        if (*p == 'Z') {
            offset = 0;
            p++;
        } else if (*p == '+' || *p == '-') {
            int oh, om;
            if (!digits(p + 1, 2, &oh) || p[3] != ':' || !digits(p + 4, 2, &om) || oh > 14 || om > 59)
                return false;
            offset = (int64_t)(oh * 3600 + om * 60) * (*p == '-' ? -1 : 1);
            p += 6;
        } else {
            return false; /* the spec requires a zone */
        }
    }
    if (*p)
        return false;
    *out = civil_to_days(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - offset;
    return true;
}

bool wo_parse_coord(const char *s, int limit_degrees, int64_t *out_e6)
{
    if (!s || !*s)
        return false;
    bool neg = false;
    if (*s == '-' || *s == '+')
        neg = *s++ == '-';
    int64_t whole = 0, frac = 0;
    int nd = 0, nf = 0;
    for (; *s >= '0' && *s <= '9'; s++, nd++) {
        whole = whole * 10 + (*s - '0');
        if (whole > limit_degrees)
            return false;
    }
    if (*s == '.') {
        for (s++; *s >= '0' && *s <= '9'; s++, nf++)
            if (nf < 6)
                frac = frac * 10 + (*s - '0');
    }
    if (*s || (nd == 0 && nf == 0))
        return false;
    for (int i = nf < 6 ? nf : 6; i < 6; i++)
        frac *= 10;
    int64_t v = whole * 1000000 + frac;
    if (v > (int64_t)limit_degrees * 1000000)
        return false;
    *out_e6 = neg ? -v : v;
    return true;
}

/* ---- personal data in free text ------------------------------------------------------- */

char *wo_name_mask(Arena *a, const char *name)
{
    if (!name || !*name)
        return NULL;
    size_t n = 1;
    while (name[n] && ((unsigned char)name[n] & 0xC0) == 0x80)
        n++;
    char *out = arena_alloc(a, n + 3);
    memcpy(out, name, n);
    memcpy(out + n, "**", 3);
    return out;
}

/* ---- scope ---------------------------------------------------------------------- */

bool wo_may_report_at(const Principal *p, const char *place_path)
{
    if (!p || !place_path)
        return false;
    if (perm_allows(p, PERM_WO_REPORT, place_path))
        return true;
    for (int i = 0; i < p->n_grants; i++) {
        const Grant *g = &p->grants[i];
        if (!role_has(g->role, PERM_WO_REPORT) || !g->compound_path || !g->compound_path[0])
            continue;
        if (strncmp(place_path, g->compound_path, strlen(g->compound_path)) == 0)
            return true;
    }
    return false;
}

void wo_minutes_zh(int64_t minutes, char out[48])
{
    if (minutes < 0)
        minutes = 0;
    int64_t d = minutes / 1440, h = minutes % 1440 / 60, m = minutes % 60;
    size_t n = 0;
    out[0] = '\0';
    if (d)
        n += (size_t)snprintf(out + n, 48 - n, "%lld 天", (long long)d);
    if (h)
        n += (size_t)snprintf(out + n, 48 - n, "%s%lld 小时", n ? " " : "", (long long)h);
    if (m || !n)
        snprintf(out + n, 48 - n, "%s%lld 分钟", n ? " " : "", (long long)m);
}

bool wo_minutes_from(int64_t value, const char *unit, int64_t max, int64_t *minutes)
{
    int64_t f;
    if (!unit || !*unit || strcmp(unit, "minute") == 0)
        f = 1;
    else if (strcmp(unit, "hour") == 0)
        f = 60;
    else if (strcmp(unit, "day") == 0)
        f = 1440;
    else
        return false;
    if (value < 0 || value > max / f)
        return false;
    *minutes = value * f;
    return true;
}
