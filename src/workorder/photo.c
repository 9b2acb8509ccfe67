/* photo.c: photos of work orders, stored on disk under data_dir/photos (core/filestore).
 *
 * Why on disk and not in the database: photos are up to max_upload (8 MB)
 * each and thousands accumulate; as rows they would bloat the SQLite file
 * and its WAL, every backup and every pg_dump, and be copied through the
 * row cache on every read. As files named by the BLAKE2b hash of their
 * content they are written once, deduplicated for free, and streamed.
 * The request's transaction stays the source of truth: the file is fully
 * written, fsynced and renamed into place BEFORE the wo_photo row is
 * inserted; if the request then fails, the transaction rolls back and the
 * file is an orphan no row points at, which is harmless (the same content
 * later reuses the same name). A row never points at a missing file. */
#include "workorder/wo_int.h"

#include <string.h>

#include "auth/audit.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/filestore.h"

const char *wo_photo_dir(Arena *a)
{
    return filestore_dir(a, g_config, "photos"); /* the data directory rule is shared (core/filestore) */
}

bool wo_photo_save(const Ctx *c, const WoOrder *o, int64_t event_id, const unsigned char *data, size_t len,
                   int64_t *photo_id, WoErr *e)
{
    size_t limit = g_config ? g_config->max_upload : (size_t)8 << 20;
    if (len > limit)
        return wo_err(e, WM_PHOTO_TOO_LARGE, "photo");
    const char *ext;
    const char *mime = wo_image_type(data, len, &ext);
    if (!mime)
        return wo_err(e, WM_NOT_AN_IMAGE, "photo");
    int64_t count = 0;
    if (!db_int(c->db, &count, "SELECT COUNT(*) FROM wo_photo WHERE order_id = ? AND event_id = ?", DB_I(o->id),
                DB_I(event_id)))
        return wo_err_db(e, c->db);
    if (count >= 6)
        return wo_err(e, WM_TOO_MANY_PHOTOS, "photo");
    char hex[65];
    if (!filestore_put(c->arena, wo_photo_dir(c->arena), data, len, ext, hex))
        return wo_err(e, WM_PHOTO_NOT_STORED, NULL);
    int64_t id = 0;
    DbStmt *st = db_query(c->db,
                          "INSERT INTO wo_photo (order_id, event_id, hash, mime, size, uploaded_by, created_at) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                          DB_I(o->id), DB_I(event_id), DB_T(hex), DB_T(mime), DB_I((int64_t)len), DB_I(ctx_actor(c)),
                          DB_I(c->now));
    if (db_step(st) == DB_ROW)
        id = db_col_int(st, 0);
    if (!db_done(st) || !id)
        return wo_err_db(e, c->db);
    char *aj = arena_printf(c->arena, "{\"photo_id\":%lld,\"mime\":%j,\"size\":%lld,\"hash\":%j}", (long long)id,
                            mime, (long long)len, hex);
    if (!audit_append(c->db, ctx_actor(c), "work_order", o->id, "photo", NULL, aj))
        return wo_err_db(e, c->db);
    if (photo_id)
        *photo_id = id;
    return true;
}

bool wo_photo_read(const Ctx *c, int64_t photo_id, int64_t *order_id, const char **mime, const unsigned char **data,
                   size_t *len)
{
    const char *hash = NULL;
    DbStmt *st = db_query(c->db, "SELECT order_id, hash, mime FROM wo_photo WHERE id = ?", DB_I(photo_id));
    if (db_step(st) == DB_ROW) {
        *order_id = db_col_int(st, 0);
        hash = arena_strdup(c->arena, db_col_text(st, 1));
        *mime = arena_strdup(c->arena, db_col_text(st, 2));
    }
    if (!db_done(st) || !hash)
        return false;
    const char *ext = strcmp(*mime, "image/png") == 0 ? "png" : strcmp(*mime, "image/webp") == 0 ? "webp" : "jpg";
    return filestore_get(c->arena, wo_photo_dir(c->arena), hash, ext, data, len);
}
