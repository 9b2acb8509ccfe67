/* art278.c: counting owners' votes under Civil Code Art. 278, and simple
 * majorities, in integer arithmetic only. */
#include "vote/art278.h"

#include <stdlib.h>
#include <string.h>

bool art278_needs_three_quarters(int matter)
{
    return matter >= 6 && matter <= 8;
}

static const char *const matter_zh[10] = {
    "", "制定和修改业主大会议事规则", "制定和修改管理规约", "选举业主委员会或者更换业主委员会成员",
    "选聘和解聘物业服务企业或者其他管理人", "使用建筑物及其附属设施的维修资金",
    "筹集建筑物及其附属设施的维修资金", "改建、重建建筑物及其附属设施",
    "改变共有部分的用途或者利用共有部分从事经营活动", "有关共有和共同管理权利的其他重大事项",
};
static const char *const matter_en[10] = {
    "", "assembly rules", "management covenant", "electing or replacing the owners' committee",
    "hiring or dismissing the property manager", "using the maintenance funds", "raising maintenance funds",
    "rebuilding or reconstructing buildings and facilities", "changing the use of common parts or using them for business",
    "other major matters",
};

const char *art278_matter_zh(int matter)
{
    return matter >= 1 && matter <= 9 ? matter_zh[matter] : "";
}

const char *art278_matter_en(int matter)
{
    return matter >= 1 && matter <= 9 ? matter_en[matter] : "";
}

void art278_decide(Art278Result *r)
{
    r->supermajority = art278_needs_three_quarters(r->matter);
    r->quorum_area = 3 * r->a_part >= 2 * r->a_total;
    r->quorum_owners = 3 * r->n_part >= 2 * r->n_total;
    r->quorum = r->quorum_area && r->quorum_owners;
    if (r->supermajority) {
        r->pass_area = 4 * r->a_yes >= 3 * r->a_part;
        r->pass_owners = 4 * r->n_yes >= 3 * r->n_part;
    } else {
        r->pass_area = 2 * r->a_yes > r->a_part;
        r->pass_owners = 2 * r->n_yes > r->n_part;
    }
    /* Nobody taking part can never pass, even where 0 ≥ 0 would hold. */
    r->passed = r->quorum && r->pass_area && r->pass_owners && r->n_part > 0;
}

int64_t art278_quorum_gap(int64_t part, int64_t total)
{
    int64_t need = 2 * total - 3 * part; /* figures of a community: far from overflowing */
    return need <= 0 ? 0 : (need + 2) / 3;
}

bool art278_register_too_incomplete(int64_t units, int64_t incomplete, int max_pct)
{
    return units <= 0 || 100 * incomplete > (int64_t)max_pct * units;
}

typedef struct KeyRef {
    const char *key;
    int64_t area;  /* units: the unit's area; ballots: unused */
    int choice;    /* ballots: the choice; units: the holder */
    int seq;       /* input order, so the last ballot of a key wins */
} KeyRef;

static int keyref_cmp(const void *a, const void *b)
{
    const KeyRef *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    return (x->seq > y->seq) - (x->seq < y->seq);
}

bool art278_count(int matter, const Art278Unit *units, int n_units, const Art278Ballot *ballots, int n_ballots,
                  bool nonvoters_yes, Art278Result *out)
{
    if (matter < 1 || matter > 9 || n_units < 0 || n_ballots < 0)
        return false;
    int64_t total = 0;
    for (int i = 0; i < n_units; i++) {
        bool registered = units[i].holder != ART278_UNREGISTERED;
        if ((registered && !units[i].owner_key) || units[i].area < 0 || units[i].area > ART278_AREA_MAX)
            return false;
        total += units[i].area; /* ≤ n·10^15 only transiently; checked at once below */
        if (total > ART278_AREA_MAX)
            return false;
    }
    for (int i = 0; i < n_ballots; i++)
        if (!ballots[i].owner_key)
            return false;
    KeyRef *u = malloc(sizeof *u * (size_t)(n_units ? n_units : 1));
    KeyRef *b = malloc(sizeof *b * (size_t)(n_ballots ? n_ballots : 1));
    if (!u || !b) {
        free(u);
        free(b);
        return false;
    }
    Art278Result r;
    memset(&r, 0, sizeof r);
    r.matter = matter;
    r.nonvoters_yes = nonvoters_yes;
    r.units = n_units;
    /* A unit nobody on the register owns is an owner of its own, who did
     * not vote: it has no key a ballot could name. */
    int nk = 0;
    for (int i = 0; i < n_units; i++) {
        if (units[i].area == 0)
            r.units_without_area++;
        if (units[i].holder == ART278_UNREGISTERED) {
            r.units_unregistered++;
            r.a_unregistered += units[i].area;
            r.units_incomplete++;
            r.a_total += units[i].area;
            r.n_total++;
            r.a_nonvoter += units[i].area;
            r.n_nonvoter++;
            continue;
        }
        if (units[i].area == 0)
            r.units_incomplete++;
        u[nk++] = (KeyRef){units[i].owner_key, units[i].area, (int)units[i].holder, i};
    }
    for (int i = 0; i < n_ballots; i++)
        b[i] = (KeyRef){ballots[i].owner_key, 0, (int)ballots[i].choice, i};
    qsort(u, (size_t)nk, sizeof *u, keyref_cmp);
    qsort(b, (size_t)n_ballots, sizeof *b, keyref_cmp);

    /* Walk both sorted lists: one owner per distinct key, with their area
     * summed, matched to the last ballot given for that key. */
    int j = 0;
    for (int i = 0; i < nk;) {
        const char *key = u[i].key;
        int64_t area = 0, n_units_key = 0;
        bool developer = false;
        while (i < nk && strcmp(u[i].key, key) == 0) {
            developer = developer || u[i].choice == ART278_DEVELOPER;
            n_units_key++;
            area += u[i++].area;
        }
        while (j < n_ballots && strcmp(b[j].key, key) < 0) {
            r.ignored_ballots++;
            j++;
        }
        int choice = CHOICE_NONE;
        while (j < n_ballots && strcmp(b[j].key, key) == 0)
            choice = b[j++].choice; /* sorted by input order within a key: the last wins */
        r.a_total += area;
        r.n_total++;
        if (developer) {
            r.units_developer += n_units_key;
            r.a_developer += area;
            r.n_developer++;
        }
        switch (choice) {
        case CHOICE_YES: r.a_yes += area; r.n_yes++; break;
        case CHOICE_NO: r.a_no += area; r.n_no++; break;
        case CHOICE_ABSTAIN: r.a_abstain += area; r.n_abstain++; break;
        default: r.a_nonvoter += area; r.n_nonvoter++; break;
        }
    }
    r.ignored_ballots += n_ballots - j;
    free(u);
    free(b);
    if (nonvoters_yes) {
        r.a_yes += r.a_nonvoter - r.a_unregistered;
        r.n_yes += r.n_nonvoter - r.units_unregistered;
    }
    r.a_part = r.a_yes + r.a_no + r.a_abstain;
    r.n_part = r.n_yes + r.n_no + r.n_abstain;
    art278_decide(&r);
    *out = r;
    return true;
}

void simple_decide_yes_no(int64_t electorate, int quorum_pct, int64_t yes, int64_t no, int64_t abstain,
                          SimpleResult *out)
{
    memset(out, 0, sizeof *out);
    out->electorate = electorate;
    out->quorum_pct = quorum_pct;
    out->yes = yes;
    out->no = no;
    out->abstain = abstain;
    out->cast = yes + no + abstain;
    out->quorum = 100 * out->cast >= (int64_t)quorum_pct * electorate;
    out->winner = -1;
    out->passed = out->quorum && 2 * yes > out->cast;
}

void simple_decide_options(int64_t electorate, int quorum_pct, int64_t cast, const int64_t *votes, int n,
                           SimpleResult *out)
{
    memset(out, 0, sizeof *out);
    out->electorate = electorate;
    out->quorum_pct = quorum_pct;
    out->cast = cast;
    out->quorum = 100 * cast >= (int64_t)quorum_pct * electorate;
    int best = -1;
    bool tie = false;
    for (int i = 0; i < n; i++) {
        if (votes[i] <= 0)
            continue;
        if (best < 0 || votes[i] > votes[best]) {
            best = i;
            tie = false;
        } else if (votes[i] == votes[best]) {
            tie = true;
        }
    }
    out->winner = tie ? -1 : best;
    out->passed = out->quorum && out->winner >= 0;
}
