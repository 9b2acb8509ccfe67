/* archive.c: the handover archive of a project: the only writer of
 * project_archive_doc and project_handover. The checklist (drawings,
 * construction records, test reports, accounts, the facility list,
 * maintenance manuals) must have a document of each kind before the archive
 * is exported as one ZIP (libzip, in memory: index.html and every document)
 * or handed to the committee (the ZIP kept by content hash, one recorded
 * handover, audited). */
#include "project/list_sql.h"
#include "project/project.h"

#include <stdio.h>
#include <string.h>
#include <zip.h>

#include "auth/audit.h"
#include "core/buf.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/filestore.h"
#include "funds/funds.h"

const char *const project_archive_kinds[PROJECT_ARCHIVE_KINDS] = {
    "drawings", "construction_records", "test_reports", "accounts", "facility_list", "maintenance_manuals",
};
static const char *const kind_labels[PROJECT_ARCHIVE_KINDS] = {
    "竣工图纸", "施工记录", "检测报告", "结算账目", "设施清单", "维护手册",
};

static int kind_index(const char *kind)
{
    for (int i = 0; kind && i < PROJECT_ARCHIVE_KINDS; i++)
        if (strcmp(project_archive_kinds[i], kind) == 0)
            return i;
    return -1;
}

bool project_archive_kind_valid(const char *kind)
{
    return kind_index(kind) >= 0;
}

const char *project_archive_kind_label_zh(const char *kind)
{
    int i = kind_index(kind);
    return i >= 0 ? kind_labels[i] : "其他资料";
}

int project_archive_missing(const int64_t counts[PROJECT_ARCHIVE_KINDS], const char *missing[PROJECT_ARCHIVE_KINDS])
{
    int n = 0;
    for (int i = 0; i < PROJECT_ARCHIVE_KINDS; i++)
        if (counts[i] <= 0)
            missing[n++] = project_archive_kinds[i];
    return n;
}

static bool aerr(ProjectErr *e, ProjectMsg m, const char *field)
{
    *e = (ProjectErr){m, field, NULL};
    return false;
}

static bool aerr_db(ProjectErr *e, Db *db)
{
    *e = (ProjectErr){db_error_class(db) == DB_ERR_BUSY ? PM_BUSY : PM_INTERNAL, NULL, db_errmsg(db)};
    return false;
}

bool project_archive_doc_add(const Ctx *c, const Project *p, const char *kind, const char *title,
                             const char *filename, const unsigned char *data, size_t len, int64_t *id, ProjectErr *e)
{
    if (!project_archive_kind_valid(kind))
        return aerr(e, PM_BAD_ARCHIVE_KIND, "kind");
    size_t limit = g_config ? g_config->max_upload : (size_t)8 << 20;
    if (len > limit)
        return aerr(e, PM_FILE_TOO_LARGE, "file");
    const char *ext;
    const char *mime = funds_doc_type(data, len, &ext);
    if (!mime)
        return aerr(e, PM_BAD_FILE_TYPE, "file");
    int64_t count = 0;
    if (!db_int(c->db, &count, "SELECT COUNT(*) FROM project_archive_doc WHERE project_id = ?", DB_I(p->id)))
        return aerr_db(e, c->db);
    if (count >= PROJECT_ARCHIVE_DOCS_MAX)
        return aerr(e, PM_TOO_MANY_DOCS, "file");
    char hex[65];
    if (!filestore_put(c->arena, filestore_dir(c->arena, g_config, "archives"), data, len, ext, hex))
        return aerr(e, PM_FILE_NOT_STORED, NULL);
    const char *name = project_file_name(c->arena, filename, project_archive_kind_label_zh(kind));
    const char *t = title && title[0] ? title : name;
    *id = 0;
    if (!db_int(c->db, id,
                "INSERT INTO project_archive_doc (project_id, kind, title, filename, mime, size, hash, created_by, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                DB_I(p->id), DB_T(kind), DB_T(t), DB_T(name), DB_T(mime), DB_I((int64_t)len), DB_T(hex),
                DB_I(ctx_actor(c)), DB_I(c->now)))
        return aerr_db(e, c->db);
    const char *after = arena_printf(c->arena, "{\"doc\":%lld,\"kind\":\"%s\",\"size\":%lld,\"hash\":\"%s\"}",
                                     (long long)*id, kind, (long long)len, hex);
    return audit_append(c->db, ctx_actor(c), "project", p->id, "archive_doc", NULL, after) || aerr_db(e, c->db);
}

static void doc_row(const Ctx *c, DbStmt *st, ProjectArchiveDoc *d)
{
    *d = (ProjectArchiveDoc){.id = db_col_int(st, 0), .project_id = db_col_int(st, 1), .size = db_col_int(st, 2),
                             .created_at = db_col_int(st, 3), .kind = arena_strdup(c->arena, db_col_text(st, 4)),
                             .title = arena_strdup(c->arena, db_col_text(st, 5)),
                             .filename = arena_strdup(c->arena, db_col_text(st, 6)),
                             .mime = arena_strdup(c->arena, db_col_text(st, 7)),
                             .hash = arena_strdup(c->arena, db_col_text(st, 8))};
}

bool project_archive_docs(const Ctx *c, int64_t project_id, int64_t below, int limit, ProjectArchiveDoc **out, int *n,
                          ProjectErr *e)
{
    *out = arena_alloc(c->arena, sizeof **out * (size_t)(limit + 1));
    *n = 0;
    DbStmt *st = db_query(c->db, PROJECT_ARCHIVE_DOCS_PAGE, DB_I(project_id), DB_I(below), DB_I(limit));
    if (!st)
        return aerr_db(e, c->db);
    int rc;
    while ((rc = db_step(st)) == DB_ROW && *n < limit)
        doc_row(c, st, &(*out)[(*n)++]);
    if (!db_done(st) || rc == DB_ERROR)
        return aerr_db(e, c->db);
    return true;
}

bool project_archive_doc_get(const Ctx *c, int64_t project_id, int64_t doc_id, ProjectArchiveDoc *out, ProjectErr *e)
{
    DbStmt *st = db_query(c->db,
                          "SELECT id, project_id, size, created_at, kind, title, filename, mime, hash "
                          "FROM project_archive_doc WHERE id = ? AND project_id = ?",
                          DB_I(doc_id), DB_I(project_id));
    if (!st)
        return aerr_db(e, c->db);
    int rc = db_step(st);
    if (rc == DB_ROW)
        doc_row(c, st, out);
    if (!db_done(st) || rc == DB_ERROR)
        return aerr_db(e, c->db);
    return rc == DB_ROW || aerr(e, PM_NO_ARCHIVE_DOC, "doc");
}

bool project_archive_doc_bytes(const Ctx *c, const ProjectArchiveDoc *d, const unsigned char **data, size_t *len,
                               ProjectErr *e)
{
    const char *ext = funds_doc_ext(d->mime);
    if (!ext || !filestore_get(c->arena, filestore_dir(c->arena, g_config, "archives"), d->hash, ext, data, len))
        return aerr(e, PM_FILE_MISSING, NULL);
    return true;
}

bool project_archive_counts(const Ctx *c, int64_t project_id, int64_t counts[PROJECT_ARCHIVE_KINDS], ProjectErr *e)
{
    for (int i = 0; i < PROJECT_ARCHIVE_KINDS; i++)
        counts[i] = 0;
    DbStmt *st = db_query(c->db, "SELECT kind, COUNT(*) FROM project_archive_doc WHERE project_id = ? GROUP BY kind",
                          DB_I(project_id));
    if (!st)
        return aerr_db(e, c->db);
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        int i = kind_index(db_col_text(st, 0));
        if (i >= 0)
            counts[i] = db_col_int(st, 1);
    }
    if (!db_done(st) || rc == DB_ERROR)
        return aerr_db(e, c->db);
    return true;
}

static bool incomplete(const Ctx *c, const int64_t counts[PROJECT_ARCHIVE_KINDS], ProjectErr *e)
{
    const char *missing[PROJECT_ARCHIVE_KINDS];
    int n = project_archive_missing(counts, missing);
    if (!n)
        return false;
    Buf b = BUF_INIT;
    for (int i = 0; i < n; i++)
        buf_printf(&b, "%s%s", i ? "," : "", missing[i]);
    *e = (ProjectErr){PM_ARCHIVE_INCOMPLETE, "archive", arena_strdup(c->arena, buf_str(&b))};
    buf_free(&b);
    return true;
}

/* The entry name of a document inside the ZIP: "<n>_<label>/<id>_<filename>". */
static const char *entry_name(const Ctx *c, const ProjectArchiveDoc *d)
{
    int i = kind_index(d->kind);
    return arena_printf(c->arena, "%d_%s/%lld_%s", i + 1, project_archive_kind_label_zh(d->kind), (long long)d->id,
                        d->filename);
}

static void index_html(const Ctx *c, Buf *b, const Project *p, const ProjectArchiveDoc *docs, int n,
                       const Facility *fac, int nf, const ProjectAcceptance *acc, int na)
{
    char when[20];
    clock_format_local(c->now, when);
    buf_printf(b,
               "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>%h·移交归档</title>"
               "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
               "td,th{border:1px solid #999;padding:4px 8px}</style></head><body>"
               "<h1>%h·移交归档</h1><p>项目编号 %lld，院落 %h；归档生成时间 %s（北京时间）。</p>",
               p->title, p->title, (long long)p->id, p->node_path ? p->node_path : "", when);
    buf_puts(b, "<h2>归档清单</h2><table><thead><tr><th>类别</th><th>资料</th><th>文件</th><th>大小（字节）</th>"
                "<th>上传时间</th></tr></thead><tbody>");
    for (int k = 0; k < PROJECT_ARCHIVE_KINDS; k++)
        for (int i = n - 1; i >= 0; i--) {
            if (strcmp(docs[i].kind, project_archive_kinds[k]) != 0)
                continue;
            char at[20];
            clock_format_local(docs[i].created_at, at);
            const char *href = entry_name(c, &docs[i]);
            buf_printf(b, "<tr><td>%h</td><td>%h</td><td><a href=\"", kind_labels[k], docs[i].title);
            /* a relative link: each path segment percent-encoded */
            const char *slash = strchr(href, '/');
            buf_printf(b, "%u/%u\">%h</a></td><td>%lld</td><td>%s</td></tr>",
                       arena_strndup(c->arena, href, (size_t)(slash - href)), slash + 1, docs[i].filename,
                       (long long)docs[i].size, at);
        }
    buf_puts(b, "</tbody></table><h2>设施登记</h2>");
    if (!nf)
        buf_puts(b, "<p>本项目未登记新增设施。</p>");
    else {
        buf_puts(b, "<table><thead><tr><th>设施</th><th>类型</th><th>位置</th><th>管护单位</th></tr></thead><tbody>");
        for (int i = 0; i < nf; i++)
            buf_printf(b, "<tr><td>%h</td><td>%h</td><td>%h</td><td>%h</td></tr>", fac[i].name,
                       project_facility_type_label_zh(fac[i].type), fac[i].location,
                       fac[i].maintainer ? fac[i].maintainer : "");
        buf_puts(b, "</tbody></table>");
    }
    buf_puts(b, "<h2>验收记录</h2>");
    if (!na)
        buf_puts(b, "<p>尚无验收记录。</p>");
    for (int i = 0; i < na; i++) {
        char at[20];
        clock_format_local(acc[i].created_at, at);
        buf_printf(b, "<p><strong>%h</strong>（%s）：%h；签字：", project_stage_label_zh(acc[i].stage), at,
                   acc[i].findings ? acc[i].findings : "");
        for (int k = 0; k < acc[i].n_signers; k++)
            buf_printf(b, "%s%h（%h）", k ? "、" : "", acc[i].signers[k].name,
                       project_signer_label_zh(acc[i].signers[k].role));
        buf_puts(b, "</p>");
    }
    buf_puts(b, "</body></html>\n");
}

/* The facilities the project added (at most 500, through the register's read functions). */
static bool project_facility_list(const Ctx *c, const Project *p, Facility **out, int *n, ProjectErr *e)
{
    *out = arena_alloc(c->arena, sizeof **out * 501);
    *n = 0;
    for (int k = 0; k < p->n_compounds; k++) {
        int64_t below = INT64_MAX;
        for (;;) {
            Facility *f;
            int m;
            if (!project_facilities(c, p->compounds[k], below, 100, &f, &m, e))
                return false;
            for (int i = 0; i < m && *n < 500; i++)
                if (f[i].project_id == p->id)
                    (*out)[(*n)++] = f[i];
            if (m < 100 || *n >= 500)
                break;
            below = f[m - 1].id;
        }
    }
    return true;
}

static bool archive_zip_add(zip_t *z, const char *name, const void *data, size_t len, int64_t now)
{
    zip_source_t *s = zip_source_buffer(z, data, len, 0);
    if (!s)
        return false;
    zip_int64_t i = zip_file_add(z, name, s, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    if (i < 0) {
        zip_source_free(s);
        return false;
    }
    return zip_file_set_mtime(z, (zip_uint64_t)i, (time_t)now, 0) == 0;
}

bool project_archive_zip(const Ctx *c, const Project *p, const unsigned char **data, size_t *len, int *n_docs,
                         ProjectErr *e)
{
    int64_t counts[PROJECT_ARCHIVE_KINDS];
    if (!project_archive_counts(c, p->id, counts, e))
        return false;
    if (incomplete(c, counts, e))
        return false;
    ProjectArchiveDoc *docs;
    int n;
    if (!project_archive_docs(c, p->id, INT64_MAX, PROJECT_ARCHIVE_DOCS_MAX, &docs, &n, e))
        return false;
    Facility *fac;
    int nf;
    ProjectAcceptance acc[PSTAGE__COUNT];
    int na;
    if (!project_facility_list(c, p, &fac, &nf, e) || !project_acceptances(c, p->id, acc, &na, e))
        return false;
    const unsigned char **bytes = arena_alloc(c->arena, sizeof *bytes * (size_t)(n + 1));
    size_t *sizes = arena_alloc(c->arena, sizeof *sizes * (size_t)(n + 1));
    for (int i = 0; i < n; i++)
        if (!project_archive_doc_bytes(c, &docs[i], &bytes[i], &sizes[i], e))
            return false;
    Buf idx = BUF_INIT;
    index_html(c, &idx, p, docs, n, fac, nf, acc, na);

    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
    zip_t *z = src ? zip_open_from_source(src, ZIP_TRUNCATE, &ze) : NULL;
    bool ok = z != NULL;
    if (!z && src)
        zip_source_free(src);
    if (ok) {
        zip_source_keep(src);
        ok = archive_zip_add(z, "index.html", buf_str(&idx), idx.len, c->now);
        for (int i = n - 1; ok && i >= 0; i--)
            ok = archive_zip_add(z, entry_name(c, &docs[i]), bytes[i], sizes[i], c->now);
        if (ok)
            ok = zip_close(z) == 0;
        else
            zip_discard(z);
    }
    unsigned char *out = NULL;
    zip_stat_t st;
    if (ok && zip_source_stat(src, &st) == 0 && (st.valid & ZIP_STAT_SIZE) && zip_source_open(src) == 0) {
        out = arena_alloc(c->arena, (size_t)st.size + 1);
        ok = zip_source_read(src, out, st.size) == (zip_int64_t)st.size;
        zip_source_close(src);
    } else
        ok = false;
    if (z)
        zip_source_free(src);
    zip_error_fini(&ze);
    buf_free(&idx);
    if (!ok)
        return aerr(e, PM_ZIP_FAILED, NULL);
    *data = out;
    *len = (size_t)st.size;
    if (n_docs)
        *n_docs = n;
    return true;
}

bool project_handover(const Ctx *c, const Project *p, const char *received_by, int64_t *id, ProjectErr *e)
{
    const unsigned char *data;
    size_t len;
    int n;
    if (!project_archive_zip(c, p, &data, &len, &n, e))
        return false;
    char hex[65];
    if (!filestore_put(c->arena, filestore_dir(c->arena, g_config, "archives"), data, len, "zip", hex))
        return aerr(e, PM_FILE_NOT_STORED, NULL);
    *id = 0;
    if (!db_int(c->db, id,
                "INSERT INTO project_handover (project_id, received_by, n_docs, size, hash, handed_by, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                DB_I(p->id), DB_T(received_by), DB_I(n), DB_I((int64_t)len), DB_T(hex), DB_I(ctx_actor(c)),
                DB_I(c->now)))
        return aerr_db(e, c->db);
    const char *after = arena_printf(c->arena, "{\"handover\":%lld,\"docs\":%d,\"size\":%lld,\"hash\":\"%s\"}",
                                     (long long)*id, n, (long long)len, hex);
    return audit_append(c->db, ctx_actor(c), "project", p->id, "handover", NULL, after) || aerr_db(e, c->db);
}

static void handover_row(const Ctx *c, DbStmt *st, ProjectHandover *h)
{
    *h = (ProjectHandover){.id = db_col_int(st, 0), .project_id = db_col_int(st, 1), .n_docs = db_col_int(st, 2),
                           .size = db_col_int(st, 3), .handed_by = db_col_int(st, 4), .created_at = db_col_int(st, 5),
                           .received_by = arena_strdup(c->arena, db_col_text(st, 6)),
                           .hash = arena_strdup(c->arena, db_col_text(st, 7))};
}

bool project_handovers(const Ctx *c, int64_t project_id, int64_t below, int limit, ProjectHandover **out, int *n,
                       ProjectErr *e)
{
    *out = arena_alloc(c->arena, sizeof **out * (size_t)(limit + 1));
    *n = 0;
    DbStmt *st = db_query(c->db, PROJECT_HANDOVERS_PAGE, DB_I(project_id), DB_I(below), DB_I(limit));
    if (!st)
        return aerr_db(e, c->db);
    int rc;
    while ((rc = db_step(st)) == DB_ROW && *n < limit)
        handover_row(c, st, &(*out)[(*n)++]);
    if (!db_done(st) || rc == DB_ERROR)
        return aerr_db(e, c->db);
    return true;
}

bool project_handover_get(const Ctx *c, int64_t project_id, int64_t id, ProjectHandover *out, ProjectErr *e)
{
    DbStmt *st = db_query(c->db,
                          "SELECT id, project_id, n_docs, size, handed_by, created_at, received_by, hash "
                          "FROM project_handover WHERE id = ? AND project_id = ?",
                          DB_I(id), DB_I(project_id));
    if (!st)
        return aerr_db(e, c->db);
    int rc = db_step(st);
    if (rc == DB_ROW)
        handover_row(c, st, out);
    if (!db_done(st) || rc == DB_ERROR)
        return aerr_db(e, c->db);
    return rc == DB_ROW || aerr(e, PM_NO_HANDOVER, "handover");
}

bool project_handover_bytes(const Ctx *c, const ProjectHandover *h, const unsigned char **data, size_t *len,
                            ProjectErr *e)
{
    if (!filestore_get(c->arena, filestore_dir(c->arena, g_config, "archives"), h->hash, "zip", data, len))
        return aerr(e, PM_FILE_MISSING, NULL);
    return true;
}
