/* assets.h: front-end files (htmx, ECharts, CSS) embedded at build time
 * from pinned npm packages; nothing is fetched at run time. */
#ifndef GZ_ASSETS_H
#define GZ_ASSETS_H
#include <stddef.h>

typedef struct Asset {
    const char *name;         /* "htmx.min.js" */
    const char *content_type;
    const unsigned char *data;
    size_t len;
    const char *etag;         /* content hash, quoted */
} Asset;

const Asset *asset_find(const char *name);
struct Req;
void asset_handler(struct Req *r); /* GET /static/{name}: cached, with ETag */

#endif
