/* docs_api.c: the basis documents of a payment over HTTP: uploaded as files
 * (multipart on the page, a raw body or multipart in the API), listed with
 * the payment and served back to whoever may read it. The storing and the
 * checks are the model's (docs.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "funds/web_int.h"

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
    Ctx c = site_ctx(r);
    FundsErr e;
    if (!funds_doc_store(&c, id, kind, name, data, len, &doc, &e)) {
        funds_err_reply(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    buf_printf(&r->out, "{\"id\":%lld,\"payment_id\":%lld,\"url\":\"/payments/%lld/documents/%lld\",\"documents\":",
               (long long)doc, (long long)id, (long long)id, (long long)doc);
    if (!funds_docs_json(r, &r->out, id)) {
        funds_db_error_reply(r);
        return;
    }
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
    Ctx c = site_ctx(r);
    FundsErr e;
    if (!funds_doc_store(&c, id, req_form(r, "kind"), u->filename, u->data, u->len, NULL, &e)) {
        funds_err_reply(r, &e);
        return;
    }
    resp_redirect(r, arena_printf(r->arena, "/payments/%lld#documents", (long long)id));
}

void page_payment_doc_get(Req *r)
{
    int64_t id, doc;
    if (!req_param_id_or_reply(r, "id", &id) || !req_param_id_or_reply(r, "doc", &doc))
        return;
    Ctx c = site_ctx(r);
    PaymentDoc d;
    FundsErr e;
    Fund f;
    if (!funds_doc_find(&c, id, doc, &d, &e)) {
        funds_err_reply(r, &e);
        return;
    }
    /* whoever may read the payment may read its basis */
    if (!funds_fund_allowed_or_reply(r, d.fund_id, PERM_TREE_READ, &f))
        return;
    const unsigned char *data;
    size_t len;
    if (!funds_doc_bytes(&c, &d, &data, &len, &e)) {
        funds_err_reply(r, &e);
        return;
    }
    const char *mime = d.mime;
    r->content_type_out = mime;
    resp_header(r, "Cache-Control", "private, max-age=86400");
    resp_header(r, "Content-Disposition",
                strcmp(mime, "application/pdf") == 0 ? "inline; filename=\"document.pdf\""
                : strcmp(mime, "image/png") == 0     ? "inline; filename=\"document.png\""
                                                     : "inline; filename=\"document.jpg\"");
    buf_append(&r->out, data, len);
}
