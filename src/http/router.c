/* router.c: matching a method and path against the route table, and the start-up check of that table. */
#include "http/router.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Patterns are matched in place, segment by segment, without splitting
 * them into arrays: a linear scan over fewer than 200 routes costs a few
 * microseconds and needs no state shared between threads. */

static bool is_name_char(char c, bool first)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (!first && c >= '0' && c <= '9');
}

/* Matches one route's pattern against path. On success returns true, with
 * the number of {params} in *n_params and a bit mask of literal segments
 * (segment 0 in the highest bit used) in *literal_mask, so that a literal
 * segment is preferred over a {param} at the same place
 * ("/api/nodes/search" wins over "/api/nodes/{id}"). */
static bool pattern_match(const char *pat, const char *path, int *n_params, uint64_t *literal_mask)
{
    int params = 0;
    uint64_t mask = 0;
    int seg = 0;
    const char *p = pat, *s = path;
    if (*p != '/' || *s != '/')
        return false;
    for (;;) {
        /* both at a '/' */
        p++;
        s++;
        if (*p == '{') {
            const char *close = strchr(p, '}');
            if (!close)
                return false;
            const char *end = s;
            while (*end && *end != '/')
                end++;
            if (end == s)
                return false; /* {name} needs a non-empty segment */
            params++;
            p = close + 1;
            s = end;
        } else {
            while (*p && *p != '/' && *p == *s) {
                p++;
                s++;
            }
            if ((*p && *p != '/') || (*s && *s != '/'))
                return false;
            if (seg < 63)
                mask |= (uint64_t)1 << (63 - seg);
        }
        seg++;
        if (*p == '\0' && *s == '\0')
            break;
        if (*p != '/' || *s != '/')
            return false;
    }
    *n_params = params;
    *literal_mask = mask;
    return true;
}

static void fill_params(Req *r, const char *pat, const char *path, int n)
{
    r->params = n ? arena_alloc(r->arena, sizeof(KV) * (size_t)n) : NULL;
    r->n_params = 0;
    const char *p = pat, *s = path;
    while (*p) {
        p++;
        s++;
        if (*p == '{') {
            const char *close = strchr(p, '}');
            const char *end = s;
            while (*end && *end != '/')
                end++;
            KV *kv = &r->params[r->n_params++];
            kv->key = arena_strndup(r->arena, p + 1, (size_t)(close - p - 1));
            kv->value = arena_strndup(r->arena, s, (size_t)(end - s));
            p = close + 1;
            s = end;
        } else {
            while (*p && *p != '/') {
                p++;
                s++;
            }
        }
    }
}

const Route *router_match(Req *r, const Route *routes, int n, const char *method, const char *path, bool *method_mismatch)
{
    /* HEAD is GET without the body; libmicrohttpd drops the body itself. */
    if (strcmp(method, "HEAD") == 0)
        method = "GET";
    const Route *best = NULL;
    uint64_t best_mask = 0;
    int best_params = 0;
    bool other_method = false;
    for (int i = 0; i < n; i++) {
        int np;
        uint64_t mask;
        if (!pattern_match(routes[i].pattern, path, &np, &mask))
            continue;
        if (strcmp(routes[i].method, method) != 0) {
            other_method = true;
            continue;
        }
        if (!best || mask > best_mask) {
            best = &routes[i];
            best_mask = mask;
            best_params = np;
        }
    }
    if (method_mismatch)
        *method_mismatch = !best && other_method;
    if (best && r) {
        fill_params(r, best->pattern, path, best_params);
        r->route = best;
    }
    return best;
}

/* True when the space-separated list decl holds the word name. */
static bool declared(const char *decl, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = decl; *p;) {
        const char *end = strchr(p, ' ');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        if (len == n && memcmp(p, name, n) == 0)
            return true;
        if (!end)
            break;
        p = end + 1;
    }
    return false;
}

const char *router_unknown_query(const Route *rt, const Req *r)
{
    if (!rt || !rt->query)
        return NULL;
    for (int i = 0; i < r->n_query; i++)
        if (!declared(rt->query, r->query[i].key))
            return r->query[i].key;
    return NULL;
}

/* A query declaration is names ([a-z_][a-z0-9_]*) separated by single spaces, each once. */
static bool query_decl_ok(const Route *rt, char *err, size_t errlen)
{
    const char *q = rt->query;
    if (!q) {
        snprintf(err, errlen, "API route %s %s does not declare its query parameters (\"\" when it takes none)",
                 rt->method, rt->pattern);
        return false;
    }
    for (const char *p = q; *p;) {
        const char *end = p;
        while (*end && *end != ' ')
            end++;
        bool ok = end > p;
        for (const char *c = p; ok && c < end; c++)
            ok = (*c >= 'a' && *c <= 'z') || *c == '_' || (c > p && *c >= '0' && *c <= '9');
        /* each word once: compare with the words before it (each ends in a space before p) */
        for (const char *s = q; ok && s < p;) {
            const char *e = strchr(s, ' ');
            ok = !(e - s == end - p && memcmp(s, p, (size_t)(end - p)) == 0);
            s = e + 1;
        }
        if (!ok || (*end == ' ' && end[1] == '\0')) {
            snprintf(err, errlen, "route %s %s: bad query declaration \"%s\" (names, single spaces, each once)",
                     rt->method, rt->pattern, q);
            return false;
        }
        p = *end ? end + 1 : end;
    }
    return true;
}

/* Checks one pattern's syntax; fills err and returns false when malformed. */
static bool pattern_ok(const char *pat, char *err, size_t errlen)
{
    if (!pat || pat[0] != '/') {
        snprintf(err, errlen, "pattern \"%s\" must start with /", pat ? pat : "(null)");
        return false;
    }
    if (strcmp(pat, "/") == 0)
        return true;
    const char *names[32];
    size_t name_lens[32];
    int n_names = 0;
    const char *p = pat;
    while (*p) {
        p++; /* past '/' */
        const char *end = p;
        while (*end && *end != '/')
            end++;
        if (end == p) {
            snprintf(err, errlen, "pattern \"%s\" has an empty segment or a trailing /", pat);
            return false;
        }
        if (*p == '{') {
            if (end[-1] != '}' || end - p < 3) {
                snprintf(err, errlen, "pattern \"%s\": a {param} must fill its whole segment and have a name", pat);
                return false;
            }
            for (const char *c = p + 1; c < end - 1; c++) {
                if (!is_name_char(*c, c == p + 1)) {
                    snprintf(err, errlen, "pattern \"%s\": bad parameter name", pat);
                    return false;
                }
            }
            size_t len = (size_t)(end - p - 2);
            for (int i = 0; i < n_names; i++) {
                if (name_lens[i] == len && memcmp(names[i], p + 1, len) == 0) {
                    snprintf(err, errlen, "pattern \"%s\": parameter name used twice", pat);
                    return false;
                }
            }
            if (n_names == 32) {
                snprintf(err, errlen, "pattern \"%s\": too many parameters", pat);
                return false;
            }
            names[n_names] = p + 1;
            name_lens[n_names++] = len;
        } else {
            for (const char *c = p; c < end; c++) {
                unsigned char u = (unsigned char)*c;
                if (u == '{' || u == '}' || u == '?' || u == '#' || u == '%' || u <= ' ' || u >= 0x7f) {
                    snprintf(err, errlen, "pattern \"%s\": character not allowed in a literal segment", pat);
                    return false;
                }
            }
        }
        p = end;
    }
    return true;
}

/* True when two patterns have the same literal segments at the same
 * places and {params} at the same places, whatever the params are named:
 * then no path could ever tell them apart. */
static bool same_shape(const char *a, const char *b)
{
    while (*a && *b) {
        a++;
        b++;
        const char *ea = a, *eb = b;
        while (*ea && *ea != '/')
            ea++;
        while (*eb && *eb != '/')
            eb++;
        bool pa = *a == '{', pb = *b == '{';
        if (pa != pb)
            return false;
        if (!pa && (ea - a != eb - b || memcmp(a, b, (size_t)(ea - a)) != 0))
            return false;
        a = ea;
        b = eb;
    }
    return *a == '\0' && *b == '\0';
}

static bool method_ok(const char *m)
{
    static const char *const methods[] = {"GET", "POST", "PUT", "PATCH", "DELETE"};
    for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
        if (m && strcmp(m, methods[i]) == 0)
            return true;
    return false;
}

bool router_check(const Route *routes, int n, int n_perms, char *err, size_t errlen)
{
    for (int i = 0; i < n; i++) {
        const Route *rt = &routes[i];
        if (!method_ok(rt->method)) {
            snprintf(err, errlen, "route %d (%s): unknown method \"%s\"", i, rt->pattern ? rt->pattern : "(null)",
                     rt->method ? rt->method : "(null)");
            return false;
        }
        if (!pattern_ok(rt->pattern, err, errlen))
            return false;
        if (!rt->handler) {
            snprintf(err, errlen, "route %s %s has no handler", rt->method, rt->pattern);
            return false;
        }
        if (rt->perm < 0 || rt->perm >= n_perms) {
            snprintf(err, errlen, "route %s %s has an unknown permission", rt->method, rt->pattern);
            return false;
        }
        if ((rt->flags & R_NOCSRF) && !(rt->flags & R_WRITE)) {
            snprintf(err, errlen, "route %s %s: R_NOCSRF only makes sense on an R_WRITE route", rt->method, rt->pattern);
            return false;
        }
        if (strcmp(rt->method, "GET") != 0 && !(rt->flags & R_WRITE)) {
            snprintf(err, errlen, "route %s %s changes state but lacks R_WRITE", rt->method, rt->pattern);
            return false;
        }
        if ((rt->flags & R_API) && !query_decl_ok(rt, err, errlen))
            return false;
        for (int j = 0; j < i; j++) {
            if (strcmp(routes[j].method, rt->method) == 0 && same_shape(routes[j].pattern, rt->pattern)) {
                snprintf(err, errlen, "routes %s %s and %s %s are duplicates", routes[j].method, routes[j].pattern,
                         rt->method, rt->pattern);
                return false;
            }
        }
    }
    return true;
}
