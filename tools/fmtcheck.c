/* fmtcheck.c: the format-string checker (Fossil's codecheck1 idea). Scans C
 * sources and reports every call to an output or SQL function whose format
 * or SQL argument is not a string literal, so that no user text can ever be
 * read as a format or spliced into SQL.
 *
 *   gz_fmtcheck FILE...   prints "file:line: message" per finding; exit 1 if any
 *
 * Accepted as literal: "..." (adjacent literals concatenate, u8/L/u/U
 * prefixes, PRId64-style macros between them), L(r, LIT, LIT), c ? LIT : LIT,
 * (LIT), and NULL where the argument may be absent (reply_error messages).
 * Preprocessor lines are skipped: wrappers such as
 * `#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)` forward their
 * caller's literal, and it is the caller that is checked. */
#include <ctype.h>
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
    /* "..." "..." with optional PRI macros between */
    int strings = 0;
    for (size_t i = a; i < b; i++) {
        if (t->v[i].kind == T_STR)
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

static int check_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "gz_fmtcheck: %s: %s\n", path, strerror(errno));
        return -1;
    }
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
