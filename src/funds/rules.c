/* rules.c: the funds' domain rules as pure functions (no I/O): balance,
 * levy, approval matrix, maintenance-fund spending, top-up, split,
 * statement parsing and reconciliation matching. */
#include <stdlib.h>
#include <string.h>

#include "funds/funds.h"

#define MONEY_LIMIT FUNDS_MONEY_LIMIT

bool funds_add(int64_t *acc, int64_t v, int64_t limit)
{
    int64_t sum;
    if (__builtin_add_overflow(*acc, v, &sum) || sum > limit || sum < -limit)
        return false;
    *acc = sum;
    return true;
}

bool ledger_balanced(const LedgerLine *lines, int n, int64_t *total)
{
    if (!lines || n < 2)
        return false;
    int64_t debits = 0, credits = 0;
    for (int i = 0; i < n; i++) {
        const LedgerLine *l = &lines[i];
        if (l->debit < 0 || l->credit < 0 || (l->debit > 0) == (l->credit > 0))
            return false;
        if (l->debit > MONEY_LIMIT || l->credit > MONEY_LIMIT)
            return false;
        debits += l->debit; /* n is bounded by the callers, so these never overflow int64 */
        credits += l->credit;
        if (debits > MONEY_LIMIT || credits > MONEY_LIMIT)
            return false;
    }
    if (debits != credits || debits == 0)
        return false;
    if (total)
        *total = debits;
    return true;
}

typedef struct { int64_t account, delta; } AccountDelta;

static int by_account(const void *a, const void *b)
{
    int64_t x = ((const AccountDelta *)a)->account, y = ((const AccountDelta *)b)->account;
    return (x > y) - (x < y);
}

int ledger_account_deltas(const LedgerLine *lines, int n, int64_t *accounts, int64_t *deltas)
{
    if (n <= 0)
        return 0;
    AccountDelta *d = malloc(sizeof *d * (size_t)n);
    if (!d)
        return -1;
    for (int i = 0; i < n; i++) {
        d[i].account = lines[i].account_id;
        if (__builtin_sub_overflow(lines[i].debit, lines[i].credit, &d[i].delta)) {
            free(d);
            return -1;
        }
    }
    qsort(d, (size_t)n, sizeof *d, by_account);
    int m = 0;
    for (int i = 0; i < n; i++) {
        if (m > 0 && accounts[m - 1] == d[i].account) {
            if (!funds_add(&deltas[m - 1], d[i].delta, INT64_MAX)) {
                free(d);
                return -1;
            }
        } else {
            accounts[m] = d[i].account;
            deltas[m] = d[i].delta;
            m++;
        }
    }
    free(d);
    return m;
}

bool ledger_balance_allowed(int64_t before, int64_t after)
{
    if (after >= -MONEY_LIMIT && after <= MONEY_LIMIT)
        return true;
    /* beyond the limit: only a step back toward zero, never across it */
    return before > MONEY_LIMIT ? after < before && after >= 0 : before < -MONEY_LIMIT && after > before && after <= 0;
}

/* (num + den/2) / den for non-negative num: round half up. */
static int64_t div_half_up(__int128 num, int64_t den)
{
    __int128 q = (num + den / 2) / den;
    return q > MONEY_LIMIT ? -1 : (int64_t)q;
}

int64_t levy_amount(LevyRule rule, int64_t area, int64_t rate, int64_t base)
{
    if (area <= 0 || rate <= 0 || base < 0)
        return -1;
    if (rule == LEVY_PER_AREA)
        return div_half_up((__int128)area * rate, 100);
    if (rule == LEVY_PERCENT) {
        if (base == 0)
            return -1;
        return div_half_up((__int128)area * base * rate, 1000000);
    }
    return -1;
}

bool levy_rule_parse(const char *s, LevyRule *out)
{
    if (s && strcmp(s, "per_area") == 0) {
        *out = LEVY_PER_AREA;
        return true;
    }
    if (s && strcmp(s, "percent") == 0) {
        *out = LEVY_PERCENT;
        return true;
    }
    return false;
}

int payment_signatory(Role role)
{
    switch (role) {
    case ROLE_SUPERVISOR: return SIGN_SUPERVISOR;
    case ROLE_FINANCE: return SIGN_FINANCE;
    case ROLE_COMMITTEE: return SIGN_COMMITTEE;
    default: return -1;
    }
}

SignCheck payment_sign_check(const PaymentSigState *s, Role role, int64_t user_id)
{
    if (!s->pending)
        return SIGN_NOT_PENDING;
    int k = payment_signatory(role);
    if (k < 0)
        return SIGN_ROLE_NOT_ENTITLED;
    if (user_id == s->requester_id)
        return SIGN_REQUESTER;
    if (s->signed_by[k])
        return SIGN_ROLE_DONE;
    for (int i = 0; i < SIGN__COUNT; i++)
        if (s->signed_by[i] == user_id)
            return SIGN_SAME_PERSON;
    return SIGN_OK;
}

bool payment_fully_approved(const PaymentSigState *s)
{
    for (int i = 0; i < SIGN__COUNT; i++)
        if (!s->signed_by[i])
            return false;
    /* three different people, none the requester (the matrix guarantees it
     * on the way in; checked again because money leaves on this answer) */
    return s->signed_by[0] != s->signed_by[1] && s->signed_by[0] != s->signed_by[2] &&
           s->signed_by[1] != s->signed_by[2] && s->signed_by[0] != s->requester_id &&
           s->signed_by[1] != s->requester_id && s->signed_by[2] != s->requester_id;
}

static const struct {
    const char *name, *zh;
    bool emergency;
} k_categories[] = {
    {"lift_failure", "电梯故障", true},
    {"fire_equipment", "消防设施故障", true},
    {"roof_wall_leak", "屋面外墙渗漏", true},
    {"burst_drain", "排水管道爆裂堵塞", true},
    {"facade_risk", "外立面存在安全隐患", true},
    {"works", "改造工程", false},
    {"repair", "维修", false},
    {"service", "物业服务", false},
    {"fee", "费用", false},
    {"other", "其他", false},
};

static int category_index(const char *c)
{
    for (size_t i = 0; c && i < sizeof k_categories / sizeof k_categories[0]; i++)
        if (strcmp(c, k_categories[i].name) == 0)
            return (int)i;
    return -1;
}

bool funds_emergency_category(const char *category)
{
    int i = category_index(category);
    return i >= 0 && k_categories[i].emergency;
}

bool funds_category_valid(const char *category)
{
    return category_index(category) >= 0;
}

const char *funds_category_label_zh(const char *category)
{
    int i = category_index(category);
    return i >= 0 ? k_categories[i].zh : "";
}

SpendRule funds_maintenance_spend_rule(const char *category, bool vote_linked, bool vote_passed)
{
    if (funds_emergency_category(category))
        return SPEND_OK;
    if (!vote_linked)
        return SPEND_NEEDS_VOTE;
    return vote_passed ? SPEND_OK : SPEND_VOTE_NOT_PASSED;
}

bool funds_topup_due(int64_t balance, int64_t first_deposit)
{
    if (first_deposit <= 0)
        return false;
    return (__int128)10 * balance < (__int128)3 * first_deposit;
}

bool funds_split(int64_t amount, const int64_t *weights, int n, int64_t *out)
{
    if (n <= 0 || amount < 0 || amount > MONEY_LIMIT)
        return false;
    __int128 total = 0;
    for (int i = 0; i < n; i++) {
        if (weights[i] < 0)
            return false;
        total += weights[i];
    }
    if (total == 0)
        return false;
    int64_t given = 0;
    __int128 *rem = malloc(sizeof *rem * (size_t)n);
    if (!rem)
        return false;
    for (int i = 0; i < n; i++) {
        __int128 num = (__int128)amount * weights[i];
        out[i] = (int64_t)(num / total);
        rem[i] = num % total;
        given += out[i];
    }
    /* hand out the remaining fen, fewer than n of them, to the largest remainders */
    for (int64_t left = amount - given; left > 0; left--) {
        int best = -1;
        for (int i = 0; i < n; i++)
            if (rem[i] >= 0 && (best < 0 || rem[i] > rem[best]))
                best = i;
        out[best]++;
        rem[best] = -1;
    }
    free(rem);
    return true;
}

const char *funds_yuan_text(int64_t fen, char out[FUNDS_YUAN_MAX])
{
    /* INT64_MIN has no positive counterpart: the magnitude in unsigned arithmetic */
    uint64_t mag = fen < 0 ? (uint64_t)(-(fen + 1)) + 1u : (uint64_t)fen;
    char rev[FUNDS_YUAN_MAX];
    size_t n = 0;
    rev[n++] = (char)('0' + mag % 10);
    mag /= 10;
    rev[n++] = (char)('0' + mag % 10);
    mag /= 10;
    rev[n++] = '.';
    int digits = 0;
    do {
        if (digits && digits % 3 == 0)
            rev[n++] = ',';
        rev[n++] = (char)('0' + mag % 10);
        mag /= 10;
        digits++;
    } while (mag);
    size_t k = 0;
    if (fen < 0)
        out[k++] = '-';
    while (n)
        out[k++] = rev[--n];
    out[k] = 0;
    return out;
}

bool funds_parse_money(const char *s, int64_t *fen)
{
    if (!s)
        return false;
    while (*s == ' ')
        s++;
    bool neg = false;
    if (*s == '-' || *s == '+')
        neg = *s++ == '-';
    int64_t yuan = 0;
    int digits = 0;
    for (; *s >= '0' && *s <= '9'; s++, digits++) {
        if (yuan > MONEY_LIMIT / 1000)
            return false;
        yuan = yuan * 10 + (*s - '0');
    }
    if (digits == 0)
        return false;
    int64_t cents = 0;
    if (*s == '.') {
        s++;
        int d = 0;
        for (; *s >= '0' && *s <= '9'; s++, d++) {
            if (d == 2)
                return false;
            cents = cents * 10 + (*s - '0');
        }
        if (d == 0)
            return false;
        if (d == 1)
            cents *= 10;
    }
    while (*s == ' ')
        s++;
    if (*s)
        return false;
    *fen = (yuan * 100 + cents) * (neg ? -1 : 1);
    return true;
}

int funds_reconcile(ReconLine *lines, int n_lines, ReconEntry *entries, int n_entries)
{
    int matched = 0;
    for (int i = 0; i < n_lines; i++)
        lines[i].matched_entry = 0;
    /* pass 1: amount and reference */
    for (int i = 0; i < n_lines; i++) {
        const char *ref = lines[i].reference;
        if (!ref || !*ref)
            continue;
        for (int j = 0; j < n_entries; j++) {
            ReconEntry *e = &entries[j];
            if (!e->used && e->amount == lines[i].amount && e->reference && strcmp(e->reference, ref) == 0) {
                e->used = true;
                lines[i].matched_entry = e->id;
                matched++;
                break;
            }
        }
    }
    /* pass 2: amount within three days, the closest first */
    for (int i = 0; i < n_lines; i++) {
        if (lines[i].matched_entry)
            continue;
        int best = -1;
        int64_t best_gap = 0;
        for (int j = 0; j < n_entries; j++) {
            ReconEntry *e = &entries[j];
            if (e->used || e->amount != lines[i].amount)
                continue;
            int64_t gap = llabs(e->day - lines[i].day);
            if (gap > 3 * 86400)
                continue;
            if (best < 0 || gap < best_gap || (gap == best_gap && e->id < entries[best].id)) {
                best = j;
                best_gap = gap;
            }
        }
        if (best >= 0) {
            entries[best].used = true;
            lines[i].matched_entry = entries[best].id;
            matched++;
        }
    }
    return matched;
}

const char *funds_doc_type(const unsigned char *data, size_t len, const char **ext)
{
    const char *mime = NULL, *e = NULL;
    if (data && len >= 5 && memcmp(data, "%PDF-", 5) == 0) {
        mime = "application/pdf";
        e = "pdf";
    } else if (data && len >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF) {
        mime = "image/jpeg";
        e = "jpg";
    } else if (data && len >= 8 && memcmp(data, "\x89PNG\r\n\x1a\n", 8) == 0) {
        mime = "image/png";
        e = "png";
    }
    if (ext)
        *ext = e;
    return mime;
}

const char *funds_doc_ext(const char *mime)
{
    if (!mime)
        return NULL;
    if (strcmp(mime, "application/pdf") == 0) return "pdf";
    if (strcmp(mime, "image/jpeg") == 0) return "jpg";
    if (strcmp(mime, "image/png") == 0) return "png";
    return NULL;
}

bool funds_doc_kind_valid(const char *kind)
{
    static const char *const kinds[] = {"contract", "acceptance", "invoice", "other"};
    for (size_t i = 0; kind && i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(kind, kinds[i]) == 0)
            return true;
    return false;
}

const char *funds_doc_kind_label_zh(const char *kind)
{
    if (kind && strcmp(kind, "contract") == 0) return "合同";
    if (kind && strcmp(kind, "acceptance") == 0) return "验收记录";
    if (kind && strcmp(kind, "invoice") == 0) return "发票";
    return "其他依据";
}

/* True when path lies in the subtree rooted at root ("/1/4/" holds "/1/4/9/"). */
static bool path_under(const char *path, const char *root)
{
    size_t n = strlen(root);
    return n > 0 && root[n - 1] == '/' && strncmp(path, root, n) == 0;
}

const char *funds_spend_scope(const char *compound_path, const char *vote_path)
{
    if (!compound_path || !vote_path)
        return NULL;
    if (path_under(vote_path, compound_path))
        return vote_path;     /* a building's (or the compound's own) vote: its households */
    if (path_under(compound_path, vote_path))
        return compound_path; /* a vote over a wider area covers the whole compound */
    return NULL;
}

bool funds_in_scope(const char *scope_path, const char *node_path)
{
    return scope_path && node_path && path_under(node_path, scope_path);
}

const char *funds_mask_account(Arena *a, const char *acct)
{
    size_t n = strlen(acct), digits = 0;
    char *out = arena_alloc(a, n + 1);
    out[n] = '\0';
    for (size_t i = n; i-- > 0;)
        out[i] = acct[i] == ' ' ? ' ' : digits++ < 4 ? acct[i] : '*';
    return out;
}

void *funds_grow(Arena *a, void *items, int n, int *cap, int first, size_t size)
{
    if (n < *cap)
        return items;
    *cap = *cap ? *cap * 2 : first;
    void *bigger = arena_alloc(a, size * (size_t)*cap);
    if (n)
        memcpy(bigger, items, size * (size_t)n);
    return bigger;
}
