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

const char *wo_photo_dir(Req *r)
{
    return filestore_dir(r->arena, g_config, "photos"); /* the data directory rule is shared (core/filestore) */
}

bool wo_photo_save(Req *r, const WoOrder *o, int64_t event_id, const unsigned char *data, size_t len, int64_t *photo_id)
{
    size_t limit = g_config ? g_config->max_upload : (size_t)8 << 20;
    if (len > limit) {
        reply_error(r, 413, "too_large", "photo", "照片太大", "The photo is too large");
        return false;
    }
    const char *ext;
    const char *mime = wo_image_type(data, len, &ext);
    if (!mime) {
        reply_error(r, 415, "not_an_image", "photo", "只能上传 JPEG、PNG 或 WebP 图片",
                    "Only JPEG, PNG or WebP images are accepted");
        return false;
    }
    int64_t count = 0;
    db_int(r->db, &count, "SELECT COUNT(*) FROM wo_photo WHERE order_id = ? AND event_id = ?", DB_I(o->id),
           DB_I(event_id));
    if (count >= 6) {
        reply_error(r, 400, "too_many_photos", "photo", "每次最多上传 6 张照片", "At most 6 photos at a time");
        return false;
    }
    char hex[65];
    if (!filestore_put(r->arena, wo_photo_dir(r), data, len, ext, hex)) {
        reply_error(r, 500, "internal", NULL, "照片保存失败", "Could not store the photo");
        return false;
    }
    int64_t id = 0;
    DbStmt *st = db_query(r->db,
                          "INSERT INTO wo_photo (order_id, event_id, hash, mime, size, uploaded_by, created_at) "
                          "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                          DB_I(o->id), DB_I(event_id), DB_T(hex), DB_T(mime), DB_I((int64_t)len), DB_I(r->who->user_id),
                          DB_I(clock_now()));
    if (db_step(st) == DB_ROW)
        id = db_col_int(st, 0);
    if (!db_done(st) || !id) {
        reply_error(r, 500, "internal", NULL, "系统内部错误，没有保存任何内容", "Internal error; nothing was saved");
        return false;
    }
    char *aj = arena_printf(r->arena, "{\"photo_id\":%lld,\"mime\":%j,\"size\":%lld,\"hash\":%j}", (long long)id, mime,
                            (long long)len, hex);
    if (!audit_append(r->db, r->who->user_id, "work_order", o->id, "photo", NULL, aj)) {
        reply_error(r, 500, "internal", NULL, "系统内部错误，没有保存任何内容", "Internal error; nothing was saved");
        return false;
    }
    if (photo_id)
        *photo_id = id;
    return true;
}

bool wo_photo_read(Req *r, int64_t photo_id, int64_t *order_id, const char **mime, const unsigned char **data,
                   size_t *len)
{
    const char *hash = NULL;
    DbStmt *st = db_query(r->db, "SELECT order_id, hash, mime FROM wo_photo WHERE id = ?", DB_I(photo_id));
    if (db_step(st) == DB_ROW) {
        *order_id = db_col_int(st, 0);
        hash = arena_strdup(r->arena, db_col_text(st, 1));
        *mime = arena_strdup(r->arena, db_col_text(st, 2));
    }
    db_done(st);
    if (!hash)
        return false;
    const char *ext = strcmp(*mime, "image/png") == 0 ? "png" : strcmp(*mime, "image/webp") == 0 ? "webp" : "jpg";
    return filestore_get(r->arena, wo_photo_dir(r), hash, ext, data, len);
}
