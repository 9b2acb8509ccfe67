/* filestore.c: content-addressed files under the data directory.
 *
 * Why on disk and not in the database: uploads are up to max_upload each;
 * as rows they would bloat the database, its WAL and every backup. Named by
 * the hash of their content they are written once and deduplicated. The
 * caller's transaction stays the source of truth: the file is written,
 * fsynced and renamed into place BEFORE the row pointing at it is inserted;
 * if the request then fails the file is a harmless orphan. */
#include "core/filestore.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/config.h"

const char *filestore_dir(Arena *a, const Config *c, const char *sub)
{
    if (c && c->data_dir && c->data_dir[0])
        return arena_printf(a, "%s/%s", c->data_dir, sub);
    const char *db = c && c->db_url ? c->db_url : "";
    if (strncmp(db, "sqlite:", 7) == 0 && db[7] && strcmp(db + 7, ":memory:") != 0) {
        const char *path = db + 7;
        const char *slash = strrchr(path, '/');
        if (slash)
            return arena_printf(a, "%s/%s", arena_strndup(a, path, (size_t)(slash - path)), sub);
        return arena_strdup(a, sub);
    }
    /* PostgreSQL has no file to sit beside: use the key file's directory,
     * the one place on disk a deployment already keeps for gongzhi. */
    if (c) {
        char *key = config_key_path(c);
        const char *slash = strrchr(key, '/');
        const char *dir = slash ? arena_printf(a, "%s/%s", arena_strndup(a, key, (size_t)(slash - key)), sub)
                                : arena_strdup(a, sub);
        free(key);
        return dir;
    }
    return arena_strdup(a, sub);
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

static bool write_atomic(const char *final, const unsigned char *data, size_t len)
{
    struct stat sb;
    if (stat(final, &sb) == 0 && (size_t)sb.st_size == len)
        return true; /* same content, same name: already there */
    char tmp[1300];
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
    if (fsync(fd) != 0 || close(fd) != 0 || rename(tmp, final) != 0) {
        unlink(tmp);
        return false;
    }
    return true;
}

static bool ext_ok(const char *ext)
{
    size_t n = strlen(ext);
    if (n == 0 || n > 8)
        return false;
    for (const char *p = ext; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
            return false;
    return true;
}

bool filestore_put(Arena *a, const char *dir, const unsigned char *data, size_t len, const char *ext, char hex[65])
{
    if (!ext_ok(ext))
        return false;
    unsigned char digest[32];
    crypto_generichash(digest, sizeof digest, data, len, NULL, 0);
    sodium_bin2hex(hex, 65, digest, sizeof digest);
    if (strlen(dir) > 900 || !mkdir_p(dir))
        return false;
    return write_atomic(arena_printf(a, "%s/%s.%s", dir, hex, ext), data, len);
}

bool filestore_get(Arena *a, const char *dir, const char *hex, const char *ext, const unsigned char **data,
                   size_t *len)
{
    if (!hex || strlen(hex) != 64 || !ext_ok(ext))
        return false;
    for (const char *p = hex; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return false;
    FILE *f = fopen(arena_printf(a, "%s/%s.%s", dir, hex, ext), "rb");
    if (!f)
        return false;
    struct stat sb;
    if (fstat(fileno(f), &sb) != 0 || sb.st_size < 0 || sb.st_size > (1 << 30)) {
        fclose(f);
        return false;
    }
    unsigned char *buf = arena_alloc(a, (size_t)sb.st_size + 1);
    size_t n = fread(buf, 1, (size_t)sb.st_size, f);
    fclose(f);
    if (n != (size_t)sb.st_size)
        return false;
    *data = buf;
    *len = n;
    return true;
}
