/* rules.c: the safety's pure rules: the grading matrix, what a grade sets
 * (deadline and owner) and when a hazard is late. No database, no HTTP;
 * tests/unit/test_safety_rules.c has a row per boundary. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "safety/safety.h"

static const char *const grade_names[GRADE__COUNT] = {"red", "yellow", "blue"};
static const char *const grade_labels[GRADE__COUNT] = {"红色", "黄色", "蓝色"};

bool safety_matrix_parse(const char *text, SafetyMatrix *out)
{
    SafetyMatrix m;
    if (!text || strlen(text) != SAFETY_SCALE * SAFETY_SCALE)
        return false;
    for (int i = 0; i < SAFETY_SCALE * SAFETY_SCALE; i++) {
        HazardGrade g;
        switch (text[i]) {
        case 'r': g = GRADE_RED; break;
        case 'y': g = GRADE_YELLOW; break;
        case 'b': g = GRADE_BLUE; break;
        default: return false;
        }
        m.cell[i / SAFETY_SCALE][i % SAFETY_SCALE] = g;
    }
    *out = m;
    return true;
}

bool safety_grade(const SafetyMatrix *m, int likelihood, int consequence, HazardGrade *out)
{
    if (likelihood < 1 || likelihood > SAFETY_SCALE || consequence < 1 || consequence > SAFETY_SCALE)
        return false;
    *out = m->cell[likelihood - 1][consequence - 1];
    return true;
}

const char *safety_grade_name(HazardGrade g)
{
    return (int)g >= 0 && g < GRADE__COUNT ? grade_names[g] : "";
}

const char *safety_grade_label_zh(HazardGrade g)
{
    return (int)g >= 0 && g < GRADE__COUNT ? grade_labels[g] : "";
}

bool safety_grade_parse(const char *name, HazardGrade *out)
{
    for (int i = 0; name && i < GRADE__COUNT; i++)
        if (strcmp(name, grade_names[i]) == 0) {
            *out = (HazardGrade)i;
            return true;
        }
    return false;
}

int64_t safety_grade_seconds(HazardGrade g)
{
    /* the register's usual commitments: red within a day, yellow a week, blue a month */
    switch (g) {
    case GRADE_RED: return 24 * 3600;
    case GRADE_YELLOW: return 7 * 86400;
    default: return 30 * 86400;
    }
}

const char *safety_grade_owner_role(HazardGrade g)
{
    switch (g) {
    case GRADE_RED: return "community_staff";
    case GRADE_YELLOW: return "grid_worker";
    default: return "micro_grid_worker";
    }
}

int64_t safety_deadline(HazardGrade g, int64_t t)
{
    return t + safety_grade_seconds(g);
}

bool safety_overdue(int64_t deadline, int64_t now)
{
    return now > deadline;
}

bool safety_source_valid(const char *s)
{
    static const char *const ok[] = {"patrol", "inspection", "device", "resident", "other"};
    for (size_t i = 0; s && i < sizeof ok / sizeof ok[0]; i++)
        if (strcmp(s, ok[i]) == 0)
            return true;
    return false;
}

static const char *const slot_names[SLOT__COUNT] = {"am", "pm"};
static const char *const slot_labels[SLOT__COUNT] = {"上午巡", "下午巡"};

const char *safety_slot_name(PatrolSlot s)
{
    return (int)s >= 0 && s < SLOT__COUNT ? slot_names[s] : "";
}

const char *safety_slot_label_zh(PatrolSlot s)
{
    return (int)s >= 0 && s < SLOT__COUNT ? slot_labels[s] : "";
}

bool safety_slot_parse(const char *name, PatrolSlot *out)
{
    for (int i = 0; name && i < SLOT__COUNT; i++)
        if (strcmp(name, slot_names[i]) == 0) {
            *out = (PatrolSlot)i;
            return true;
        }
    return false;
}

void safety_slot_window(int64_t day_start, PatrolSlot s, int64_t *start, int64_t *end)
{
    /* the morning round before noon, the afternoon one before the evening's end */
    *start = day_start + (s == SLOT_AM ? 6 : 14) * 3600;
    *end = day_start + (s == SLOT_AM ? 12 : 22) * 3600;
}

bool safety_slot_at(int64_t day_start, int64_t t, PatrolSlot *out)
{
    for (int i = 0; i < SLOT__COUNT; i++) {
        int64_t s, e;
        safety_slot_window(day_start, (PatrolSlot)i, &s, &e);
        if (t >= s && t < e) {
            *out = (PatrolSlot)i;
            return true;
        }
    }
    return false;
}

static const char *const round_names[ROUND__COUNT] = {"pending",    "in_progress", "completed",
                                                      "incomplete", "expired",     "not_due"};
static const char *const round_labels[ROUND__COUNT] = {"未开始", "进行中", "已完成", "未巡完", "漏巡", "无需巡查"};

const char *safety_round_state_name(RoundState s)
{
    return (int)s >= 0 && s < ROUND__COUNT ? round_names[s] : "";
}

const char *safety_round_state_label_zh(RoundState s)
{
    return (int)s >= 0 && s < ROUND__COUNT ? round_labels[s] : "";
}

RoundState safety_round_state(int n, const bool *done, int64_t start, int64_t end, int64_t since, int64_t now,
                              int *skipped, int *n_skipped)
{
    int k = 0;
    for (int i = 0; i < n; i++)
        k += done[i] ? 1 : 0;
    *n_skipped = 0;
    if (n > 0 && k == n)
        return ROUND_COMPLETED;
    if (end <= since)
        return ROUND_NOT_DUE;
    if (now < end)
        return now < start || k == 0 ? ROUND_PENDING : ROUND_IN_PROGRESS;
    for (int i = 0; i < n; i++)
        if (!done[i])
            skipped[(*n_skipped)++] = i;
    return k == 0 ? ROUND_EXPIRED : ROUND_INCOMPLETE;
}

bool safety_clock_flagged(int64_t device_time, int64_t server_time)
{
    if (device_time == 0)
        return false;
    int64_t d = device_time - server_time;
    return d > 300 || d < -300;
}

void safety_ymd_text(int32_t ymd, char out[16])
{
    unsigned v = ymd > 0 ? (unsigned)ymd : 0;
    snprintf(out, 16, "%04u-%02u-%02u", v / 10000 % 10000, v / 100 % 100, v % 100);
}

bool safety_plan_kind_valid(const char *kind)
{
    return safety_plan_kind_label_zh(kind)[0] != '\0';
}

const char *safety_plan_kind_label_zh(const char *kind)
{
    static const char *const k[][2] = {{"fire", "火灾"},        {"flood", "汛情"},
                                       {"gas", "燃气"},         {"structural", "房屋结构"},
                                       {"public_health", "公共卫生"}, {"crowd", "人群聚集"}};
    for (size_t i = 0; kind && i < sizeof k / sizeof k[0]; i++)
        if (strcmp(kind, k[i][0]) == 0)
            return k[i][1];
    return "";
}

void safety_incident_times(int64_t declared_at, const int64_t *entry_at, int n, int64_t closed_at,
                           int64_t *first_response_min, int64_t *duration_min)
{
    *first_response_min = -1;
    for (int i = 0; i < n; i++)
        if (entry_at[i] > declared_at) {
            *first_response_min = (entry_at[i] - declared_at) / 60;
            break;
        }
    *duration_min = closed_at > declared_at ? (closed_at - declared_at) / 60 : 0;
}

bool safety_quarter_parse(const char *q, int64_t *start, int64_t *end)
{
    if (!q || strlen(q) != 7 || q[4] != '-' || q[5] != 'Q' || q[6] < '1' || q[6] > '4')
        return false;
    for (int i = 0; i < 4; i++)
        if (q[i] < '0' || q[i] > '9')
            return false;
    int y = atoi(q), n = q[6] - '0';
    if (y < 2000 || y > 2200)
        return false;
    *start = clock_local_day_start(y, (n - 1) * 3 + 1, 1);
    *end = n == 4 ? clock_local_day_start(y + 1, 1, 1) : clock_local_day_start(y, n * 3 + 1, 1);
    return true;
}

int safety_age_band(int64_t created_at, int64_t now)
{
    int64_t days = (now - created_at) / 86400;
    return days < 7 ? 0 : days < 30 ? 1 : days < 90 ? 2 : 3;
}
