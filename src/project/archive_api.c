/* archive_api.c: the handover archive's JSON API and its ZIP downloads:
 * the checklist, the documents, the export and the handovers. */
#include "project/web_int.h"

#include <string.h>

#include "core/clock.h"
#include "http/jsonin.h"

static void iso(Buf *b, int64_t t)
{
    if (!t) {
        buf_puts(b, "null");
        return;
    }
    char s[26];
    clock_format_iso(t, s);
    buf_printf(b, "\"%s\"", s);
}

/* The refusal of an incomplete archive names the first kind missing (the
 * checklist, GET .../archive, lists them all). */
static const ErrorText missing_rows[PROJECT_ARCHIVE_KINDS] = {
    {409, "archive_incomplete", "归档资料不齐全：缺少竣工图纸，不能导出或移交（请对照归档清单补齐）",
     "The archive lacks the drawings"},
    {409, "archive_incomplete", "归档资料不齐全：缺少施工记录，不能导出或移交（请对照归档清单补齐）",
     "The archive lacks the construction records"},
    {409, "archive_incomplete", "归档资料不齐全：缺少检测报告，不能导出或移交（请对照归档清单补齐）",
     "The archive lacks the test reports"},
    {409, "archive_incomplete", "归档资料不齐全：缺少结算账目，不能导出或移交（请对照归档清单补齐）",
     "The archive lacks the accounts"},
    {409, "archive_incomplete", "归档资料不齐全：缺少设施清单，不能导出或移交（请对照归档清单补齐）",
     "The archive lacks the facility list"},
    {409, "archive_incomplete", "归档资料不齐全：缺少维护手册，不能导出或移交（请对照归档清单补齐）",
     "The archive lacks the maintenance manuals"},
};

static bool fail(Req *r, const ProjectErr *e)
{
    if (e->msg == PM_ARCHIVE_INCOMPLETE && e->detail)
        for (int i = 0; i < PROJECT_ARCHIVE_KINDS; i++) {
            size_t n = strlen(project_archive_kinds[i]);
            if (strncmp(e->detail, project_archive_kinds[i], n) == 0 && (e->detail[n] == ',' || !e->detail[n])) {
                reply_error_text(r, &missing_rows[i], "archive");
                return false;
            }
        }
    project_err_reply(r, e);
    return false;
}

static bool deny(Req *r)
{
    ProjectErr e = {r->who ? PM_FORBIDDEN : PM_LOGIN_NEEDED, NULL, NULL};
    project_err_reply(r, &e);
    return false;
}

static void checklist_json(Buf *b, const int64_t counts[PROJECT_ARCHIVE_KINDS])
{
    const char *missing[PROJECT_ARCHIVE_KINDS];
    int nm = project_archive_missing(counts, missing);
    buf_printf(b, "{\"complete\":%s,\"checklist\":[", nm ? "false" : "true");
    for (int i = 0; i < PROJECT_ARCHIVE_KINDS; i++)
        buf_printf(b, "%s{\"kind\":%j,\"label\":%j,\"documents\":%lld,\"complete\":%s}", i ? "," : "",
                   project_archive_kinds[i], project_archive_kind_label_zh(project_archive_kinds[i]),
                   (long long)counts[i], counts[i] > 0 ? "true" : "false");
    buf_puts(b, "],\"missing\":[");
    for (int i = 0; i < nm; i++)
        buf_printf(b, "%s%j", i ? "," : "", missing[i]);
    buf_puts(b, "]");
}

void api_project_archive(Req *r)
{
    Ctx c = site_ctx(r);
    Project p;
    if (!project_load_or_reply(r, &c, &p))
        return;
    int64_t counts[PROJECT_ARCHIVE_KINDS];
    ProjectErr e;
    ProjectHandover *h;
    int nh;
    if (!project_archive_counts(&c, p.id, counts, &e) || !project_handovers(&c, p.id, INT64_MAX, 1, &h, &nh, &e)) {
        fail(r, &e);
        return;
    }
    resp_json(r);
    checklist_json(&r->out, counts);
    buf_printf(&r->out, ",\"export\":\"/api/projects/%lld/archive.zip\",\"last_handover\":", (long long)p.id);
    if (nh)
        buf_printf(&r->out, "{\"id\":%lld,\"received_by\":%j}", (long long)h[0].id, h[0].received_by);
    else
        buf_puts(&r->out, "null");
    buf_putc(&r->out, '}');
}

static void doc_json(Buf *b, const ProjectArchiveDoc *d)
{
    buf_printf(b,
               "{\"id\":%lld,\"kind\":%j,\"label\":%j,\"title\":%j,\"filename\":%j,\"mime\":%j,\"size\":%lld,"
               "\"url\":\"/api/projects/%lld/archive/documents/%lld\",\"created_at\":",
               (long long)d->id, d->kind, project_archive_kind_label_zh(d->kind), d->title, d->filename, d->mime,
               (long long)d->size, (long long)d->project_id, (long long)d->id);
    iso(b, d->created_at);
    buf_putc(b, '}');
}

void api_project_archive_doc_add(Req *r)
{
    Ctx c = site_ctx(r);
    Project p;
    if (!project_load_or_reply(r, &c, &p))
        return;
    if (!project_may_manage(&c, &p)) {
        deny(r);
        return;
    }
    const Upload *u = r->n_uploads ? req_upload(r, "file") : NULL;
    if (r->n_uploads && !u)
        u = &r->uploads[0];
    const char *kind = req_form(r, "kind") ? req_form(r, "kind") : req_query(r, "kind");
    const char *title = req_form(r, "title") ? req_form(r, "title") : req_query(r, "title");
    const char *name = u ? u->filename : req_query(r, "filename");
    const unsigned char *data = u ? u->data : (const unsigned char *)r->body;
    size_t len = u ? u->len : r->body_len;
    if (!data || len == 0) {
        reply_error(r, 400, "missing_field", "file", "请附上归档资料文件（请求体或 multipart 的 file 字段）",
                    "Send the document as the body or as the multipart field file");
        return;
    }
    if (title && strlen(title) > 300) {
        reply_error(r, 400, "too_long", "title", "资料名称太长", "The title is too long");
        return;
    }
    ProjectErr e;
    int64_t id;
    ProjectArchiveDoc d;
    if (!project_archive_doc_add(&c, &p, kind, title, name, data, len, &id, &e) ||
        !project_archive_doc_get(&c, p.id, id, &d, &e)) {
        fail(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    doc_json(&r->out, &d);
}

static bool page_args_or_reply(Req *r, int64_t *per_page, int64_t *after)
{
    return req_query_int_or_reply(r, "per_page", 20, 1, 100, per_page) &&
           req_query_int_or_reply(r, "after", 0, 0, INT64_MAX, after);
}

void api_project_archive_docs(Req *r)
{
    Ctx c = site_ctx(r);
    Project p;
    int64_t per_page, after;
    if (!project_load_or_reply(r, &c, &p) || !page_args_or_reply(r, &per_page, &after))
        return;
    ProjectArchiveDoc *d;
    int n;
    ProjectErr e;
    if (!project_archive_docs(&c, p.id, after ? after : INT64_MAX, (int)per_page + 1, &d, &n, &e)) {
        fail(r, &e);
        return;
    }
    bool more = n > per_page;
    if (more)
        n = (int)per_page;
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    for (int i = 0; i < n; i++) {
        if (i)
            buf_putc(&r->out, ',');
        doc_json(&r->out, &d[i]);
    }
    buf_printf(&r->out, "],\"per_page\":%lld,\"next\":", (long long)per_page);
    if (more)
        buf_printf(&r->out, "%lld}", (long long)d[n - 1].id);
    else
        buf_puts(&r->out, "null}");
}

void api_project_archive_doc(Req *r)
{
    Ctx c = site_ctx(r);
    Project p;
    int64_t id;
    if (!project_load_or_reply(r, &c, &p) || !req_param_id_or_reply(r, "doc", &id))
        return;
    ProjectArchiveDoc d;
    ProjectErr e;
    const unsigned char *data;
    size_t len;
    if (!project_archive_doc_get(&c, p.id, id, &d, &e) || !project_archive_doc_bytes(&c, &d, &data, &len, &e)) {
        fail(r, &e);
        return;
    }
    r->content_type_out = d.mime;
    resp_header(r, "Cache-Control", "private, max-age=86400");
    resp_header(r, "Content-Disposition",
                strcmp(d.mime, "application/pdf") == 0 ? "inline; filename=\"document.pdf\""
                : strcmp(d.mime, "image/png") == 0     ? "inline; filename=\"document.png\""
                                                       : "inline; filename=\"document.jpg\"");
    buf_append(&r->out, data, len);
}

static void zip_reply(Req *r, int64_t project_id, const unsigned char *data, size_t len)
{
    r->content_type_out = "application/zip";
    resp_header(r, "Cache-Control", "private, no-store");
    resp_header(r, "Content-Disposition",
                arena_printf(r->arena, "attachment; filename=\"project-%lld-archive.zip\"", (long long)project_id));
    buf_append(&r->out, data, len);
}

void api_project_archive_zip(Req *r)
{
    Ctx c = site_ctx(r);
    Project p;
    if (!project_load_or_reply(r, &c, &p))
        return;
    const unsigned char *data;
    size_t len;
    ProjectErr e;
    if (!project_archive_zip(&c, &p, &data, &len, NULL, &e)) {
        fail(r, &e);
        return;
    }
    zip_reply(r, p.id, data, len);
}

static const JsonField handover_spec[] = {
    {"received_by", JF_STRING, JF_REQUIRED, 0, 100},
    {NULL, 0, 0, 0, 0},
};

static void handover_json(Buf *b, const ProjectHandover *h)
{
    buf_printf(b,
               "{\"id\":%lld,\"received_by\":%j,\"documents\":%lld,\"size\":%lld,\"hash\":%j,"
               "\"url\":\"/api/projects/%lld/handovers/%lld/archive.zip\",\"created_at\":",
               (long long)h->id, h->received_by, (long long)h->n_docs, (long long)h->size, h->hash,
               (long long)h->project_id, (long long)h->id);
    iso(b, h->created_at);
    buf_putc(b, '}');
}

void api_project_handover(Req *r)
{
    Ctx c = site_ctx(r);
    Project p;
    if (!project_load_or_reply(r, &c, &p))
        return;
    if (!project_may_manage(&c, &p)) {
        deny(r);
        return;
    }
    json_t *body = req_json_object_or_reply(r);
    JsonValue v[1];
    if (!body || !json_fields_or_reply(r, body, handover_spec, v))
        return;
    ProjectErr e;
    int64_t id;
    ProjectHandover h;
    if (!project_handover(&c, &p, v[0].s, &id, &e) || !project_handover_get(&c, p.id, id, &h, &e)) {
        fail(r, &e);
        return;
    }
    r->status = 201;
    resp_json(r);
    handover_json(&r->out, &h);
}

void api_project_handovers(Req *r)
{
    Ctx c = site_ctx(r);
    Project p;
    int64_t per_page, after;
    if (!project_load_or_reply(r, &c, &p) || !page_args_or_reply(r, &per_page, &after))
        return;
    ProjectHandover *h;
    int n;
    ProjectErr e;
    if (!project_handovers(&c, p.id, after ? after : INT64_MAX, (int)per_page + 1, &h, &n, &e)) {
        fail(r, &e);
        return;
    }
    bool more = n > per_page;
    if (more)
        n = (int)per_page;
    resp_json(r);
    buf_puts(&r->out, "{\"items\":[");
    for (int i = 0; i < n; i++) {
        if (i)
            buf_putc(&r->out, ',');
        handover_json(&r->out, &h[i]);
    }
    buf_printf(&r->out, "],\"per_page\":%lld,\"next\":", (long long)per_page);
    if (more)
        buf_printf(&r->out, "%lld}", (long long)h[n - 1].id);
    else
        buf_puts(&r->out, "null}");
}

void api_project_handover_zip(Req *r)
{
    Ctx c = site_ctx(r);
    Project p;
    int64_t id;
    if (!project_load_or_reply(r, &c, &p) || !req_param_id_or_reply(r, "handover", &id))
        return;
    ProjectHandover h;
    ProjectErr e;
    const unsigned char *data;
    size_t len;
    if (!project_handover_get(&c, p.id, id, &h, &e) || !project_handover_bytes(&c, &h, &data, &len, &e)) {
        fail(r, &e);
        return;
    }
    zip_reply(r, p.id, data, len);
}
