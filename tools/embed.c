/* embed.c: build-time host tool that turns front-end assets and SQL
 * migrations into C source, so the binary needs no files at run time.
 *
 *   gz_embed assets OUT.c FILE...      -> const Asset g_assets[], g_n_assets
 *   gz_embed migrations OUT.c FILE...  -> const Migration g_migrations[], g_n_migrations
 *
 * Data is written as hex byte arrays, 24 per line: GCC compiles a 1 MB
 * array (ECharts) in about a second, where one huge string literal would be
 * outside what C guarantees to accept. The output is written to OUT.c.tmp and
 * renamed, so a failed run never leaves a half file that make trusts. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char *data;
    size_t len;
} File;

static const char *g_out_tmp;

__attribute__((format(printf, 1, 2), noreturn)) static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "gz_embed: ");
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    if (g_out_tmp)
        remove(g_out_tmp);
    exit(1);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        die("out of memory");
    return p;
}

static File read_file(const char *path)
{
    File f = {NULL, 0};
    FILE *fp = fopen(path, "rb");
    if (!fp)
        die("%s: %s", path, strerror(errno));
    size_t cap = 65536;
    f.data = xmalloc(cap);
    for (;;) {
        if (f.len == cap) {
            cap *= 2;
            char *p = realloc(f.data, cap);
            if (!p)
                die("out of memory");
            f.data = p;
        }
        size_t n = fread(f.data + f.len, 1, cap - f.len, fp);
        if (n == 0)
            break;
        f.len += n;
    }
    if (ferror(fp))
        die("%s: read error", path);
    fclose(fp);
    return f;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* A C string literal, escaped so that any bytes survive: octal escapes are
 * always three digits, so a following digit cannot join them, and '?' is
 * escaped so no trigraph can form. */
static void put_cstr(FILE *out, const char *s, size_t n)
{
    fputc('"', out);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '\n' && i + 1 < n) {
            fputs("\\n\"\n    \"", out);
        } else if (c == '\n') {
            fputs("\\n", out);
        } else if (c == '"' || c == '\\') {
            fputc('\\', out);
            fputc(c, out);
        } else if (c == '?') {
            fputs("\\?", out);
        } else if (c >= 0x20 && c < 0x7f) {
            fputc(c, out);
        } else {
            fprintf(out, "\\%03o", c);
        }
    }
    fputc('"', out);
}

static void put_bytes(FILE *out, const char *data, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)data[i];
        char cell[6] = {'0', 'x', hex[c >> 4], hex[c & 15], ',', 0};
        fputs(cell, out);
        if (i % 24 == 23)
            fputc('\n', out);
    }
    if (len == 0)
        fputs("0", out); /* C has no empty arrays; len stays 0 */
    fputc('\n', out);
}

/* FNV-1a 64: a stable content hash for ETags, not a security property. */
static uint64_t fnv1a(const char *data, size_t len)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)data[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

static const char *content_type(const char *name)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        {".js", "application/javascript; charset=utf-8"},
        {".mjs", "application/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".html", "text/html; charset=utf-8"},
        {".json", "application/json; charset=utf-8"},
        {".map", "application/json; charset=utf-8"},
        {".txt", "text/plain; charset=utf-8"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".jpg", "image/jpeg"},
        {".jpeg", "image/jpeg"},
        {".gif", "image/gif"},
        {".webp", "image/webp"},
        {".ico", "image/x-icon"},
        {".woff2", "font/woff2"},
        {".woff", "font/woff"},
        {".ttf", "font/ttf"},
    };
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
        if (ends_with(name, types[i].ext))
            return types[i].type;
    return "application/octet-stream";
}

static FILE *open_out(const char *out_path)
{
    size_t n = strlen(out_path);
    char *tmp = xmalloc(n + 5);
    memcpy(tmp, out_path, n);
    memcpy(tmp + n, ".tmp", 5);
    g_out_tmp = tmp;
    FILE *out = fopen(tmp, "w");
    if (!out)
        die("%s: %s", tmp, strerror(errno));
    return out;
}

static void close_out(FILE *out, const char *out_path)
{
    if (ferror(out) | fclose(out))
        die("%s: write error", g_out_tmp);
    if (rename(g_out_tmp, out_path) != 0)
        die("%s: %s", out_path, strerror(errno));
    free((char *)g_out_tmp);
    g_out_tmp = NULL;
}

static int embed_assets(const char *out_path, int n, char **files)
{
    for (int i = 0; i < n; i++)
        for (int k = 0; k < i; k++)
            if (strcmp(base_name(files[i]), base_name(files[k])) == 0)
                die("two assets named %s (%s)", base_name(files[i]), files[i]);
    FILE *out = open_out(out_path);
    fputs("/* Generated by tools/embed.c from the front-end files; do not edit. */\n"
          "#include \"http/assets.h\"\n\n",
          out);
    uint64_t *hashes = xmalloc(sizeof *hashes * (size_t)(n ? n : 1));
    size_t *lens = xmalloc(sizeof *lens * (size_t)(n ? n : 1));
    for (int i = 0; i < n; i++) {
        File f = read_file(files[i]);
        hashes[i] = fnv1a(f.data, f.len);
        lens[i] = f.len;
        fprintf(out, "/* %s */\nstatic const unsigned char asset_%d[] = {\n", base_name(files[i]), i);
        put_bytes(out, f.data, f.len);
        fputs("};\n\n", out);
        free(f.data);
    }
    fputs("const Asset g_assets[] = {\n", out);
    for (int i = 0; i < n; i++) {
        const char *name = base_name(files[i]);
        fputs("    {", out);
        put_cstr(out, name, strlen(name));
        fputs(", ", out);
        put_cstr(out, content_type(name), strlen(content_type(name)));
        fprintf(out, ", asset_%d, %zuu, \"\\\"%016llx\\\"\"},\n", i, lens[i],
                (unsigned long long)hashes[i]);
    }
    fputs("    {0, 0, 0, 0, 0} /* end */\n};\n", out);
    fprintf(out, "const int g_n_assets = %d;\n", n);
    free(hashes);
    free(lens);
    close_out(out, out_path);
    return 0;
}

typedef struct {
    int version;
    char *name;
    File part[3]; /* common, sqlite, pg */
    int have[3];
} Mig;

static int mig_cmp(const void *a, const void *b)
{
    const Mig *x = a, *y = b;
    return (x->version > y->version) - (x->version < y->version);
}

static void put_sql(FILE *out, const Mig *m, int part)
{
    if (!m->have[part]) {
        fputs(" NULL", out);
        return;
    }
    if (memchr(m->part[part].data, '\0', m->part[part].len))
        die("migration %s contains a NUL byte", m->name);
    fputs("\n    ", out);
    put_cstr(out, m->part[part].data, m->part[part].len);
}

static int embed_migrations(const char *out_path, int n, char **files)
{
    Mig *migs = xmalloc(sizeof *migs * (size_t)(n ? n : 1));
    int nm = 0;
    for (int i = 0; i < n; i++) {
        const char *b = base_name(files[i]);
        const char *p = b;
        long version = 0;
        while (isdigit((unsigned char)*p) && version < 1000000)
            version = version * 10 + (*p++ - '0');
        if (p == b || *p != '_' || !ends_with(b, ".sql"))
            die("%s: migration files are named NNN_name.sql, NNN_name.sqlite.sql or NNN_name.pg.sql",
                files[i]);
        p++;
        int part = 0;
        size_t stem = strlen(p) - 4;
        if (ends_with(p, ".sqlite.sql")) {
            part = 1;
            stem = strlen(p) - 11;
        } else if (ends_with(p, ".pg.sql")) {
            part = 2;
            stem = strlen(p) - 7;
        }
        if (stem == 0 || memchr(p, '.', stem))
            die("%s: bad migration name", files[i]);
        Mig *m = NULL;
        for (int k = 0; k < nm; k++)
            if (migs[k].version == (int)version)
                m = &migs[k];
        if (!m) {
            m = &migs[nm++];
            memset(m, 0, sizeof *m);
            m->version = (int)version;
            m->name = xmalloc(stem + 1);
            memcpy(m->name, p, stem);
            m->name[stem] = '\0';
        } else if (strlen(m->name) != stem || memcmp(m->name, p, stem) != 0) {
            die("%s: version already used by migration \"%s\"", files[i], m->name);
        }
        if (m->have[part])
            die("%s: given twice", files[i]);
        m->part[part] = read_file(files[i]);
        m->have[part] = 1;
    }
    for (int k = 0; k < nm; k++)
        if (!migs[k].have[0])
            die("migration %03d_%s has dialect files but no common %03d_%s.sql", migs[k].version,
                migs[k].name, migs[k].version, migs[k].name);
    qsort(migs, (size_t)nm, sizeof *migs, mig_cmp);

    FILE *out = open_out(out_path);
    fputs("/* Generated by tools/embed.c from src/store/migrations; do not edit. */\n"
          "#include <stddef.h>\n"
          "#include \"store/migrations.h\"\n\n"
          "const Migration g_migrations[] = {\n",
          out);
    for (int k = 0; k < nm; k++) {
        Mig *m = &migs[k];
        fprintf(out, "{%d, ", m->version);
        put_cstr(out, m->name, strlen(m->name));
        for (int part = 0; part < 3; part++) {
            fputs(",", out);
            put_sql(out, m, part);
        }
        fputs("},\n", out);
    }
    fputs("{0, NULL, NULL, NULL, NULL} /* end */\n};\n", out);
    fprintf(out, "const int g_n_migrations = %d;\n", nm);
    close_out(out, out_path);
    for (int k = 0; k < nm; k++) {
        free(migs[k].name);
        for (int part = 0; part < 3; part++)
            free(migs[k].part[part].data);
    }
    free(migs);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 3 && strcmp(argv[1], "assets") == 0)
        return embed_assets(argv[2], argc - 3, argv + 3);
    if (argc >= 3 && strcmp(argv[1], "migrations") == 0)
        return embed_migrations(argv[2], argc - 3, argv + 3);
    fprintf(stderr, "usage: gz_embed assets OUT.c FILE...\n"
                    "       gz_embed migrations OUT.c FILE...\n");
    return 2;
}
