/* rules.c: the safety's pure rules: the grading matrix, what a grade sets
 * (deadline and owner) and when a hazard is late. No database, no HTTP;
 * tests/unit/test_safety_rules.c has a row per boundary. */
#include <string.h>

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
