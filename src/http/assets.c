/* assets.c: serving the front-end files embedded at build time (tools/embed.c writes g_assets). */
#include "http/assets.h"

#include <string.h>

#include "http/req.h"

/* Written by tools/embed.c into the build directory's assets_data.c. */
extern const Asset g_assets[];
extern const int g_n_assets;

const Asset *asset_find(const char *name)
{
    if (!name)
        return NULL;
    for (int i = 0; i < g_n_assets; i++)
        if (strcmp(g_assets[i].name, name) == 0)
            return &g_assets[i];
    return NULL;
}

/* True when the If-None-Match list names etag (or is "*"). */
static bool etag_matches(const char *inm, const char *etag)
{
    if (!inm || !etag)
        return false;
    size_t elen = strlen(etag);
    const char *p = inm;
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == ',')
            p++;
        const char *end = p;
        while (*end && *end != ',')
            end++;
        const char *e = end;
        while (e > p && (e[-1] == ' ' || e[-1] == '\t'))
            e--;
        const char *tag = p;
        /* A weak validator matches too: these bodies never change under one tag. */
        if (e - tag > 2 && tag[0] == 'W' && tag[1] == '/')
            tag += 2;
        if ((e - tag == 1 && *tag == '*') || ((size_t)(e - tag) == elen && memcmp(tag, etag, elen) == 0))
            return true;
        p = end;
    }
    return false;
}

void asset_handler(Req *r)
{
    const Asset *a = asset_find(req_param(r, "name"));
    if (!a) {
        reply_not_found(r);
        return;
    }
    resp_header(r, "ETag", a->etag);
    resp_header(r, "Cache-Control", "public, max-age=86400");
    r->content_type_out = a->content_type;
    if (etag_matches(req_header(r, "if-none-match"), a->etag)) {
        r->status = 304;
        return;
    }
    r->static_body = a->data;
    r->static_len = a->len;
}
