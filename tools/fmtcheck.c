/* fmtcheck.c: the format-string checker (Fossil's codecheck1 idea). Two
 * checks:
 *
 *   gz_fmtcheck FILE...           literals: reports every call to an output
 *                                 or SQL function whose format or SQL is not
 *                                 a string literal, so that no user text is
 *                                 ever read as a format or spliced into SQL;
 *                                 "file:line: message" each, exit 1 if any.
 *   gz_fmtcheck --cc CC ARGS...   kinds and counts: the build's compiler
 *                                 launcher. Checks each printf-family format
 *                                 against buf_vprintf's conversions, then has
 *                                 the compiler check every argument against a
 *                                 copy of the file whose formats are
 *                                 translated to standard conversions (%h %j
 *                                 %u -> %s, %M %A -> int64_t's); a mismatch
 *                                 fails the compile. See cc_mode().
 *   gz_fmtcheck --copy FILE       prints that checking copy (to debug it).
 *
 * The literal check accepts: "..." (adjacent literals concatenate, u8/L/u/U
 * prefixes, PRId64-style macros between them), L(r, LIT, LIT), c ? LIT : LIT,
 * (LIT), NULL where the argument may be absent (reply_error messages), and
 * object-like macros whose whole body is literals (`#define WO_COLS "o.id, "
 * "o.state"`), defined in a checked file or in a header beside one: a
 * shared SQL column list stays a compile-time literal, written once.
 * Preprocessor lines are skipped: wrappers such as
 * `#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)` forward their
 * caller's literal, and it is the caller that is checked. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

enum { T_IDENT, T_STR, T_CHAR, T_NUM, T_PUNCT };

typedef struct {
    int kind;
    const char *s;
    int len;
    int line;
} Tok;

typedef struct {
    Tok *v;
    size_t n, cap;
} Toks;

/* Where a non-literal argument is allowed: the layer that implements the
 * function forwards its own callers' (checked) literals. */
enum { EX_NONE, EX_CORE, EX_STORE, EX_HTTP };

typedef struct {
    const char *name;
    int args[2]; /* 0-based positions that must be literal; -1 = unused */
    int allow_null;
    int exempt;
    const char *what;
} Rule;

static const Rule rules[] = {
    {"buf_printf", {1, -1}, 0, EX_NONE, "format"},
    {"buf_vprintf", {1, -1}, 0, EX_CORE, "format"},
    {"arena_printf", {1, -1}, 0, EX_NONE, "format"},
    {"log_msg", {1, -1}, 0, EX_NONE, "format"},
    {"log_info", {0, -1}, 0, EX_NONE, "format"},
    {"log_warn", {0, -1}, 0, EX_NONE, "format"},
    {"log_error", {0, -1}, 0, EX_NONE, "format"},
    {"log_debug", {0, -1}, 0, EX_NONE, "format"},
    {"reply_error", {4, 5}, 1, EX_HTTP, "message"},
    {"db_query", {1, -1}, 0, EX_STORE, "SQL"},
    {"db_exec", {1, -1}, 0, EX_STORE, "SQL"},
    {"db_int", {2, -1}, 0, EX_STORE, "SQL"},
    {"db_query_args", {1, -1}, 0, EX_STORE, "SQL"},
    {"db_exec_args", {1, -1}, 0, EX_STORE, "SQL"},
    {"db_int_args", {2, -1}, 0, EX_STORE, "SQL"},
    {"db_exec_script", {1, -1}, 0, EX_STORE, "SQL"},
};

static void push(Toks *t, int kind, const char *s, int len, int line)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 1024;
        Tok *v = realloc(t->v, t->cap * sizeof *v);
        if (!v) {
            fputs("gz_fmtcheck: out of memory\n", stderr);
            exit(2);
        }
        t->v = v;
    }
    t->v[t->n++] = (Tok){kind, s, len, line};
}

/* Skips a quoted literal starting at p (on the quote); returns the byte after it. */
static const char *skip_quoted(const char *p, const char *end, int *line)
{
    char q = *p++;
    while (p < end && *p != q) {
        if (*p == '\\' && p + 1 < end) {
            if (p[1] == '\n')
                (*line)++;
            p += 2;
            continue;
        }
        if (*p == '\n')
            return p; /* unterminated: the compiler will say so, we just stop */
        p++;
    }
    return p < end ? p + 1 : p;
}

/* Splits src into tokens. Preprocessor directives are skipped unless
 * keep_directives: the literal check leaves a macro's forwarded format to
 * its callers, while the kind check must translate a format written inside
 * a macro's body like any other. */
static void lex(const char *src, size_t n, Toks *t, int keep_directives)
{
    const char *p = src, *end = src + n;
    int line = 1;
    int at_bol = 1; /* only whitespace so far on this line: a '#' starts a directive */
    while (p < end) {
        char c = *p;
        if (c == '\n') {
            line++;
            at_bol = 1;
            p++;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            p++;
            continue;
        }
        if (c == '\\' && p + 1 < end && p[1] == '\n') {
            line++;
            p += 2;
            continue;
        }
        if (c == '/' && p + 1 < end && p[1] == '/') {
            while (p < end && *p != '\n') {
                if (*p == '\\' && p + 1 < end && p[1] == '\n') {
                    line++;
                    p++;
                }
                p++;
            }
            continue;
        }
        if (c == '/' && p + 1 < end && p[1] == '*') {
            p += 2;
            while (p < end && !(*p == '*' && p + 1 < end && p[1] == '/')) {
                if (*p == '\n')
                    line++;
                p++;
            }
            p = p < end ? p + 2 : end;
            continue;
        }
        if (c == '#' && at_bol && !keep_directives) {
            /* A directive runs to the first newline not escaped by '\';
             * comments and literals inside it are skipped whole. */
            while (p < end && *p != '\n') {
                if (*p == '\\' && p + 1 < end && p[1] == '\n') {
                    line++;
                    p += 2;
                } else if (*p == '/' && p + 1 < end && p[1] == '*') {
                    p += 2;
                    while (p < end && !(*p == '*' && p + 1 < end && p[1] == '/')) {
                        if (*p == '\n')
                            line++;
                        p++;
                    }
                    p = p < end ? p + 2 : end;
                } else if (*p == '/' && p + 1 < end && p[1] == '/') {
                    while (p < end && *p != '\n')
                        p++;
                } else if (*p == '"' || *p == '\'') {
                    p = skip_quoted(p, end, &line);
                } else {
                    p++;
                }
            }
            continue;
        }
        at_bol = 0;
        int start_line = line;
        if (c == '"' || c == '\'') {
            const char *q = skip_quoted(p, end, &line);
            push(t, c == '"' ? T_STR : T_CHAR, p, (int)(q - p), start_line);
            p = q;
            continue;
        }
        if (isalpha((unsigned char)c) || c == '_') {
            const char *q = p;
            while (q < end && (isalnum((unsigned char)*q) || *q == '_'))
                q++;
            size_t len = (size_t)(q - p);
            int prefix = (len == 1 && (c == 'L' || c == 'u' || c == 'U')) ||
                         (len == 2 && c == 'u' && p[1] == '8');
            if (prefix && q < end && (*q == '"' || *q == '\'')) {
                const char *r = skip_quoted(q, end, &line);
                push(t, *q == '"' ? T_STR : T_CHAR, p, (int)(r - p), start_line);
                p = r;
                continue;
            }
            push(t, T_IDENT, p, (int)len, start_line);
            p = q;
            continue;
        }
        if (isdigit((unsigned char)c) || (c == '.' && p + 1 < end && isdigit((unsigned char)p[1]))) {
            const char *q = p;
            while (q < end) {
                if (isalnum((unsigned char)*q) || *q == '.' || *q == '_')
                    q++;
                else if ((*q == '+' || *q == '-') && strchr("eEpP", q[-1]))
                    q++;
                else
                    break;
            }
            push(t, T_NUM, p, (int)(q - p), start_line);
            p = q;
            continue;
        }
        push(t, T_PUNCT, p, 1, start_line);
        p++;
    }
}

static int is(const Tok *k, const char *s)
{
    return (int)strlen(s) == k->len && memcmp(k->s, s, (size_t)k->len) == 0;
}

static int punct(const Tok *k, char c)
{
    return k->kind == T_PUNCT && k->s[0] == c;
}

/* Index of the token closing the bracket at open, or -1. */
static long match_close(const Toks *t, size_t open)
{
    int depth = 0;
    for (size_t i = open; i < t->n; i++) {
        if (punct(&t->v[i], '(') || punct(&t->v[i], '[') || punct(&t->v[i], '{'))
            depth++;
        else if (punct(&t->v[i], ')') || punct(&t->v[i], ']') || punct(&t->v[i], '}')) {
            if (--depth == 0)
                return (long)i;
        }
    }
    return -1;
}

#define MAX_ARGS 64

/* Splits the arguments between '(' at open and its ')' at close. */
static int split_args(const Toks *t, size_t open, size_t close, size_t starts[], size_t ends[])
{
    int n = 0, depth = 0;
    size_t s = open + 1;
    if (s == close)
        return 0;
    for (size_t i = open + 1; i < close; i++) {
        const Tok *k = &t->v[i];
        if (punct(k, '(') || punct(k, '[') || punct(k, '{'))
            depth++;
        else if (punct(k, ')') || punct(k, ']') || punct(k, '}'))
            depth--;
        else if (depth == 0 && punct(k, ',')) {
            if (n < MAX_ARGS) {
                starts[n] = s;
                ends[n] = i;
                n++;
            }
            s = i + 1;
        }
    }
    if (n < MAX_ARGS) {
        starts[n] = s;
        ends[n] = close;
        n++;
    }
    return n;
}

/* ---- macros that are literals ------------------------------------------ */

/* Names of object-like macros whose body is only string literals (and other
 * such macros), collected from every file checked and the headers beside
 * them before any call is checked. A name also defined otherwise anywhere is
 * not trusted. */
typedef struct {
    char name[64];
    int literal; /* 1 literal, 0 defined otherwise somewhere */
    char body[512]; /* identifiers the body refers to, space-separated, for the fixed point */
} LitMacro;

static LitMacro *lit_macros;
static size_t n_lit_macros, cap_lit_macros;

static LitMacro *lit_macro_find(const char *name, size_t len)
{
    for (size_t i = 0; i < n_lit_macros; i++)
        if (strlen(lit_macros[i].name) == len && memcmp(lit_macros[i].name, name, len) == 0)
            return &lit_macros[i];
    return NULL;
}

static void lit_macro_add(const char *name, size_t len, int literal, const char *refs)
{
    if (len == 0 || len >= sizeof lit_macros[0].name)
        return;
    LitMacro *m = lit_macro_find(name, len);
    if (m) {
        if (!literal || strcmp(m->body, refs) != 0)
            m->literal = 0;
        return;
    }
    if (n_lit_macros == cap_lit_macros) {
        cap_lit_macros = cap_lit_macros ? cap_lit_macros * 2 : 64;
        lit_macros = realloc(lit_macros, cap_lit_macros * sizeof *lit_macros);
        if (!lit_macros) {
            fputs("gz_fmtcheck: out of memory\n", stderr);
            exit(2);
        }
    }
    m = &lit_macros[n_lit_macros++];
    memcpy(m->name, name, len);
    m->name[len] = 0;
    m->literal = literal;
    snprintf(m->body, sizeof m->body, "%s", refs);
}

/* One #define directive (continuations already part of [p, end)): records
 * an object-like macro and whether its body can be a literal. */
static void scan_define(const char *p, const char *end)
{
    int line = 0;
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    if (end - p < 6 || memcmp(p, "define", 6) != 0)
        return;
    p += 6;
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    const char *name = p;
    while (p < end && (isalnum((unsigned char)*p) || *p == '_'))
        p++;
    size_t len = (size_t)(p - name);
    if (len == 0 || (p < end && *p == '('))
        return; /* function-like: its callers are checked */
    char refs[512] = "";
    int strings = 0, literal = 1;
    while (p < end && literal) {
        char c = *p;
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || (c == '\\' && p + 1 < end && p[1] == '\n')) {
            p += c == '\\' ? 2 : 1;
        } else if (c == '/' && p + 1 < end && p[1] == '*') {
            p += 2;
            while (p + 1 < end && !(*p == '*' && p[1] == '/'))
                p++;
            p = p + 1 < end ? p + 2 : end;
        } else if (c == '/' && p + 1 < end && p[1] == '/') {
            break;
        } else if (c == '"') {
            p = skip_quoted(p, end, &line);
            strings++;
        } else if (isalpha((unsigned char)c) || c == '_') {
            const char *q = p;
            while (q < end && (isalnum((unsigned char)*q) || *q == '_'))
                q++;
            size_t rl = strlen(refs);
            if (rl + (size_t)(q - p) + 2 >= sizeof refs)
                literal = 0;
            else
                snprintf(refs + rl, sizeof refs - rl, "%.*s ", (int)(q - p), p);
            p = q;
        } else {
            literal = 0;
        }
    }
    lit_macro_add(name, len, literal && (strings > 0 || refs[0]), refs);
}

/* Collects the #defines of one file. */
static void scan_defines_text(const char *src, size_t n)
{
    const char *p = src, *end = src + n;
    while (p < end) {
        const char *bol = p;
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        if (p < end && *p == '#') {
            const char *d = p + 1;
            while (p < end && *p != '\n') {
                if (*p == '\\' && p + 1 < end && p[1] == '\n')
                    p++;
                p++;
            }
            scan_define(d, p);
        } else {
            while (p < end && *p != '\n')
                p++;
        }
        if (p < end)
            p++;
        (void)bol;
    }
}

static char *read_all(const char *path, size_t *n_out);

static void scan_defines_file(const char *path)
{
    size_t n;
    char *src = read_all(path, &n);
    if (src)
        scan_defines_text(src, n);
    free(src);
}

/* A macro is a literal when it was only ever defined as literals and every
 * name in its body is a literal macro (or PRI-style): a fixed point. */
static int is_pri_name(const char *s, size_t len);
static void lit_macros_settle(void)
{
    for (int changed = 1; changed;) {
        changed = 0;
        for (size_t i = 0; i < n_lit_macros; i++) {
            LitMacro *m = &lit_macros[i];
            if (!m->literal)
                continue;
            for (const char *r = m->body; *r;) {
                const char *sp = strchr(r, ' ');
                size_t len = sp ? (size_t)(sp - r) : strlen(r);
                LitMacro *o = lit_macro_find(r, len);
                if (!is_pri_name(r, len) && (!o || !o->literal || o == m)) {
                    m->literal = 0;
                    changed = 1;
                    break;
                }
                r += len + (sp ? 1 : 0);
            }
        }
    }
}

static int is_lit_macro(const Tok *k)
{
    if (k->kind != T_IDENT)
        return 0;
    const LitMacro *m = lit_macro_find(k->s, (size_t)k->len);
    return m && m->literal;
}

static int is_pri_name(const char *s, size_t len)
{
    return len > 3 && (memcmp(s, "PRI", 3) == 0 || memcmp(s, "SCN", 3) == 0);
}

/* PRId64 and friends: macros that expand to string literals. */
static int is_pri_macro(const Tok *k)
{
    return k->kind == T_IDENT && k->len > 3 &&
           (memcmp(k->s, "PRI", 3) == 0 || memcmp(k->s, "SCN", 3) == 0);
}

static int is_literal(const Toks *t, size_t a, size_t b, int allow_null)
{
    if (a >= b)
        return 0;
    /* (LIT) */
    if (punct(&t->v[a], '(') && match_close(t, a) == (long)b - 1)
        return is_literal(t, a + 1, b - 1, allow_null);
    /* cond ? LIT : LIT, split at the first top-level '?' and its ':' */
    int depth = 0;
    for (size_t i = a; i < b; i++) {
        const Tok *k = &t->v[i];
        if (punct(k, '(') || punct(k, '[') || punct(k, '{'))
            depth++;
        else if (punct(k, ')') || punct(k, ']') || punct(k, '}'))
            depth--;
        else if (depth == 0 && punct(k, '?')) {
            int d2 = 0, nested = 0;
            for (size_t j = i + 1; j < b; j++) {
                const Tok *m = &t->v[j];
                if (punct(m, '(') || punct(m, '[') || punct(m, '{'))
                    d2++;
                else if (punct(m, ')') || punct(m, ']') || punct(m, '}'))
                    d2--;
                else if (d2 == 0 && punct(m, '?'))
                    nested++;
                else if (d2 == 0 && punct(m, ':')) {
                    if (nested) {
                        nested--;
                        continue;
                    }
                    return is_literal(t, i + 1, j, allow_null) && is_literal(t, j + 1, b, allow_null);
                }
            }
            return 0;
        }
    }
    /* NULL */
    if (b - a == 1 && is(&t->v[a], "NULL"))
        return allow_null;
    /* L(r, LIT, LIT): the locale picker of http/req.h */
    if (b - a >= 3 && t->v[a].kind == T_IDENT && is(&t->v[a], "L") && punct(&t->v[a + 1], '(') &&
        match_close(t, a + 1) == (long)b - 1) {
        size_t s[MAX_ARGS], e[MAX_ARGS];
        int n = split_args(t, a + 1, b - 1, s, e);
        return n == 3 && is_literal(t, s[1], e[1], allow_null) && is_literal(t, s[2], e[2], allow_null);
    }
    /* "..." "..." with optional PRI macros and literal macros between */
    int strings = 0;
    for (size_t i = a; i < b; i++) {
        if (t->v[i].kind == T_STR || is_lit_macro(&t->v[i]))
            strings++;
        else if (!is_pri_macro(&t->v[i]))
            return 0;
    }
    return strings > 0;
}

/* A name followed by '(' is a declaration, not a call, when a type comes
 * before it: "void buf_printf(", "DbStmt *db_query_args(". */
static int is_declaration(const Toks *t, size_t i)
{
    static const char *const not_types[] = {"return", "else", "case", "do", "sizeof", "goto"};
    if (i == 0)
        return 0;
    const Tok *p = &t->v[i - 1];
    if (i >= 2 && is(&t->v[i - 2], "define"))
        return 0; /* the body of `#define NAME call(...)` */
    if (p->kind == T_IDENT) {
        for (size_t k = 0; k < sizeof not_types / sizeof not_types[0]; k++)
            if (is(p, not_types[k]))
                return 0;
        return 1;
    }
    if (punct(p, '*') && i >= 2) {
        const Tok *q = &t->v[i - 2];
        return q->kind == T_IDENT || punct(q, '*');
    }
    return 0;
}

static int path_under(const char *path, const char *dir)
{
    /* dir is "store/": matches "src/store/x.c", "/abs/src/store/x.c" and "store/x.c" */
    char with_src[64];
    snprintf(with_src, sizeof with_src, "src/%s", dir);
    return strstr(path, with_src) != NULL || strncmp(path, dir, strlen(dir)) == 0;
}

/* The whole file, malloc'd; NULL with errno set when it cannot be read. */
static char *read_all(const char *path, size_t *n_out)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 65536, n = 0;
    char *src = malloc(cap);
    for (;;) {
        if (!src) {
            fputs("gz_fmtcheck: out of memory\n", stderr);
            exit(2);
        }
        if (n == cap) {
            char *p = realloc(src, cap *= 2);
            if (!p)
                free(src);
            src = p;
            continue;
        }
        size_t got = fread(src + n, 1, cap - n, f);
        if (got == 0)
            break;
        n += got;
    }
    fclose(f);
    *n_out = n;
    return src;
}

/* Headers beside a checked file (a capability's internal header, say). */
static void scan_defines_beside(const char *path)
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = 0;
    else
        snprintf(dir, sizeof dir, ".");
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len > 2 && strcmp(e->d_name + len - 2, ".h") == 0) {
            char hp[4096 + 256];
            snprintf(hp, sizeof hp, "%s/%s", dir, e->d_name);
            scan_defines_file(hp);
        }
    }
    closedir(d);
}

static int check_file(const char *path)
{
    size_t n;
    char *src = read_all(path, &n);
    if (!src) {
        fprintf(stderr, "gz_fmtcheck: %s: %s\n", path, strerror(errno));
        return -1;
    }

    Toks t = {NULL, 0, 0};
    lex(src, n, &t, 0);
    int findings = 0;
    int in_core = path_under(path, "core/"), in_store = path_under(path, "store/"),
        in_http = path_under(path, "http/");
    for (size_t i = 0; i + 1 < t.n; i++) {
        if (t.v[i].kind != T_IDENT || !punct(&t.v[i + 1], '('))
            continue;
        const Rule *rule = NULL;
        for (size_t r = 0; r < sizeof rules / sizeof rules[0]; r++)
            if (is(&t.v[i], rules[r].name))
                rule = &rules[r];
        if (!rule || is_declaration(&t, i))
            continue;
        if ((rule->exempt == EX_CORE && in_core) || (rule->exempt == EX_STORE && in_store) ||
            (rule->exempt == EX_HTTP && in_http))
            continue;
        long close = match_close(&t, i + 1);
        if (close < 0) {
            printf("%s:%d: %s: call is not closed\n", path, t.v[i].line, rule->name);
            findings++;
            continue;
        }
        size_t s[MAX_ARGS], e[MAX_ARGS];
        int nargs = split_args(&t, i + 1, (size_t)close, s, e);
        for (int k = 0; k < 2; k++) {
            int pos = rule->args[k];
            if (pos < 0)
                continue;
            if (pos >= nargs || !is_literal(&t, s[pos], e[pos], rule->allow_null)) {
                printf("%s:%d: %s: %s (argument %d) is not a string literal\n", path, t.v[i].line,
                       rule->name, rule->what, pos + 1);
                findings++;
                break;
            }
        }
    }
    free(t.v);
    free(src);
    return findings;
}

/* ---- argument kinds and counts ------------------------------------------ */

/* The printf family of core/buf.c, and which argument (0-based) is the
 * format. Their formats are checked conversion by conversion against
 * buf_vprintf's grammar, then translated to standard conversions so that the
 * compiler checks every argument: see cc_mode(). */
static const struct {
    const char *name;
    int fmt;
} printf_fns[] = {
    {"buf_printf", 1}, {"arena_printf", 1}, {"log_msg", 1},  {"log_info", 0},
    {"log_warn", 0},   {"log_error", 0},    {"log_debug", 0},
};

/* The <inttypes.h> macros a format may use, with this platform's text:
 * buf_vprintf reads the expanded text, so the checker does too. */
static const struct {
    const char *name, *text;
} pri_macros[] = {
    {"PRId8", PRId8},     {"PRIi8", PRIi8},     {"PRIu8", PRIu8},     {"PRIx8", PRIx8},
    {"PRIX8", PRIX8},     {"PRId16", PRId16},   {"PRIi16", PRIi16},   {"PRIu16", PRIu16},
    {"PRIx16", PRIx16},   {"PRIX16", PRIX16},   {"PRId32", PRId32},   {"PRIi32", PRIi32},
    {"PRIu32", PRIu32},   {"PRIx32", PRIx32},   {"PRIX32", PRIX32},   {"PRId64", PRId64},
    {"PRIi64", PRIi64},   {"PRIu64", PRIu64},   {"PRIx64", PRIx64},   {"PRIX64", PRIX64},
    {"PRIdMAX", PRIdMAX}, {"PRIiMAX", PRIiMAX}, {"PRIuMAX", PRIuMAX}, {"PRIxMAX", PRIxMAX},
    {"PRIdPTR", PRIdPTR}, {"PRIuPTR", PRIuPTR}, {"PRIxPTR", PRIxPTR},
};

static const char *pri_text(const Tok *k)
{
    for (size_t i = 0; i < sizeof pri_macros / sizeof pri_macros[0]; i++)
        if (is(k, pri_macros[i].name))
            return pri_macros[i].text;
    return NULL;
}

/* Where format findings are printed: stdout for the literal check's
 * report, stderr beside the compiler's diagnostics. */
static FILE *report;

/* What one conversion of buf_vprintf takes. */
enum { CV_BAD, CV_PERCENT, CV_STD, CV_STRING, CV_INT64 };

/* Parses the conversion at s[0] == '%' exactly as buf_vprintf does (flags
 * "-+ 0#", width, precision, hh h l ll z) and returns its length through the
 * conversion letter, setting *kind; CV_BAD for what buf_vprintf would print
 * as text instead, which silently drops every later argument. */
static size_t parse_conversion(const char *s, size_t n, int *kind)
{
    size_t q = 1;
    int nflags = 0, ndigits = 0;
    while (q < n && strchr("-+ 0#", s[q]) && s[q]) {
        q++;
        nflags++;
    }
    while (q < n && isdigit((unsigned char)s[q])) {
        q++;
        ndigits++;
    }
    if (q < n && s[q] == '.') {
        q++;
        ndigits++;
        while (q < n && isdigit((unsigned char)s[q])) {
            q++;
            ndigits++;
        }
    }
    enum { NONE, HH, H, LONG, LL, Z } len = NONE;
    if (q + 1 < n && s[q] == 'l' && s[q + 1] == 'l') {
        len = LL;
        q += 2;
    } else if (q < n && s[q] == 'l') {
        len = LONG;
        q++;
    } else if (q < n && s[q] == 'z') {
        len = Z;
        q++;
    } else if (q + 2 < n && s[q] == 'h' && s[q + 1] == 'h' && strchr("diuxX", s[q + 2]) && s[q + 2]) {
        len = HH;
        q += 2;
    } else if (q + 1 < n && s[q] == 'h' && strchr("diuxX", s[q + 1]) && s[q + 1]) {
        len = H;
        q++;
    }
    *kind = CV_BAD;
    if (q >= n)
        return 0; /* the format ends inside the conversion */
    char c = s[q];
    int plain = nflags == 0 && ndigits == 0;
    if (nflags + ndigits > 8 || q + 1 >= 24)
        *kind = CV_BAD;
    else if (c == '%' && q == 1)
        *kind = CV_PERCENT;
    else if (c == 'd' || c == 'i' || c == 'x' || c == 'X' || (c == 'u' && len != NONE))
        *kind = CV_STD;
    else if (c == 'c' && len == NONE)
        *kind = CV_STD;
    else if ((c == 'f' || c == 'g' || c == 'e') && len == NONE)
        *kind = CV_STD;
    else if (plain && len == NONE && c == 's')
        *kind = CV_STD;
    else if (plain && len == NONE && (c == 'h' || c == 'j' || c == 'u'))
        *kind = CV_STRING;
    else if (plain && len == NONE && (c == 'M' || c == 'A'))
        *kind = CV_INT64;
    return q + 1;
}

/* One edit of the checking copy: the byte at off becomes text. */
typedef struct {
    size_t off;
    const char *text;
} Edit;

typedef struct {
    Edit *v;
    size_t n, cap;
} Edits;

static void edit_add(Edits *e, size_t off, const char *text)
{
    if (e->n == e->cap) {
        e->cap = e->cap ? e->cap * 2 : 64;
        e->v = realloc(e->v, e->cap * sizeof *e->v);
        if (!e->v) {
            fputs("gz_fmtcheck: out of memory\n", stderr);
            exit(2);
        }
    }
    e->v[e->n++] = (Edit){off, text};
}

/* One character of a format as buf_vprintf reads it: where it sits in the
 * source (SIZE_MAX for text that a PRI macro supplies) and on which line. */
typedef struct {
    char c;
    size_t off;
    int line;
} FmtChar;

/* Checks one format string (adjacent literals and PRI macros, already
 * joined into f) and records the translations of the checking copy:
 * %h %j and a bare %u take a string, so they become %s; %M and %A take an
 * int64_t, so they become int64_t's own conversion. Returns the findings. */
static int check_format(const char *path, const char *fn, const FmtChar *f, size_t n, Edits *ed)
{
    char *s = malloc(n + 1);
    if (!s) {
        fputs("gz_fmtcheck: out of memory\n", stderr);
        exit(2);
    }
    for (size_t i = 0; i < n; i++)
        s[i] = f[i].c;
    s[n] = 0;
    int findings = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '%')
            continue;
        int kind;
        size_t len = parse_conversion(s + i, n - i, &kind);
        if (kind == CV_BAD) {
            if (len == 0)
                fprintf(report, "%s:%d: %s: the format ends inside the conversion \"%s\"\n", path, f[i].line, fn,
                        s + i);
            else
                fprintf(report, "%s:%d: %s: \"%.*s\" is not a conversion of buf_printf (core/buf.h lists them); "
                       "it and everything after it would print as text\n",
                       path, f[i].line, fn, (int)len, s + i);
            findings++;
            break; /* so does buf_vprintf: the rest is text */
        }
        size_t last = i + len - 1;
        if ((kind == CV_STRING || kind == CV_INT64) && f[last].off != SIZE_MAX)
            edit_add(ed, f[last].off, kind == CV_STRING ? "s" : PRId64);
        i = last;
    }
    free(s);
    return findings;
}

/* The text between the quotes of a string literal token (after any u8/L
 * prefix); 0 when the token is not a whole literal. */
static int literal_body(const Tok *k, const char **body, int *len)
{
    const char *q = memchr(k->s, '"', (size_t)k->len);
    if (!q || k->len < 2 || k->s[k->len - 1] != '"' || q == k->s + k->len - 1)
        return 0;
    *body = q + 1;
    *len = (int)(k->s + k->len - 1 - (q + 1));
    return 1;
}

/* The format argument [a, b) of a printf-family call: each run of adjacent
 * literals and PRI macros is one format (L(r, zh, en) and c ? x : y hold
 * two). Returns the findings. */
static int check_format_arg(const char *path, const char *src, const Toks *t, size_t a, size_t b, const char *fn,
                            Edits *ed)
{
    FmtChar *f = NULL;
    size_t n = 0, cap = 0;
    int findings = 0;
    for (size_t i = a; i <= b; i++) {
        const Tok *k = i < b ? &t->v[i] : NULL;
        const char *pri = k && k->kind == T_IDENT ? pri_text(k) : NULL;
        const char *body = NULL;
        int blen = 0;
        if (k && k->kind == T_STR && literal_body(k, &body, &blen)) {
            /* joined below */
        } else if (pri) {
            body = pri;
            blen = (int)strlen(pri);
        } else {
            if (n)
                findings += check_format(path, fn, f, n, ed);
            n = 0;
            continue;
        }
        if (n + (size_t)blen > cap) {
            cap = (n + (size_t)blen) * 2 + 64;
            f = realloc(f, cap * sizeof *f);
            if (!f) {
                fputs("gz_fmtcheck: out of memory\n", stderr);
                exit(2);
            }
        }
        int line = k->line;
        for (int j = 0; j < blen; j++) {
            f[n++] = (FmtChar){body[j], pri ? SIZE_MAX : (size_t)(body + j - src), line};
            if (!pri && body[j] == '\\' && j + 1 < blen) {
                /* An escape is one character of the format, shown as a
                 * backslash: never a flag, digit or conversion letter. */
                if (body[j + 1] == '\n')
                    line++;
                j++;
            }
        }
    }
    free(f);
    return findings;
}

/* The printf-family calls of one file: checks their formats and collects
 * the translations. Returns the findings; *calls counts the calls. */
static int scan_printf_calls(const char *path, const char *src, const Toks *t, Edits *ed, int *calls)
{
    int findings = 0;
    *calls = 0;
    for (size_t i = 0; i + 1 < t->n; i++) {
        if (t->v[i].kind != T_IDENT || !punct(&t->v[i + 1], '('))
            continue;
        int fmt = -1;
        const char *fn = NULL;
        for (size_t r = 0; r < sizeof printf_fns / sizeof printf_fns[0]; r++)
            if (is(&t->v[i], printf_fns[r].name)) {
                fmt = printf_fns[r].fmt;
                fn = printf_fns[r].name;
            }
        if (!fn || is_declaration(t, i))
            continue;
        long close = match_close(t, i + 1);
        if (close < 0)
            continue; /* the literal check and the compiler say so */
        size_t s[MAX_ARGS], e[MAX_ARGS];
        int nargs = split_args(t, i + 1, (size_t)close, s, e);
        (*calls)++;
        if (fmt < nargs)
            findings += check_format_arg(path, src, t, s[fmt], e[fmt], fn, ed);
    }
    return findings;
}

static int edit_cmp(const void *a, const void *b)
{
    size_t x = ((const Edit *)a)->off, y = ((const Edit *)b)->off;
    return x < y ? -1 : x > y;
}

/* The checking copy: the source with its formats translated, on the same
 * lines, announced by #line as the original so that diagnostics name it. */
static int write_copy(FILE *out, const char *path, const char *src, size_t n, Edits *ed)
{
    fputs("#line 1 \"", out);
    for (const char *p = path; *p; p++) {
        if (*p == '"' || *p == '\\')
            fputc('\\', out);
        fputc(*p, out);
    }
    fputs("\"\n", out);
    if (ed->n)
        qsort(ed->v, ed->n, sizeof *ed->v, edit_cmp);
    size_t at = 0;
    for (size_t i = 0; i < ed->n; i++) {
        fwrite(src + at, 1, ed->v[i].off - at, out);
        fputs(ed->v[i].text, out);
        at = ed->v[i].off + 1;
    }
    fwrite(src + at, 1, n - at, out);
    return ferror(out) ? -1 : 0;
}

/* gz_fmtcheck --copy FILE: prints the checking copy (to see what the
 * compiler is shown) and the format findings; exit 1 on findings. */
static int copy_mode(const char *path)
{
    size_t n;
    char *src = read_all(path, &n);
    if (!src) {
        fprintf(stderr, "gz_fmtcheck: %s: %s\n", path, strerror(errno));
        return 2;
    }
    Toks t = {NULL, 0, 0};
    lex(src, n, &t, 1);
    Edits ed = {NULL, 0, 0};
    int calls;
    report = stderr;
    int findings = scan_printf_calls(path, src, &t, &ed, &calls);
    write_copy(stdout, path, src, n, &ed);
    free(ed.v);
    free(t.v);
    free(src);
    return findings ? 1 : 0;
}

/* Runs argv with stdout and stderr into *out (malloc'd, NUL-terminated);
 * returns its exit status, or -1 when it could not run. */
static int run_capture(char **argv, char **out)
{
    int fd[2];
    *out = NULL;
    if (pipe(fd) != 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0) {
        close(fd[0]);
        close(fd[1]);
        return -1;
    }
    if (pid == 0) {
        dup2(fd[1], 1);
        dup2(fd[1], 2);
        close(fd[0]);
        close(fd[1]);
        execvp(argv[0], argv);
        fprintf(stderr, "gz_fmtcheck: %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    close(fd[1]);
    size_t n = 0, cap = 4096;
    char *buf = malloc(cap);
    for (;;) {
        if (!buf) {
            fputs("gz_fmtcheck: out of memory\n", stderr);
            exit(2);
        }
        if (cap - n < 2) {
            char *p = realloc(buf, cap *= 2);
            if (!p)
                free(buf);
            buf = p;
            continue;
        }
        ssize_t got = read(fd[0], buf + n, cap - n - 1);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        n += (size_t)got;
    }
    buf[n] = 0;
    close(fd[0]);
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR)
            return -1;
    *out = buf;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
}

/* Prints the compiler's format diagnostics (the tags -Wformat... and
 * -Werror=format...) with the "In function" line before them and the notes
 * after them; returns how many there were. */
static int print_format_diagnostics(const char *out)
{
    int kept = 0, keep_notes = 0;
    const char *context = NULL;
    size_t context_len = 0;
    for (const char *p = out; *p;) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        char line[4096];
        snprintf(line, sizeof line, "%.*s", (int)len, p);
        if (strstr(line, ": In function") || strstr(line, ": At top level")) {
            context = p;
            context_len = len;
        } else if (strstr(line, ": note: ")) {
            if (keep_notes)
                fprintf(stderr, "%s\n", line);
        } else if ((strstr(line, ": error: ") || strstr(line, ": warning: ")) &&
                   (strstr(line, "[-Wformat") || strstr(line, "[-Werror=format"))) {
            if (context) {
                fprintf(stderr, "%.*s\n", (int)context_len, context);
                context = NULL;
            }
            fprintf(stderr, "%s\n", line);
            kept++;
            keep_notes = 1;
        } else if (strstr(line, ": error: ") || strstr(line, ": warning: ")) {
            keep_notes = 0;
        }
        p += len + (nl ? 1 : 0);
    }
    return kept;
}

/* gz_fmtcheck --cc COMPILER ARGS...: the compiler launcher of the build
 * (CMake's C_COMPILER_LAUNCHER). Before compiling a file that calls the
 * printf family, it compiles a checking copy of it with -fsyntax-only: the
 * same flags, GZ_FMTCHECK defined (the headers then declare the family
 * format(printf)), each format translated to standard conversions on the
 * same lines, and format diagnostics made errors. A wrong count or kind of
 * argument stops the build at that file and line, and the object is not
 * written, so the next build checks it again. */
static int cc_mode(int argc, char **argv)
{
    const char *source = NULL, *object = NULL;
    static const char *const takes_value[] = {"-o",        "-MF",      "-MT",      "-MQ",      "-x",
                                              "-include",  "-imacros", "-I",       "-isystem", "-iquote",
                                              "-idirafter", "-D",       "-U",       "-Xlinker", "-Xassembler",
                                              "-Xpreprocessor"};
    int source_at = -1;
    for (int i = 1; i < argc; i++) {
        int value = 0;
        for (size_t k = 0; k < sizeof takes_value / sizeof takes_value[0]; k++)
            if (strcmp(argv[i], takes_value[k]) == 0)
                value = 1;
        if (value) {
            if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
                object = argv[i + 1];
            i++;
            continue;
        }
        size_t len = strlen(argv[i]);
        if (argv[i][0] != '-' && len > 2 && strcmp(argv[i] + len - 2, ".c") == 0) {
            source = argv[i];
            source_at = i;
        }
    }
    if (!source) {
        execvp(argv[0], argv);
        fprintf(stderr, "gz_fmtcheck: %s: %s\n", argv[0], strerror(errno));
        return 127;
    }

    size_t n;
    char *src = read_all(source, &n);
    if (!src) {
        fprintf(stderr, "gz_fmtcheck: %s: %s\n", source, strerror(errno));
        return 2;
    }
    Toks t = {NULL, 0, 0};
    lex(src, n, &t, 1);
    Edits ed = {NULL, 0, 0};
    int calls;
    report = stderr; /* where the compiler's diagnostics go */
    int findings = scan_printf_calls(source, src, &t, &ed, &calls);
    free(t.v);
    if (calls == 0) {
        free(ed.v);
        free(src);
        execvp(argv[0], argv);
        fprintf(stderr, "gz_fmtcheck: %s: %s\n", argv[0], strerror(errno));
        return 127;
    }

    char copy[4096];
    int fd;
    if (object) {
        snprintf(copy, sizeof copy, "%s.fmtcheck.c", object);
        fd = open(copy, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    } else {
        const char *tmp = getenv("TMPDIR");
        snprintf(copy, sizeof copy, "%s/gz_fmtcheck.XXXXXX.c", tmp && *tmp ? tmp : "/tmp");
        fd = mkstemps(copy, 2);
    }
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f || write_copy(f, source, src, n, &ed) != 0 || fclose(f) != 0) {
        fprintf(stderr, "gz_fmtcheck: %s: cannot write the checking copy: %s\n", copy, strerror(errno));
        free(ed.v);
        free(src);
        return 2;
    }
    free(ed.v);
    free(src);

    char dir[4096];
    snprintf(dir, sizeof dir, "%s", source);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = 0;
    else
        snprintf(dir, sizeof dir, ".");
    static char *const extra[] = {
        "-fsyntax-only", "-DGZ_FMTCHECK", "-Werror=format", "-Wformat=2", "-Wno-format-zero-length",
        "-Wno-format-truncation", "-Wno-format-overflow", "-ftrack-macro-expansion=0", "-fno-diagnostics-show-caret",
        "-fdiagnostics-color=never",
    };
    size_t nextra = sizeof extra / sizeof extra[0];
    char **cargv = calloc((size_t)argc + nextra + 8, sizeof *cargv);
    if (!cargv) {
        fputs("gz_fmtcheck: out of memory\n", stderr);
        return 2;
    }
    int k = 0;
    cargv[k++] = argv[0];
    for (int i = 1; i < argc; i++) {
        if (i == source_at || strcmp(argv[i], "-c") == 0 || strcmp(argv[i], "-MD") == 0 ||
            strcmp(argv[i], "-MMD") == 0)
            continue;
        if ((strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "-MF") == 0 || strcmp(argv[i], "-MT") == 0 ||
             strcmp(argv[i], "-MQ") == 0) &&
            i + 1 < argc) {
            i++;
            continue;
        }
        cargv[k++] = argv[i];
    }
    for (size_t i = 0; i < nextra; i++)
        cargv[k++] = extra[i];
    cargv[k++] = "-iquote";
    cargv[k++] = dir;
    cargv[k++] = copy;
    cargv[k] = NULL;
    char *out;
    int rc = run_capture(cargv, &out);
    free(cargv);
    unlink(copy);
    if (rc < 0) {
        fprintf(stderr, "gz_fmtcheck: cannot run %s: %s\n", argv[0], strerror(errno));
        return 2;
    }
    int diagnostics = print_format_diagnostics(out);
    if (diagnostics)
        fprintf(stderr,
                "%s: note: gz_fmtcheck showed the compiler %%h %%j and a bare %%u as %%s (const char *), "
                "%%M and %%A as %%%s (int64_t)\n",
                source, PRId64);
    if (findings || diagnostics) {
        free(out);
        if (object)
            unlink(object);
        return 1;
    }
    if (rc != 0) {
        /* Not a format error: the real compile says what it is. If the
         * real compile succeeds, the checking copy is at fault. */
        char *real_out;
        int real = run_capture(argv, &real_out);
        if (real_out)
            fputs(real_out, stderr);
        free(real_out);
        if (real != 0) {
            free(out);
            return real < 0 ? 2 : real;
        }
        fprintf(stderr, "gz_fmtcheck: %s: the checking copy does not compile, though the file does:\n%s", source,
                out);
        free(out);
        if (object)
            unlink(object);
        return 1;
    }
    free(out);
    execvp(argv[0], argv);
    fprintf(stderr, "gz_fmtcheck: %s: %s\n", argv[0], strerror(errno));
    return 127;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: gz_fmtcheck FILE.c...\n"
                        "       gz_fmtcheck --cc COMPILER ARGS...   (compiler launcher)\n"
                        "       gz_fmtcheck --copy FILE.c           (prints the checking copy)\n");
        return 2;
    }
    report = stdout;
    if (strcmp(argv[1], "--cc") == 0 && argc > 2)
        return cc_mode(argc - 2, argv + 2);
    if (strcmp(argv[1], "--copy") == 0 && argc == 3)
        return copy_mode(argv[2]);
    int total = 0, io_error = 0;
    /* Literal macros first: a call may use one defined in another file's
     * directory, and headers are not passed on the command line. Each
     * directory is scanned once. */
    for (int i = 1; i < argc; i++) {
        scan_defines_file(argv[i]);
        int seen = 0;
        for (int j = 1; j < i && !seen; j++) {
            const char *a = strrchr(argv[i], '/'), *b = strrchr(argv[j], '/');
            size_t la = a ? (size_t)(a - argv[i]) : 0, lb = b ? (size_t)(b - argv[j]) : 0;
            seen = la == lb && strncmp(argv[i], argv[j], la) == 0;
        }
        if (!seen)
            scan_defines_beside(argv[i]);
    }
    lit_macros_settle();
    for (int i = 1; i < argc; i++) {
        int r = check_file(argv[i]);
        if (r < 0)
            io_error = 1;
        else
            total += r;
    }
    if (io_error)
        return 2;
    return total ? 1 : 0;
}
