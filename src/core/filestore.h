/* filestore.h: files kept on disk under the data directory, each named by
 * the BLAKE2b hash of its content (written once, deduplicated, atomic).
 * Domain-free: work-order photos and payment documents both use it. */
#ifndef GZ_FILESTORE_H
#define GZ_FILESTORE_H
#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
#include "core/config.h"

/* The directory (under configuration c, may be NULL) for files of kind sub ("photos", "documents"): data_dir/sub
 * when data_dir is configured; else beside the SQLite file; else (PostgreSQL)
 * beside the key file. Arena memory. */
const char *filestore_dir(Arena *a, const Config *c, const char *sub);

/* Stores data as dir/<hash>.<ext> (dir from filestore_dir) (directories created, temp file, fsync,
 * rename; an existing file of the same content is kept). hex receives the
 * 64-digit hash. False on any I/O failure (nothing half-written remains). */
bool filestore_put(Arena *a, const char *dir, const unsigned char *data, size_t len, const char *ext, char hex[65]);

/* Reads dir/<hex>.<ext> whole into arena memory; false when missing, too
 * large (> 1 GiB) or hex is not a 64-digit hash. */
bool filestore_get(Arena *a, const char *dir, const char *hex, const char *ext, const unsigned char **data,
                   size_t *len);

#endif
