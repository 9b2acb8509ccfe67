/* server.c: the libmicrohttpd glue (thread pool, keep-alive, body limits) and the dispatch path every request takes. */
#include "http/server.h"
#include "http/metrics.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>

#include "http/hooks.h"
#include "core/log.h"
#include "core/utf8.h"
#include "http/watchdog.h"

/* ---- dispatch: the same for the server and for tests without sockets ---- */

enum { EARLY_NONE, EARLY_TOO_LARGE, EARLY_BAD_PATH };

#define CT_JSON "application/json; charset=utf-8"
#define CT_HTML "text/html; charset=utf-8"

static size_t body_limit(const Route *rt)
{
    if (!g_config)
        return SIZE_MAX;
    return rt && (rt->flags & R_UPLOAD) ? g_config->max_upload : g_config->max_body;
}

/* The media type of a Content-Type header: lower case, without parameters. */
static const char *media_type(Arena *a, const char *ct)
{
    if (!ct)
        return "";
    while (*ct == ' ' || *ct == '\t')
        ct++;
    size_t n = 0;
    while (ct[n] && ct[n] != ';' && ct[n] != ' ' && ct[n] != '\t')
        n++;
    char *m = arena_strndup(a, ct, n);
    for (char *p = m; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return m;
}

static bool is_json_media(const char *m)
{
    size_t n = strlen(m);
    return strcmp(m, "application/json") == 0 ||
           (strncmp(m, "application/", 12) == 0 && n > 17 && strcmp(m + n - 5, "+json") == 0);
}

/* Finds a parameter (boundary=...) of a header value like Content-Type or
 * Content-Disposition; quotes removed. Names compare without case. */
static const char *header_param(Arena *a, const char *value, const char *name)
{
    size_t nlen = strlen(name);
    const char *p = strchr(value, ';');
    while (p) {
        p++;
        while (*p == ' ' || *p == '\t')
            p++;
        if (strncasecmp(p, name, nlen) == 0 && p[nlen] == '=') {
            const char *v = p + nlen + 1;
            if (*v == '"') {
                v++;
                const char *end = v;
                while (*end && *end != '"')
                    end++;
                return arena_strndup(a, v, (size_t)(end - v));
            }
            const char *end = v;
            while (*end && *end != ';' && *end != ' ' && *end != '\t')
                end++;
            return arena_strndup(a, v, (size_t)(end - v));
        }
        /* skip a quoted value that may hold ';' */
        bool quoted = false;
        while (*p && (quoted || *p != ';')) {
            if (*p == '"')
                quoted = !quoted;
            p++;
        }
        p = *p ? p : NULL;
    }
    return NULL;
}

/* A multipart/form-data body (RFC 7578). Written here rather than with
 * MHD's post processor because the whole body is already in memory (it had
 * to be, to enforce the limit before any handler runs), and a parser over
 * one buffer is short and lets file parts point into the body without a copy. */
#define MULTIPART_MAX_PARTS 256

static bool parse_multipart(Req *r, const char *boundary)
{
    if (!boundary || !*boundary || strlen(boundary) > 200) {
        reply_error(r, 400, "bad_multipart", NULL, "上传内容格式不对（缺少分隔符）", "Malformed multipart body (no boundary)");
        return false;
    }
    const char *body = r->body;
    size_t len = r->body_len;
    char *delim = arena_printf(r->arena, "\r\n--%s", boundary);
    size_t dlen = strlen(delim);
    KV *form = arena_alloc(r->arena, sizeof(KV) * MULTIPART_MAX_PARTS);
    Upload *ups = arena_alloc(r->arena, sizeof(Upload) * MULTIPART_MAX_PARTS);
    int nf = 0, nu = 0;

    /* The first delimiter may come without the leading CRLF. */
    const char *p;
    if (len >= dlen - 2 && memcmp(body, delim + 2, dlen - 2) == 0) {
        p = body + dlen - 2;
    } else {
        p = memmem(body, len, delim, dlen);
        if (!p)
            goto bad;
        p += dlen;
    }
    const char *end = body + len;
    for (;;) {
        if (end - p >= 2 && p[0] == '-' && p[1] == '-')
            break; /* closing delimiter */
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
            goto bad;
        p += 2;
        const char *hdr_end = memmem(p, (size_t)(end - p), "\r\n\r\n", 4);
        const char *name = NULL, *filename = NULL;
        if (!hdr_end) {
            /* a part with no headers at all starts with the blank line */
            if (end - p >= 2 && p[0] == '\r' && p[1] == '\n')
                hdr_end = p - 2;
            else
                goto bad;
        }
        for (const char *h = p; h < hdr_end;) {
            const char *eol = memmem(h, (size_t)(hdr_end - h), "\r\n", 2);
            if (!eol)
                eol = hdr_end;
            if (eol - h > 20 && strncasecmp(h, "content-disposition:", 20) == 0) {
                char *line = arena_strndup(r->arena, h, (size_t)(eol - h));
                name = header_param(r->arena, line, "name");
                filename = header_param(r->arena, line, "filename");
            }
            h = eol + 2;
        }
        const char *data = hdr_end + 4;
        if (data > end)
            goto bad;
        const char *next = memmem(data, (size_t)(end - data), delim, dlen);
        if (!next)
            goto bad;
        size_t dl = (size_t)(next - data);
        if (!name || !*name || !utf8_valid(name, strlen(name)))
            goto bad;
        if (nf + nu >= MULTIPART_MAX_PARTS) {
            reply_error(r, 400, "bad_multipart", NULL, "上传的字段太多", "Too many parts in the form");
            return false;
        }
        if (filename) {
            if (!utf8_valid(filename, strlen(filename))) {
                reply_error(r, 400, "bad_utf8", name, "文件名中有无效字符", "The file name holds invalid characters");
                return false;
            }
            ups[nu].field = name;
            ups[nu].filename = filename;
            ups[nu].data = (const unsigned char *)data; /* lives as long as the request's body */
            ups[nu].len = dl;
            nu++;
        } else {
            if (!utf8_valid(data, dl)) {
                reply_error(r, 400, "bad_utf8", name, "文字中有无效字符", "The text holds invalid characters");
                return false;
            }
            form[nf].key = name;
            form[nf].value = arena_strndup(r->arena, data, dl);
            nf++;
        }
        p = next + dlen;
    }
    r->form = form;
    r->n_form = nf;
    r->uploads = ups;
    r->n_uploads = nu;
    return true;
bad:
    reply_error(r, 400, "bad_multipart", NULL, "上传内容格式不对", "Malformed multipart body");
    return false;
}

/* Decodes the body by its media type; replies 400 and returns false on bad input. */
static bool parse_body(Req *r)
{
    if (!r->body || r->body_len == 0)
        return true;
    const char *ct = r->content_type;
    if (is_json_media(ct)) {
        if (!utf8_valid(r->body, r->body_len)) {
            reply_error(r, 400, "bad_utf8", NULL, "请求内容不是有效的 UTF-8 文字", "The body is not valid UTF-8");
            return false;
        }
        json_error_t jerr;
        r->json = json_loadb(r->body, r->body_len, JSON_REJECT_DUPLICATES, &jerr);
        if (!r->json) {
            reply_error(r, 400, "bad_json", NULL, "请求内容不是有效的 JSON", "The body is not valid JSON");
            return false;
        }
        return true;
    }
    /* An API upload takes the file as the raw body; curl --data-binary sends
     * it labelled as a form, which must not be decoded as one. */
    bool raw_upload = r->route && (r->route->flags & R_UPLOAD) && (r->route->flags & R_API);
    if (strcmp(ct, "application/x-www-form-urlencoded") == 0 && !raw_upload) {
        if (!req_parse_urlencoded(r->arena, r->body, r->body_len, &r->form, &r->n_form)) {
            reply_error(r, 400, "bad_utf8", NULL, "表单中有无效字符", "The form holds invalid characters");
            return false;
        }
        return true;
    }
    if (strcmp(ct, "multipart/form-data") == 0)
        return parse_multipart(r, header_param(r->arena, req_header(r, "content-type"), "boundary"));
    return true;
}

static bool path_is_api(const char *path)
{
    return path && strncmp(path, "/api/", 5) == 0;
}

/* Maps a database failure to the answer: busy is "try again", anything
 * else is our fault and is logged (a user's mistake never gets here:
 * handlers check input before writing). */
static void reply_db_failure_class(Req *r, DbErrClass cls, const char *when)
{
    if (cls == DB_ERR_BUSY) {
        log_warn("busy %s %j: %j", when, r->path, r->db ? db_errmsg(r->db) : "");
        reply_error(r, 503, "busy", NULL, "系统繁忙，请稍后再试", "The server is busy; please try again");
    } else if (cls == DB_ERR_CONSTRAINT) {
        reply_error(r, 409, "conflict", NULL, "与已有记录冲突，没有保存", "This conflicts with existing data; nothing was saved");
    } else {
        log_error("database error %s %j: %j", when, r->path, r->db ? db_errmsg(r->db) : "no connection");
        reply_error(r, 500, "internal", NULL, "系统内部错误，没有保存任何内容", "Internal error; nothing was saved");
    }
}

static void reply_db_failure(Req *r, const char *when)
{
    reply_db_failure_class(r, r->db ? db_error_class(r->db) : DB_ERR_OTHER, when);
}

/* A write request run by the group-commit writer (store/group.c), on its
 * connection, inside the shared transaction. */
typedef struct WriteJob {
    Req *r;
    const Route *rt;
    bool busy; /* the handler failed because the database was busy */
} WriteJob;

static bool write_job(Db *db, void *arg)
{
    WriteJob *w = arg;
    Req *r = w->r;
    Db *own = r->db;
    r->db = db;
    int64_t trips = db_round_trips(db);
    w->rt->handler(r);
    r->db_trips_elsewhere += db_round_trips(db) - trips;
    bool kept = !(r->failed || r->status >= 400);
    w->busy = !kept && r->status >= 500 && db_error_class(db) == DB_ERR_BUSY;
    r->db = own;
    return kept;
}

/* True when the request went through a group commit and is answered. */
static bool run_grouped(Req *r, const Route *rt)
{
    WriteJob w = {r, rt, false};
    DbErrClass cls;
    switch (db_group_run(write_job, &w, &cls)) {
    case DB_GROUP_OFF:
        return false;
    case DB_GROUP_KEPT:
        return true;
    case DB_GROUP_UNDONE:
        if (w.busy)
            reply_db_failure_class(r, DB_ERR_BUSY, "in handler");
        return true;
    case DB_GROUP_FAILED:
        reply_db_failure_class(r, cls, "at group commit");
        return true;
    }
    return false;
}

/* Runs the handler in a transaction: a write route's own, begun here; a
 * read route's is already open (see dispatch) and ends here too. */
static void run_handler(Req *r, const Route *rt)
{
    if (!r->db) {
        rt->handler(r);
        return;
    }
    bool write = (rt->flags & R_WRITE) != 0;
    if (write && !(rt->flags & R_SOLO) && run_grouped(r, rt))
        return;
    if (!db_in_transaction(r->db) && !db_begin(r->db, write)) {
        reply_db_failure(r, "at begin");
        return;
    }
    rt->handler(r);
    if (r->failed || r->status >= 400) {
        /* A handler that answered 500 because the database was busy meant 503. */
        bool busy = r->status >= 500 && db_error_class(r->db) == DB_ERR_BUSY;
        db_rollback(r->db);
        if (busy)
            reply_db_failure(r, "in handler");
        return;
    }
    /* A statement that failed unnoticed dooms the transaction, so the
     * commit fails and reports it: nothing half-done is kept or shown. */
    if (!db_commit(r->db))
        reply_db_failure(r, "at commit");
}

/* What every answer needs, error or not: locale, status, error format. */
static void prepare(Req *r, const Route *rt)
{
    if (!r->lang) {
        const char *l = req_cookie(r, LANG_COOKIE);
        r->lang = l && strcmp(l, "en") == 0 ? "en" : "zh";
    }
    if (!r->status)
        r->status = 200;
    r->route = rt;
    r->wants_json = rt ? (rt->flags & R_API) != 0 : path_is_api(r->path);
    if (!r->content_type_out)
        r->content_type_out = r->wants_json ? CT_JSON : CT_HTML;
    if (!r->content_type)
        r->content_type = media_type(r->arena, req_header(r, "content-type"));
}

static void dispatch_routed(Req *r, const Route *rt, const HttpHooks *hk);

static void dispatch(Req *r, const Route *rt, bool mismatch, int early)
{
    prepare(r, rt);
    if (early == EARLY_NONE && r->body_len > body_limit(rt))
        early = EARLY_TOO_LARGE;

    if (early == EARLY_BAD_PATH) {
        reply_error(r, 400, "bad_utf8", NULL, "网址中有无效字符", "The address holds invalid characters");
        return;
    }
    if (early == EARLY_TOO_LARGE) {
        reply_error(r, 413, "too_large", NULL, "提交的内容太大", "The request body is too large");
        return;
    }
    if (!rt) {
        if (mismatch)
            reply_error(r, 405, "method_not_allowed", NULL, "不支持这种请求方式", "Method not allowed");
        else
            reply_not_found(r);
        return;
    }
    const HttpHooks *hk = http_hooks();
    /* A read sees one snapshot from the session to its last query, and pays
     * for one transaction instead of one per statement. A write loads the
     * session outside its transaction, so the write lock is held only while
     * the handler runs. */
    bool read_tx = r->db && !(rt->flags & R_WRITE);
    int64_t trips = r->db ? db_round_trips(r->db) : 0;
    if (read_tx && !db_begin_read(r->db)) {
        reply_db_failure(r, "at begin");
        return;
    }
    dispatch_routed(r, rt, hk);
    /* The handler ended its transaction; an early answer leaves it open. */
    if (read_tx && db_in_transaction(r->db))
        db_rollback(r->db);
    /* What the request cost in database round trips, for the tests that
     * hold each request to its budget (tests/api/27_pg_round_trips.test.js). */
    if (r->db && g_config && g_config->test_clock) {
        char n[24];
        snprintf(n, sizeof n, "%lld", (long long)(db_round_trips(r->db) - trips + r->db_trips_elsewhere));
        resp_header(r, "X-Gz-Db-Round-Trips", n);
    }
}

static void dispatch_routed(Req *r, const Route *rt, const HttpHooks *hk)
{
    if (!hk->load_session(r))
        return;
    if (!hk->allowed(r, rt->perm)) {
        if (r->who)
            reply_forbidden(r);
        else
            reply_login_needed(r);
        return;
    }
    /* A misspelt parameter (per_pgae) would otherwise be ignored silently
     * and the caller would get the default page as if it were the answer. */
    const char *unknown = router_unknown_query(rt, r);
    if (unknown) {
        reply_error(r, 400, "unknown_param", unknown, "这个接口不接受此查询参数", "This query parameter is not accepted here");
        return;
    }
    if (!parse_body(r))
        return;
    if ((rt->flags & R_WRITE) && !(rt->flags & R_NOCSRF) && r->via_cookie && !hk->csrf_or_reply(r))
        return;
    run_handler(r, rt);
}

void server_dispatch(Req *r, const Route *routes, int n_routes)
{
    bool mismatch = false;
    const Route *rt = NULL;
    int early = EARLY_NONE;
    if (!r->path || !utf8_valid(r->path, strlen(r->path)))
        early = EARLY_BAD_PATH;
    else
        rt = router_match(r, routes, n_routes, r->method ? r->method : "GET", r->path, &mismatch);
    dispatch(r, rt, mismatch, early);
}

/* ---- libmicrohttpd glue ---- */

typedef struct Server {
    const Route *routes;
    int n_routes;
    Watchdog *watchdog;
    int64_t header_ms, body_ms; /* header_timeout, body_timeout */
} Server;

/* A body may take longer than body_timeout while it keeps coming at this
 * rate at least (32 kbit/s, a poor mobile link); a client trickling a few
 * bytes gains nothing from it. */
#define BODY_MIN_RATE 4096

/* One per TCP connection: its arena and body buffer are reused by every
 * request that comes over it with keep-alive. */
typedef struct Conn {
    Arena *arena;
    Buf body;
    WatchEntry watch; /* the deadline of the part of the request being received */
    bool watched;
} Conn;

/* One per request (MHD's con_cls), allocated in the connection's arena. */
typedef struct Pending {
    Conn *conn;
    Req *r;
    const char *raw_query; /* after '?', undecoded; NULL when absent */
    bool started;          /* the first access-handler call has been seen */
    int early;             /* EARLY_* */
    bool mismatch;
    size_t limit;
    struct timespec t0;
    int64_t body_start_ms;
    uint64_t received;
} Pending;

/* A body this much beyond its limit is not even read: the answer is sent at
 * once and libmicrohttpd closes the connection. Smaller excesses are read
 * and dropped, so that ordinary clients do see the 413 rather than a reset. */
#define DRAIN_MAX ((size_t)16 * 1024 * 1024)

/* How long a kept-alive connection may wait for its next request after an
 * answer: the idle timeout libmicrohttpd had, and longer than clients keep
 * idle connections (4 s for Node, 5 min for a browser that checks a socket
 * before reusing it). Not restarted by trickled bytes: a client that sends
 * one quick request and then trickles the next is cut all the same. */
#define KEEPALIVE_MS 30000

/* After an answer: wait for the next request (see KEEPALIVE_MS). */
static void await_next_request(Server *srv, Conn *c)
{
    if (c->watched)
        watchdog_set(srv->watchdog, &c->watch, watchdog_now_ms() + KEEPALIVE_MS);
}

static void on_connection(void *cls, struct MHD_Connection *con, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
    Server *srv = cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        Conn *c = calloc(1, sizeof *c);
        if (!c)
            return;
        c->arena = arena_new();
        buf_init(&c->body);
        *socket_context = c;
        const union MHD_ConnectionInfo *ci = MHD_get_connection_info(con, MHD_CONNECTION_INFO_CONNECTION_FD);
        if (srv->watchdog && ci) {
            watchdog_add(srv->watchdog, &c->watch, ci->connect_fd, watchdog_now_ms() + srv->header_ms);
            c->watched = true;
        }
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
        Conn *c = *socket_context;
        if (c) {
            /* libmicrohttpd closes the socket only after this notice, so
             * the watchdog never sees a descriptor number reused */
            if (c->watched)
                watchdog_remove(srv->watchdog, &c->watch);
            arena_free(c->arena);
            buf_free(&c->body);
            free(c);
            *socket_context = NULL;
        }
    }
}

static Conn *conn_of(struct MHD_Connection *con)
{
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(con, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

/* libmicrohttpd calls this with the raw request target before anything
 * else of the request; its return value becomes the request's con_cls.
 * It is the one place that sees the query string undecoded. */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *con)
{
    Server *srv = cls;
    Conn *c = conn_of(con);
    if (!c)
        return NULL;
    /* A request has begun: its headers are due within header_timeout (on a
     * new connection, within header_timeout of connecting, as set then). */
    if (c->watched)
        watchdog_tighten(srv->watchdog, &c->watch, watchdog_now_ms() + srv->header_ms);
    /* The previous request on this connection has completed by now. */
    arena_reset(c->arena);
    buf_reset(&c->body);
    Pending *pd = arena_alloc(c->arena, sizeof *pd);
    pd->conn = c;
    clock_gettime(CLOCK_MONOTONIC, &pd->t0);
    Req *r = arena_alloc(c->arena, sizeof *r);
    r->arena = c->arena;
    buf_init(&r->out);
    pd->r = r;
    const char *q = uri ? strchr(uri, '?') : NULL;
    size_t plen = q ? (size_t)(q - uri) : (uri ? strlen(uri) : 0);
    const char *hash = uri ? memchr(uri, '#', plen) : NULL;
    if (hash)
        plen = (size_t)(hash - uri);
    const char *path = uri ? req_url_decode(c->arena, uri, plen, false) : NULL;
    if (!path) {
        pd->early = EARLY_BAD_PATH;
        /* Still answer an API client in JSON, so keep the one part that says so. */
        path = uri && strncmp(uri, "/api/", 5) == 0 ? "/api/" : "/";
    }
    r->path = path;
    pd->raw_query = q ? arena_strdup(c->arena, q + 1) : NULL;
    return pd;
}

static void on_completed(void *cls, struct MHD_Connection *con, void **con_cls, enum MHD_RequestTerminationCode toe)
{
    Pending *pd = *con_cls;
    if (!pd)
        return;
    *con_cls = NULL;
    if (pd->r) {
        json_decref(pd->r->json);
        pd->r->json = NULL;
        buf_free(&pd->r->out);
    }
    Conn *c = pd->conn;
    await_next_request(cls, c);
    /* Keep a small body buffer for the next request; give a big one back. */
    if (c->body.cap > 256 * 1024)
        buf_free(&c->body);
    else
        buf_reset(&c->body);
    arena_reset(c->arena);
}

static const char *canonical_method(const char *m)
{
    static const char *const known[] = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"};
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (strcmp(m, known[i]) == 0)
            return known[i];
    return "OTHER";
}

typedef struct HeaderCollect {
    Req *r;
    int cap;
} HeaderCollect;

static enum MHD_Result collect_header(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
    HeaderCollect *hc = cls;
    Req *r = hc->r;
    if (r->n_headers >= hc->cap || !key)
        return MHD_NO;
    char *k = arena_strdup(r->arena, key);
    for (char *p = k; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    r->headers[r->n_headers].key = k;
    r->headers[r->n_headers].value = arena_strdup(r->arena, value ? value : "");
    r->n_headers++;
    return MHD_YES;
}

static void fill_client_ip(Req *r, struct MHD_Connection *con)
{
    char ip[INET6_ADDRSTRLEN] = "";
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, ip, sizeof ip);
        else if (sa->sa_family == AF_INET6)
            inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, ip, sizeof ip);
    }
    r->client_ip = arena_strdup(r->arena, ip[0] ? ip : "unknown");
    if (g_config && g_config->trust_proxy) {
        /* The last address is the one our own proxy appended; earlier ones
         * were written by the client and prove nothing. */
        const char *xff = req_header(r, "x-forwarded-for");
        if (xff && *xff) {
            const char *last = strrchr(xff, ',');
            last = last ? last + 1 : xff;
            while (*last == ' ' || *last == '\t')
                last++;
            size_t n = strcspn(last, " \t");
            unsigned char tmp[sizeof(struct in6_addr)];
            char *cand = arena_strndup(r->arena, last, n);
            if (inet_pton(AF_INET, cand, tmp) == 1 || inet_pton(AF_INET6, cand, tmp) == 1)
                r->client_ip = cand;
        }
    }
}

static bool has_resp_header(const Req *r, const char *name)
{
    for (int i = 0; i < r->n_resp_headers; i++)
        if (strcasecmp(r->resp_headers[i].key, name) == 0)
            return true;
    return false;
}

static enum MHD_Result send_response(struct MHD_Connection *con, Req *r)
{
    struct MHD_Response *resp;
    if (r->static_body) {
        resp = MHD_create_response_from_buffer(r->static_len, (void *)r->static_body, MHD_RESPMEM_PERSISTENT);
    } else {
        size_t len = r->out.len;
        char *data = buf_detach(&r->out);
        resp = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
        if (!resp)
            free(data);
    }
    if (!resp)
        return MHD_NO;
    MHD_add_response_header(resp, "Content-Type", r->content_type_out ? r->content_type_out : CT_HTML);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Referrer-Policy", "same-origin");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'");
    if (!has_resp_header(r, "Cache-Control"))
        MHD_add_response_header(resp, "Cache-Control", "no-store");
    for (int i = 0; i < r->n_resp_headers; i++)
        if (MHD_add_response_header(resp, r->resp_headers[i].key, r->resp_headers[i].value) != MHD_YES)
            log_warn("dropped response header %j", r->resp_headers[i].key);
    enum MHD_Result ret = MHD_queue_response(con, (unsigned)(r->status ? r->status : 200), resp);
    MHD_destroy_response(resp);
    return ret;
}

static void log_access(const char *method, const Pending *pd)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    long long us = (long long)(t1.tv_sec - pd->t0.tv_sec) * 1000000 + (t1.tv_nsec - pd->t0.tv_nsec) / 1000;
    /* Path only: query strings and bodies may carry tokens or personal data. */
    log_info("%s %j %d %lld.%03lldms", canonical_method(method), pd->r->path, pd->r->status, us / 1000, us % 1000);
    metrics_observe(pd->r->route, pd->r->status ? pd->r->status : 200, us);
}

/* Everything of the request that the first call could not know yet. */
static void finish_request(struct MHD_Connection *con, Pending *pd, const char *method)
{
    Req *r = pd->r;
    Conn *c = pd->conn;
    int n = MHD_get_connection_values(con, MHD_HEADER_KIND, NULL, NULL);
    if (n > 0) {
        HeaderCollect hc = {r, n};
        r->headers = arena_alloc(r->arena, sizeof(KV) * (size_t)n);
        MHD_get_connection_values(con, MHD_HEADER_KIND, collect_header, &hc);
    }
    fill_client_ip(r, con);
    if (pd->raw_query && pd->early == EARLY_NONE &&
        !req_parse_urlencoded(r->arena, pd->raw_query, strlen(pd->raw_query), &r->query, &r->n_query))
        pd->early = EARLY_BAD_PATH;
    if (pd->early == EARLY_NONE) {
        r->body = c->body.data ? c->body.data : "";
        r->body_len = c->body.len;
    } else {
        r->body = "";
    }
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *con, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size, void **con_cls)
{
    Server *srv = cls;
    Pending *pd = *con_cls;
    if (!pd)
        return MHD_NO; /* no connection state (out of memory): drop the connection */
    Req *r = pd->r;

    if (!pd->started) {
        /* First call: headers only. Answering now would make libmicrohttpd
         * close a keep-alive connection, so only prepare. */
        pd->started = true;
        pd->body_start_ms = watchdog_now_ms();
        if (pd->conn->watched)
            watchdog_set(srv->watchdog, &pd->conn->watch, pd->body_start_ms + srv->body_ms);
        r->method = arena_strdup(r->arena, method);
        const Route *rt = NULL;
        if (pd->early == EARLY_NONE)
            rt = router_match(r, srv->routes, srv->n_routes, method, r->path, &pd->mismatch);
        r->route = rt;
        pd->limit = body_limit(rt);
        const char *cl = MHD_lookup_connection_value(con, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (cl && pd->early == EARLY_NONE) {
            char *end;
            errno = 0;
            unsigned long long v = strtoull(cl, &end, 10);
            if (errno == 0 && *end == '\0' && v > pd->limit) {
                pd->early = EARLY_TOO_LARGE;
                if (v - pd->limit > DRAIN_MAX) {
                    finish_request(con, pd, method);
                    dispatch(r, rt, pd->mismatch, pd->early);
                    log_access(method, pd);
                    return send_response(con, r);
                }
            }
        }
        return MHD_YES;
    }

    if (*upload_data_size) {
        pd->received += *upload_data_size;
        if (pd->conn->watched)
            watchdog_set(srv->watchdog, &pd->conn->watch,
                         watchdog_body_deadline(pd->body_start_ms, srv->body_ms, pd->received, BODY_MIN_RATE));
        if (pd->early == EARLY_NONE && pd->conn->body.len + *upload_data_size > pd->limit)
            pd->early = EARLY_TOO_LARGE;
        if (pd->early == EARLY_NONE)
            buf_append(&pd->conn->body, upload_data, *upload_data_size);
        *upload_data_size = 0;
        return MHD_YES;
    }

    /* The request is in; a handler taking its time is no client's fault. */
    if (pd->conn->watched)
        watchdog_set(srv->watchdog, &pd->conn->watch, 0);
    finish_request(con, pd, method);
    if (pd->early == EARLY_NONE) {
        r->db = db_pool_get();
        if (!r->db) {
            prepare(r, r->route);
            log_error("no database connection for %j", r->path);
            reply_error(r, 503, "busy", NULL, "数据库暂时无法连接，请稍后再试", "The database is unavailable; please try again");
            log_access(method, pd);
            return send_response(con, r);
        }
    }
    dispatch(r, r->route, pd->mismatch, pd->early);
    log_access(method, pd);
    return send_response(con, r);
}

/* libmicrohttpd's messages, through our log, at most 10 a second: under a
 * flood it writes one for every connection it refuses or drops. */
__attribute__((format(printf, 2, 0))) static void mhd_logger(void *cls, const char *fmt, va_list ap)
{
    static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
    static int64_t second;
    static int shown;
    static long long dropped;
    char msg[300];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == '\r'))
        msg[--n] = '\0';
    int64_t now = watchdog_now_ms() / 1000;
    long long before = 0;
    pthread_mutex_lock(&mu);
    if (now != second) {
        before = dropped;
        second = now;
        shown = 0;
        dropped = 0;
    }
    bool show = shown < 10;
    if (show)
        shown++;
    else
        dropped++;
    pthread_mutex_unlock(&mu);
    if (before)
        log_warn("libmicrohttpd: %lld more messages not shown", before);
    if (show)
        log_warn("libmicrohttpd: %j", msg);
}

/* "HOST:PORT", IPv4 only ("localhost" is 127.0.0.1). */
static bool parse_listen(const char *s, struct sockaddr_in *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    out->sin_family = AF_INET;
    const char *colon = s ? strrchr(s, ':') : NULL;
    if (!colon || colon == s) {
        snprintf(err, errlen, "listen address \"%s\" must be HOST:PORT, e.g. 127.0.0.1:8080", s ? s : "");
        return false;
    }
    char host[64];
    size_t hlen = (size_t)(colon - s);
    if (hlen >= sizeof host) {
        snprintf(err, errlen, "listen address \"%s\": host too long", s);
        return false;
    }
    memcpy(host, s, hlen);
    host[hlen] = '\0';
    if (strcmp(host, "localhost") == 0)
        strcpy(host, "127.0.0.1");
    if (inet_pton(AF_INET, host, &out->sin_addr) != 1) {
        snprintf(err, errlen, "listen address \"%s\": \"%s\" is not an IPv4 address", s, host);
        return false;
    }
    char *end;
    errno = 0;
    long port = strtol(colon + 1, &end, 10);
    if (colon[1] == '\0' || *end != '\0' || errno || port < 0 || port > 65535) {
        snprintf(err, errlen, "listen address \"%s\": port must be a number from 0 to 65535", s);
        return false;
    }
    out->sin_port = htons((uint16_t)port);
    return true;
}

/* Raises the soft open-file limit to the hard one and returns how many
 * connections fit under it: wanted, or fewer (logged) when descriptors run
 * short. The reserve covers what is not a client socket: database files,
 * each thread's epoll and wake-up descriptors, the log, uploads. */
static unsigned fit_connection_limit(unsigned wanted, unsigned threads)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
        return wanted;
    if (rl.rlim_cur < rl.rlim_max && rl.rlim_max != RLIM_INFINITY) {
        struct rlimit up = {rl.rlim_max, rl.rlim_max};
        if (setrlimit(RLIMIT_NOFILE, &up) == 0)
            rl = up;
    }
    rlim_t reserve = 64 + 8 * (rlim_t)threads;
    if (rl.rlim_cur == RLIM_INFINITY || rl.rlim_cur >= (rlim_t)wanted + reserve)
        return wanted;
    unsigned fit = rl.rlim_cur > reserve + 16 ? (unsigned)(rl.rlim_cur - reserve) : 16;
    log_warn("max_connections lowered from %d to %d: the open-file limit is %lld (raise it with ulimit -n or "
             "LimitNOFILE=)",
             (int)wanted, (int)fit, (long long)rl.rlim_cur);
    return fit;
}

bool server_run(const Config *cfg, const Route *routes, int n_routes)
{
    char err[512];
    g_config = cfg;
    if (!router_check(routes, n_routes, http_hooks()->n_perms, err, sizeof err)) {
        fprintf(stderr, "gongzhi: route table: %s\n", err);
        return false;
    }
    metrics_init(routes, n_routes);
    struct sockaddr_in addr;
    if (!parse_listen(cfg->listen, &addr, err, sizeof err)) {
        fprintf(stderr, "gongzhi: %s\n", err);
        return false;
    }
    /* Block the signals in every thread (libmicrohttpd's inherit the mask)
     * so that only sigwait below receives them. */
    sigset_t stop, old;
    sigemptyset(&stop);
    sigaddset(&stop, SIGINT);
    sigaddset(&stop, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop, &old);
    signal(SIGPIPE, SIG_IGN);

    unsigned threads = cfg->threads > 0 ? (unsigned)cfg->threads : 1;
    unsigned max_conn = fit_connection_limit((unsigned)cfg->max_connections, threads);
    if (max_conn < threads)
        max_conn = threads; /* libmicrohttpd shares the limit out among its threads */
    /* Behind a proxy every connection comes from the proxy's address: a
     * per-address limit here would throttle everyone at once, so the proxy
     * must do it (nginx: limit_conn). */
    unsigned per_ip = cfg->trust_proxy ? 0 : (unsigned)cfg->max_connections_per_ip;
    Server srv = {routes, n_routes, watchdog_start(500), (int64_t)cfg->header_timeout * 1000,
                  (int64_t)cfg->body_timeout * 1000};
    if (!srv.watchdog) {
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        fprintf(stderr, "gongzhi: cannot start the connection watchdog thread\n");
        return false;
    }
    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ERROR_LOG;
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, ntohs(addr.sin_port), NULL, NULL, on_request, &srv,
        MHD_OPTION_EXTERNAL_LOGGER, mhd_logger, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
        MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30, /* idle while a response is sent */
        MHD_OPTION_CONNECTION_LIMIT, max_conn,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, &srv,
        MHD_OPTION_NOTIFY_COMPLETED, on_completed, &srv,
        MHD_OPTION_NOTIFY_CONNECTION, on_connection, &srv,
        MHD_OPTION_END);
    if (!d) {
        int why = errno;
        watchdog_stop(srv.watchdog);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        fprintf(stderr, "gongzhi: cannot listen on %s: %s\n", cfg->listen, why ? strerror(why) : "address in use or not available");
        return false;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    char host[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &addr.sin_addr, host, sizeof host);
    log_info("listening on http://%s:%d with %d threads", host, di ? (int)di->port : (int)ntohs(addr.sin_port),
             (int)threads);
    log_info("at most %d connections, %d per address; %ds to send headers, %ds for a body", (int)max_conn, (int)per_ip,
             cfg->header_timeout, cfg->body_timeout);
    if (cfg->trust_proxy)
        log_info("trust_proxy: no per-address connection limit here; the proxy must limit connections (nginx limit_conn)");

    int sig = 0;
    while (sigwait(&stop, &sig) != 0)
        ;
    log_info("stopping on signal %d", sig);
    MHD_stop_daemon(d);
    watchdog_stop(srv.watchdog);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    g_config = NULL;
    return true;
}
