/* report.c: the third-party test reports of a sign-off: checked by content
 * (funds_doc_type: PDF, JPEG, PNG, never by name), stored on disk by content
 * hash (core/filestore, data_dir/reports), audited, read back. */
#include "project/project.h"

#include <string.h>

#include "auth/audit.h"
#include "core/config.h"
#include "core/filestore.h"
#include "funds/funds.h"

static bool rerr(ProjectErr *e, ProjectMsg m, const char *field)
{
    *e = (ProjectErr){m, field, NULL};
    return false;
}

static bool rerr_db(ProjectErr *e, Db *db)
{
    *e = (ProjectErr){db_error_class(db) == DB_ERR_BUSY ? PM_BUSY : PM_INTERNAL, NULL, db_errmsg(db)};
    return false;
}

bool project_report_kind_valid(const char *kind)
{
    static const char *const kinds[] = {"structure", "pipes", "fire", "materials", "other"};
    for (size_t i = 0; kind && i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(kinds[i], kind) == 0)
            return true;
    return false;
}

const char *project_file_name(Arena *a, const char *name, const char *fallback)
{
    if (!name)
        return fallback;
    const char *base = name;
    for (const char *p = name; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    size_t n = strlen(base), k = 0;
    char *out = arena_alloc(a, n + 1);
    for (size_t i = 0; i < n && k < 120;) {
        unsigned char ch = (unsigned char)base[i];
        size_t w = ch < 0x80 ? 1 : ch >= 0xF0 ? 4 : ch >= 0xE0 ? 3 : 2;
        if (i + w > n || k + w > 120)
            break;
        if (!(w == 1 && (ch < 0x20 || ch == 0x7F))) {
            memcpy(out + k, base + i, w);
            k += w;
        }
        i += w;
    }
    out[k] = '\0';
    return k ? out : fallback;
}

bool project_report_store(const Ctx *c, const Project *p, int64_t signoff_id, const char *kind, const char *filename,
                          const unsigned char *data, size_t len, int64_t *id, ProjectErr *e)
{
    if (!project_report_kind_valid(kind))
        return rerr(e, PM_BAD_REPORT_KIND, "kind");
    ProjectSignoff s;
    if (!project_signoff_get(c, p->id, signoff_id, &s, e))
        return false;
    size_t limit = g_config ? g_config->max_upload : (size_t)8 << 20;
    if (len > limit)
        return rerr(e, PM_FILE_TOO_LARGE, "file");
    const char *ext;
    const char *mime = funds_doc_type(data, len, &ext);
    if (!mime)
        return rerr(e, PM_BAD_FILE_TYPE, "file");
    int64_t count = 0;
    if (!db_int(c->db, &count, "SELECT COUNT(*) FROM project_report WHERE signoff_id = ?", DB_I(signoff_id)))
        return rerr_db(e, c->db);
    if (count >= PROJECT_REPORTS_MAX)
        return rerr(e, PM_TOO_MANY_FILES, "file");
    char hex[65];
    if (!filestore_put(c->arena, filestore_dir(c->arena, g_config, "reports"), data, len, ext, hex))
        return rerr(e, PM_FILE_NOT_STORED, NULL);
    const char *name = project_file_name(c->arena, filename, "检测报告");
    *id = 0;
    if (!db_int(c->db, id,
                "INSERT INTO project_report (signoff_id, kind, filename, mime, size, hash, created_by, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                DB_I(signoff_id), DB_T(kind), DB_T(name), DB_T(mime), DB_I((int64_t)len), DB_T(hex),
                DB_I(ctx_actor(c)), DB_I(c->now)))
        return rerr_db(e, c->db);
    const char *after = arena_printf(c->arena, "{\"report\":%lld,\"kind\":\"%s\",\"size\":%lld,\"hash\":\"%s\"}",
                                     (long long)*id, kind, (long long)len, hex);
    return audit_append(c->db, ctx_actor(c), "project_signoff", signoff_id, "report", NULL, after) ||
           rerr_db(e, c->db);
}

#define REPORT_COLS "SELECT r.id, r.signoff_id, r.size, r.created_at, r.kind, r.filename, r.mime, r.hash "

static void report_row(const Ctx *c, DbStmt *st, ProjectReport *rep)
{
    *rep = (ProjectReport){db_col_int(st, 0),
                           db_col_int(st, 1),
                           db_col_int(st, 2),
                           db_col_int(st, 3),
                           arena_strdup(c->arena, db_col_text(st, 4)),
                           arena_strdup(c->arena, db_col_text(st, 5)),
                           arena_strdup(c->arena, db_col_text(st, 6)),
                           arena_strdup(c->arena, db_col_text(st, 7))};
}

bool project_reports(const Ctx *c, int64_t signoff_id, ProjectReport **out, int *n, ProjectErr *e)
{
    *out = arena_alloc(c->arena, sizeof **out * (PROJECT_REPORTS_MAX + 1));
    *n = 0;
    DbStmt *st = db_query(c->db, REPORT_COLS "FROM project_report r WHERE r.signoff_id = ? ORDER BY r.id LIMIT 20",
                          DB_I(signoff_id));
    if (!st)
        return rerr_db(e, c->db);
    int rc;
    while ((rc = db_step(st)) == DB_ROW && *n < PROJECT_REPORTS_MAX)
        report_row(c, st, &(*out)[(*n)++]);
    if (!db_done(st) || rc == DB_ERROR)
        return rerr_db(e, c->db);
    return true;
}

bool project_report_get(const Ctx *c, int64_t project_id, int64_t report_id, ProjectReport *out, ProjectErr *e)
{
    DbStmt *st = db_query(c->db,
                          REPORT_COLS "FROM project_report r JOIN project_signoff s ON s.id = r.signoff_id "
                                      "WHERE r.id = ? AND s.project_id = ?",
                          DB_I(report_id), DB_I(project_id));
    if (!st)
        return rerr_db(e, c->db);
    int rc = db_step(st);
    if (rc == DB_ROW)
        report_row(c, st, out);
    if (!db_done(st) || rc == DB_ERROR)
        return rerr_db(e, c->db);
    return rc == DB_ROW || rerr(e, PM_NO_REPORT, "report");
}

bool project_report_bytes(const Ctx *c, const ProjectReport *rep, const unsigned char **data, size_t *len,
                          ProjectErr *e)
{
    const char *ext = funds_doc_ext(rep->mime);
    if (!ext || !filestore_get(c->arena, filestore_dir(c->arena, g_config, "reports"), rep->hash, ext, data, len))
        return rerr(e, PM_FILE_MISSING, NULL);
    return true;
}
