/* docs.c: the basis documents of a payment request (contract, acceptance
 * record, invoice scan): checked by content (PDF, JPEG, PNG), stored on disk
 * by content hash (core/filestore, data_dir/documents), audited, and read
 * back. The model: the uploads and the serving are in docs_api.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "core/config.h"
#include "core/filestore.h"
#include "funds/funds_int.h"

#define DOCS_DIR "documents"
#define DOCS_PER_PAYMENT 30

static const char *docs_dir(const Ctx *c)
{
    return filestore_dir(c->arena, g_config, DOCS_DIR);
}

/* A file name as shown: the browser's base name, at most 120 bytes of
 * whole UTF-8 characters, control characters dropped; "文件" when empty. */
static const char *clean_filename(Arena *arena, const char *name)
{
    if (!name)
        return "文件";
    const char *base = name;
    for (const char *p = name; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    size_t n = strlen(base), k = 0;
    char *out = arena_alloc(arena, n + 1);
    for (size_t i = 0; i < n && k < 120;) {
        unsigned char c = (unsigned char)base[i];
        size_t w = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
        if (i + w > n || k + w > 120)
            break;
        if (!(w == 1 && (c < 0x20 || c == 0x7F))) {
            memcpy(out + k, base + i, w);
            k += w;
        }
        i += w;
    }
    out[k] = '\0';
    return k ? out : "文件";
}

bool funds_doc_store(const Ctx *c, int64_t payment_id, const char *kind, const char *filename,
                     const unsigned char *data, size_t len, int64_t *doc_id, FundsErr *e)
{
    if (!kind || !funds_doc_kind_valid(kind))
        return funds_err(e, FM_BAD_DOC_KIND, "kind");
    size_t limit = g_config ? g_config->max_upload : (size_t)8 << 20;
    if (len > limit)
        return funds_err(e, FM_FILE_TOO_LARGE, "file");
    const char *ext;
    const char *mime = funds_doc_type(data, len, &ext);
    if (!mime)
        return funds_err(e, FM_BAD_FILE_TYPE, "file");
    int64_t count = 0;
    if (!db_int(c->db, &count, "SELECT COUNT(*) FROM payment_doc WHERE payment_id = ?", DB_I(payment_id)))
        return funds_err_db(e, c->db);
    if (count >= DOCS_PER_PAYMENT)
        return funds_err(e, FM_TOO_MANY_FILES, "file");
    char hex[65];
    if (!filestore_put(c->arena, docs_dir(c), data, len, ext, hex))
        return funds_err(e, FM_FILE_NOT_STORED, NULL);
    const char *name = clean_filename(c->arena, filename);
    int64_t id = 0;
    if (!db_int(c->db, &id,
                "INSERT INTO payment_doc (payment_id, kind, filename, hash, mime, size, uploaded_by, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                DB_I(payment_id), DB_T(kind), DB_T(name), DB_T(hex), DB_T(mime), DB_I((int64_t)len),
                c->who ? DB_I(c->who->user_id) : DB_NULL, DB_I(c->now)))
        return funds_err_db(e, c->db);
    char *aj = arena_printf(c->arena, "{\"document\":%lld,\"kind\":%j,\"filename\":%j,\"mime\":%j,\"size\":%lld,\"hash\":%j}",
                            (long long)id, kind, name, mime, (long long)len, hex);
    if (!audit_append(c->db, ctx_actor(c), "payment", payment_id, "document", NULL, aj))
        return funds_err_db(e, c->db);
    if (doc_id)
        *doc_id = id;
    return true;
}

bool funds_doc_find(const Ctx *c, int64_t payment_id, int64_t doc_id, PaymentDoc *out, FundsErr *e)
{
    *out = (PaymentDoc){0, NULL, NULL};
    DbStmt *st = db_query(c->db,
                          "SELECT p.fund_id, d.hash, d.mime FROM payment_doc d JOIN payment p ON p.id = d.payment_id "
                          "WHERE d.id = ? AND d.payment_id = ?",
                          DB_I(doc_id), DB_I(payment_id));
    if (db_step(st) == DB_ROW) {
        out->fund_id = db_col_int(st, 0);
        out->hash = arena_strdup(c->arena, db_col_text(st, 1));
        out->mime = arena_strdup(c->arena, db_col_text(st, 2));
    }
    if (!db_done(st))
        return funds_err_db(e, c->db);
    return out->fund_id || funds_err(e, FM_NO_SUCH_DOCUMENT, NULL);
}

bool funds_doc_bytes(const Ctx *c, const PaymentDoc *d, const unsigned char **data, size_t *len, FundsErr *e)
{
    return filestore_get(c->arena, docs_dir(c), d->hash, funds_doc_ext(d->mime), data, len) ||
           funds_err(e, FM_FILE_MISSING, NULL);
}
