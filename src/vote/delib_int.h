/* delib_int.h: helpers shared by the model files of deliberation (delib.c,
 * convention.c, panel.c); not for the adapters. */
#ifndef GZ_VOTE_DELIB_INT_H
#define GZ_VOTE_DELIB_INT_H
#include <stddef.h>
#include "core/buf.h"
#include "vote/delib.h"

/* items with room for n + 1 elements of size bytes: the same array while it
 * has room, else a copy twice as large in a (capacity in *cap). */
void *delib_grow(Arena *a, void *items, size_t size, int n, int *cap);
/* The name and path (c's arena) of a place, read through the grid; either
 * may be NULL. False with a storage error when it cannot be read. */
bool delib_place(const Ctx *c, int64_t node_id, const char **name, const char **path, VoteErr *e);

/* A failed read of the grid (GridRead) or auth (AuthRead): VM_BUSY when the
 * database was busy, else VM_INTERNAL. */
bool delib_err_grid(VoteErr *e, int grid_read);
bool delib_err_auth(VoteErr *e, int auth_read);
/* Fills node_name and node_path of n rows of type T (each with node_id,
 * node_name and node_path fields) through the grid, one read per distinct
 * place. */
bool delib_places_fill(const Ctx *c, int n, size_t size, void *rows, size_t off_node, size_t off_name, size_t off_path,
                       VoteErr *e);
#define PLACES_FILL(c, n, rows, T, e)                                                                                \
    delib_places_fill((c), (n), sizeof(T), (rows), offsetof(T, node_id), offsetof(T, node_name), offsetof(T, node_path), (e))

#endif
