/* fmtcheck.c: the format-string checker (Fossil's codecheck1 idea). Scans C
 * sources and reports every call to an output or SQL function whose format
 * or SQL argument is not a string literal, so that no user text can ever be
 * read as a format or spliced into SQL.
 *
 *   gz_fmtcheck FILE...   prints "file:line: message" per finding; exit 1 if any
 *
 * Accepted as literal: "..." (adjacent literals concatenate, u8/L/u/U
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static void lex(const char *src, size_t n, Toks *t)
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
        if (c == '#' && at_bol) {
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
    lex(src, n, &t);
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

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: gz_fmtcheck FILE.c...\n");
        return 2;
    }
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
