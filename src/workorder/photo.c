/* photo.c: photos of work orders, stored on disk under data_dir/photos.
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

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "auth/audit.h"
#include "core/clock.h"
#include "core/config.h"
#include "core/filestore.h"

const char *wo_photo_dir(Req *r)
{
    return filestore_dir(r->arena, g_config, "photos"); /* the data directory rule is shared (core/filestore) */
}

static bool mkdir_p(const char *dir)
{
    char tmp[1024];
    size_t n = strlen(dir);
    if (n == 0 || n >= sizeof tmp)
        return false;
    memcpy(tmp, dir, n + 1);
    for (char *p = tmp + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            if (mkdir(tmp, 0700) != 0 && errno != EEXIST)
                return false;
            *p = '/';
        }
    }
    return mkdir(tmp, 0700) == 0 || errno == EEXIST;
}

/* Writes data to dir/name atomically (temp file, fsync, rename). */
static bool write_file_atomic(const char *dir, const char *name, const unsigned char *data, size_t len)
{
    char final[1200], tmp[1300];
    snprintf(final, sizeof final, "%s/%s", dir, name);
    struct stat sb;
    if (stat(final, &sb) == 0 && (size_t)sb.st_size == len)
        return true; /* same content, same name: already there */
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld.%u", final, (long)getpid(), randombytes_random());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0)
        return false;
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            close(fd);
            unlink(tmp);
            return false;
        }
        off += (size_t)w;
    }
    if (fsync(fd) != 0 || close(fd) != 0) {
        unlink(tmp);
        return false;
    }
    if (rename(tmp, final) != 0) {
        unlink(tmp);
        return false;
    }
    return true;
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
    unsigned char digest[32];
    char hex[65];
    crypto_generichash(digest, sizeof digest, data, len, NULL, 0);
    sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
    const char *dir = wo_photo_dir(r);
    char *name = arena_printf(r->arena, "%s.%s", hex, ext);
    if (!mkdir_p(dir) || !write_file_atomic(dir, name, data, len)) {
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
    char *path = arena_printf(r->arena, "%s/%s.%s", wo_photo_dir(r), hash, ext);
    FILE *f = fopen(path, "rb");
    if (!f)
        return false;
    struct stat sb;
    if (fstat(fileno(f), &sb) != 0 || sb.st_size < 0 || sb.st_size > (1 << 30)) {
        fclose(f);
        return false;
    }
    unsigned char *buf = arena_alloc(r->arena, (size_t)sb.st_size + 1);
    size_t n = fread(buf, 1, (size_t)sb.st_size, f);
    fclose(f);
    if (n != (size_t)sb.st_size)
        return false;
    *data = buf;
    *len = n;
    return true;
}
