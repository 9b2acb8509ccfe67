/* docs.c: the basis documents of a payment request (contract, acceptance
 * record, invoice scan): uploaded as files (multipart on the page, a raw
 * body or multipart in the API), checked by content (PDF, JPEG, PNG),
 * stored on disk by content hash (core/filestore, data_dir/documents),
 * listed with the payment and served back to whoever may read it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/audit.h"
#include "site/site.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/filestore.h"
#include "funds/funds_int.h"

#define DOCS_DIR "documents"
#define DOCS_PER_PAYMENT 30

static const char *docs_dir(Req *r)
{
    return filestore_dir(r->arena, g_config, DOCS_DIR);
}

/* A file name as shown: the browser's base name, at most 120 bytes of
 * whole UTF-8 characters, control characters dropped; "文件" when empty. */
static const char *clean_filename(Req *r, const char *name)
{
    if (!name)
        return "文件";
    const char *base = name;
    for (const char *p = name; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    size_t n = strlen(base), k = 0;
    char *out = arena_alloc(r->arena, n + 1);
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

/* May the signed-in user add documents to this payment? Its requester (who
 * may still request on the fund) or finance (PERM_FUNDS_MANAGE); only while
 * it is pending or approved: a paid or rejected request is closed. Replies
 * itself. */
static bool may_add_or_reply(Req *r, int64_t payment_id, Fund *f)
{
    Ctx c = site_ctx(r);
    PaymentBrief p;
    FundsErr e;
    if (!funds_payment_brief(&c, payment_id, &p, &e)) {
        funds_err_reply(r, &e);
        return false;
    }
    if (!funds_fund_load(r, p.fund_id, f)) {
        reply_not_found(r);
        return false;
    }
    if (!funds_may_add_docs(&c, &p, &e)) {
        funds_err_reply(r, &e);
        return false;
    }
    if (strcmp(p.status, "pending") != 0 && strcmp(p.status, "approved") != 0) {
        reply_error(r, 409, "conflict", NULL, "这笔付款已支付或已驳回，不能再补充依据文件",
                    "This payment is paid or rejected; no more documents can be added");
        return false;
    }
    return true;
}

bool funds_doc_store(Req *r, int64_t payment_id, const char *kind, const char *filename, const unsigned char *data,
                     size_t len, int64_t *doc_id)
{
    if (!kind || !funds_doc_kind_valid(kind)) {
        reply_error(r, 400, "bad_value", "kind", "文件类别只能是合同、验收记录、发票或其他（contract/acceptance/invoice/other）",
                    "The kind is contract, acceptance, invoice or other");
        return false;
    }
    size_t limit = g_config ? g_config->max_upload : (size_t)8 << 20;
    if (len > limit) {
        reply_error(r, 413, "too_large", "file", "文件太大", "The file is too large");
        return false;
    }
    const char *ext;
    const char *mime = funds_doc_type(data, len, &ext);
    if (!mime) {
        reply_error(r, 415, "unsupported_media_type", "file", "依据文件只能是 PDF、JPEG 或 PNG",
                    "A basis document must be a PDF, JPEG or PNG file");
        return false;
    }
    int64_t count = 0;
    if (!db_int(r->db, &count, "SELECT COUNT(*) FROM payment_doc WHERE payment_id = ?", DB_I(payment_id)) ||
        count >= DOCS_PER_PAYMENT) {
        reply_error(r, 400, "too_many_files", "file", "每笔付款最多30个依据文件", "At most 30 documents per payment");
        return false;
    }
    char hex[65];
    if (!filestore_put(r->arena, docs_dir(r), data, len, ext, hex)) {
        reply_error(r, 500, "internal", NULL, "文件保存失败，没有保存任何内容", "Could not store the file; nothing was saved");
        return false;
    }
    const char *name = clean_filename(r, filename);
    int64_t id = 0;
    if (!db_int(r->db, &id,
                "INSERT INTO payment_doc (payment_id, kind, filename, hash, mime, size, uploaded_by, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                DB_I(payment_id), DB_T(kind), DB_T(name), DB_T(hex), DB_T(mime), DB_I((int64_t)len),
                r->who ? DB_I(r->who->user_id) : DB_NULL, DB_I(clock_now()))) {
        funds_db_error_reply(r);
        return false;
    }
    char *aj = arena_printf(r->arena, "{\"document\":%lld,\"kind\":%j,\"filename\":%j,\"mime\":%j,\"size\":%lld,\"hash\":%j}",
                            (long long)id, kind, name, mime, (long long)len, hex);
    if (!audit_append(r->db, funds_actor(r), "payment", payment_id, "document", NULL, aj)) {
        funds_db_error_reply(r);
        return false;
    }
    if (doc_id)
        *doc_id = id;
    return true;
}

bool funds_docs_json(Req *r, Buf *b, int64_t payment_id)
{
    buf_puts(b, "[");
    DbStmt *st = db_query(r->db,
                          "SELECT id, kind, filename, mime, size, created_at FROM payment_doc WHERE payment_id = ? ORDER BY id",
                          DB_I(payment_id));
    for (int i = 0; db_step(st) == DB_ROW; i++) {
        char at[26];
        clock_format_iso(db_col_int(st, 5), at);
        buf_printf(b,
                   "%s{\"id\":%lld,\"kind\":%j,\"kind_label\":%j,\"filename\":%j,\"mime\":%j,\"size\":%lld,\"uploaded_at\":%j,"
                   "\"url\":\"/payments/%lld/documents/%lld\"}",
                   i ? "," : "", (long long)db_col_int(st, 0), db_col_text(st, 1), funds_doc_kind_label_zh(db_col_text(st, 1)),
                   db_col_text(st, 2), db_col_text(st, 3), (long long)db_col_int(st, 4), at, (long long)payment_id,
                   (long long)db_col_int(st, 0));
    }
    buf_puts(b, "]");
    return db_done(st);
}

void api_payment_doc_add(Req *r)
{
    int64_t id, doc = 0;
    Fund f;
    if (!req_param_id_or_reply(r, "id", &id) || !may_add_or_reply(r, id, &f))
        return;
    const Upload *u = r->n_uploads ? req_upload(r, "file") : NULL;
    if (r->n_uploads && !u)
        u = &r->uploads[0];
    const char *kind = req_form(r, "kind") ? req_form(r, "kind") : req_query(r, "kind");
    const char *name = u ? u->filename : req_query(r, "filename");
    const unsigned char *data = u ? u->data : (const unsigned char *)r->body;
    size_t len = u ? u->len : r->body_len;
    if (!data || len == 0) {
        reply_error(r, 400, "missing_field", "file", "请附上文件（请求体或 multipart 的 file 字段）",
                    "Send the file as the body or as the multipart field file");
        return;
    }
    if (!funds_doc_store(r, id, kind, name, data, len, &doc))
        return;
    r->status = 201;
    resp_json(r);
    buf_printf(&r->out, "{\"id\":%lld,\"payment_id\":%lld,\"url\":\"/payments/%lld/documents/%lld\",\"documents\":",
               (long long)doc, (long long)id, (long long)id, (long long)doc);
    funds_docs_json(r, &r->out, id);
    buf_putc(&r->out, '}');
}

void page_payment_doc_post(Req *r)
{
    int64_t id;
    Fund f;
    if (!req_param_id_or_reply(r, "id", &id) || !may_add_or_reply(r, id, &f))
        return;
    const Upload *u = req_upload(r, "file");
    if (!u || u->len == 0) {
        reply_error(r, 400, "missing_field", "file", "请选择要上传的文件", "Choose a file to upload");
        return;
    }
    if (!funds_doc_store(r, id, req_form(r, "kind"), u->filename, u->data, u->len, NULL))
        return;
    resp_redirect(r, arena_printf(r->arena, "/payments/%lld#documents", (long long)id));
}

void page_payment_doc_get(Req *r)
{
    int64_t id, doc;
    if (!req_param_id_or_reply(r, "id", &id) || !req_param_id_or_reply(r, "doc", &doc))
        return;
    int64_t fund = 0;
    const char *hash = NULL, *mime = NULL;
    DbStmt *st = db_query(r->db,
                          "SELECT p.fund_id, d.hash, d.mime FROM payment_doc d JOIN payment p ON p.id = d.payment_id "
                          "WHERE d.id = ? AND d.payment_id = ?",
                          DB_I(doc), DB_I(id));
    if (db_step(st) == DB_ROW) {
        fund = db_col_int(st, 0);
        hash = arena_strdup(r->arena, db_col_text(st, 1));
        mime = arena_strdup(r->arena, db_col_text(st, 2));
    }
    db_done(st);
    Fund f;
    if (!fund) {
        reply_error(r, 404, "not_found", NULL, "找不到这个文件", "No such document");
        return;
    }
    /* whoever may read the payment may read its basis */
    if (!funds_fund_allowed_or_reply(r, fund, PERM_TREE_READ, &f))
        return;
    const unsigned char *data;
    size_t len;
    if (!filestore_get(r->arena, docs_dir(r), hash, funds_doc_ext(mime), &data, &len)) {
        reply_error(r, 404, "not_found", NULL, "文件已不在存储中", "The file is missing from storage");
        return;
    }
    r->content_type_out = mime;
    resp_header(r, "Cache-Control", "private, max-age=86400");
    resp_header(r, "Content-Disposition",
                strcmp(mime, "application/pdf") == 0 ? "inline; filename=\"document.pdf\""
                : strcmp(mime, "image/png") == 0     ? "inline; filename=\"document.png\""
                                                     : "inline; filename=\"document.jpg\"");
    buf_append(&r->out, data, len);
}
