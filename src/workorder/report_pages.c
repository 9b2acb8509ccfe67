/* report_pages.c: the report form of a work order and what follows it.
 * A form sent with a mistake comes back as the same form, every typed value
 * in place, the mistake said beside its field, and the photos kept: each
 * valid upload is stored at once (core/filestore, by content hash, like the
 * order photos it will become) and the form carries a signed reference to
 * it, so nobody has to pick the photo again. After the report, the order's
 * page opens with its number, who handles it and by when. */
#include "workorder/web_int.h"

#include <stdlib.h>
#include <string.h>

#include "site/site.h"
#include "core/clock.h"
#include "core/filestore.h"
#include "grid/pii.h"
#include "grid/web.h"
#include "site/page.h"

#define MAX_PHOTOS 6

/* What the form shows: the values typed, the photos kept and the mistakes. */
typedef struct ReportForm {
    const char *category, *place_text, *description, *on_behalf_name;
    int64_t node_id;
    const char *kept[MAX_PHOTOS]; /* "hex.ext" of stored photos */
    int n_kept;
    const char *err_field, *err_msg; /* one mistake at a time, beside its field */
} ReportForm;

/* Places the user may report at: their grants' compounds and buildings. */
static void place_options(Req *r, int64_t sel)
{
    Buf *b = &r->out;
    for (int i = 0; i < r->who->n_grants; i++) {
        const Grant *g = &r->who->grants[i];
        if (!role_has(g->role, PERM_WO_REPORT))
            continue;
        const char *root = g->compound_path ? g->compound_path : g->node_path;
        char hi[512];
        if (!grid_path_upper(root, hi, sizeof hi))
            continue;
        if (g->compound_path) {
            /* a household or building grant: its own place first */
            NodeInfo own;
            if (grid_node_load(r, g->node_id, &own))
                buf_printf(b, "<option value=\"%lld\"%s>%h（%s）</option>\n", (long long)own.id,
                           !sel || sel == own.id ? " selected" : "", own.name, L(r, "我的位置", "mine"));
        }
        Ctx c = site_ctx(r);
        NodeList places;
        if (grid_nodes_in(&c, root, GRID_KIND(NODE_COMPOUND) | GRID_KIND(NODE_BUILDING), 400, &places) != GRID_OK) {
            reply_storage_error(r);
            return;
        }
        for (int k = 0; k < places.n; k++) {
            const NodeInfo *n = &places.items[k];
            bool bld = n->kind == NODE_BUILDING;
            /* a building is shown under its compound's name: its parent, listed before it by path */
            const char *parent = NULL;
            for (int j = k - 1; bld && j >= 0 && !parent; j--)
                if (places.items[j].id == n->parent_id)
                    parent = places.items[j].name;
            NodeInfo pn;
            if (bld && !parent && n->parent_id) {
                GridRead gr = grid_node_find(&c, n->parent_id, &pn);
                if (gr != GRID_OK && gr != GRID_NOT_FOUND) {
                    reply_storage_error(r);
                    return;
                }
                parent = gr == GRID_OK ? pn.name : NULL;
            }
            /* a kept choice: the own place above already says it when it is the same node */
            bool pick = sel && sel == n->id && !(g->compound_path && g->node_id == sel);
            buf_printf(b, "<option value=\"%lld\"%s>%s%h%s%h</option>\n", (long long)n->id, pick ? " selected" : "",
                       bld ? "　" : "", bld ? parent : n->name, bld ? " " : "", bld ? n->name : "");
        }
    }
}

/* The first n bytes of s, in the arena. */
static const char *cut(Arena *a, const char *s, size_t n)
{
    char *o = arena_alloc(a, n + 1);
    memcpy(o, s, n);
    o[n] = 0;
    return o;
}

/* The signature of a kept photo's reference for this user: only the one
 * who uploaded it can attach it, and a photo known by its hash alone (the
 * audit log shows hashes) cannot be pulled into someone else's report. */
static const char *kept_sig(Req *r, const char *ref)
{
    char h[33];
    pii_hash(arena_printf(r->arena, "wo-kept-photo:%lld:%s", (long long)r->who->user_id, ref), h);
    return arena_printf(r->arena, "%s", h);
}

/* "hex.ext.sig" of a kept photo: true with its "hex.ext" when well formed and signed for this user. */
static bool kept_parse(Req *r, const char *v, const char **ref)
{
    size_t n = strlen(v);
    if (n < 66 || n > 120)
        return false;
    for (int i = 0; i < 64; i++)
        if (!((v[i] >= '0' && v[i] <= '9') || (v[i] >= 'a' && v[i] <= 'f')))
            return false;
    const char *dot = strchr(v + 65, '.');
    if (v[64] != '.' || !dot)
        return false;
    const char *ext = cut(r->arena, v + 65, (size_t)(dot - v - 65));
    if (strcmp(ext, "jpg") != 0 && strcmp(ext, "png") != 0 && strcmp(ext, "webp") != 0)
        return false;
    const char *r_ = cut(r->arena, v, (size_t)(dot - v));
    const char *sig = kept_sig(r, r_);
    if (!*sig || strcmp(sig, dot + 1) != 0)
        return false;
    *ref = r_;
    return true;
}

static void field_error(Req *r, const ReportForm *f, const char *field)
{
    if (f->err_field && strcmp(f->err_field, field) == 0)
        buf_printf(&r->out, "<p class=\"field-error\" id=\"err-%s\" role=\"alert\">%h</p>\n", field, f->err_msg);
}

static const char *invalid(const ReportForm *f, const char *field)
{
    return f->err_field && strcmp(f->err_field, field) == 0 ? " aria-invalid=\"true\"" : "";
}

static void report_form(Req *r, const ReportForm *f)
{
    page_begin(r, L(r, "我要报事", "Report a problem"));
    Buf *b = &r->out;
    buf_printf(b, "<h1>%s</h1>\n", L(r, "我要报事", "Report a problem"));
    if (f->err_field)
        buf_printf(b, "<p class=\"warning\" id=\"form-errors\">%s</p>\n",
                   L(r, "还差一点：请看下面标红的提示。您填写的内容和照片都已保留。",
                     "Almost there: see the note in red below. What you typed and your photos are kept."));
    buf_puts(b, "<form class=\"wo-report\" method=\"post\" action=\"/workorders\" enctype=\"multipart/form-data\">\n");
    page_csrf_field(r);
    buf_printf(b, "<label for=\"category\">%s</label>\n", L(r, "问题类别", "Category"));
    field_error(r, f, "category");
    buf_printf(b, "<select id=\"category\" name=\"category\" required%s>\n", invalid(f, "category"));
    DbStmt *st = db_query(r->db, "SELECT code, name, name_en FROM wo_category WHERE active = 1 ORDER BY sort, id");
    while (db_step(st) == DB_ROW)
        buf_printf(b, "<option value=\"%h\"%s>%h</option>\n", db_col_text(st, 0),
                   f->category && strcmp(f->category, db_col_text(st, 0)) == 0 ? " selected" : "",
                   L(r, db_col_text(st, 1), db_col_text(st, 2)));
    if (!db_done(st)) {
        reply_storage_error(r);
        return;
    }
    buf_printf(b, "</select>\n<label for=\"node_id\">%s</label>\n", L(r, "地点", "Place"));
    field_error(r, f, "node_id");
    buf_printf(b, "<select id=\"node_id\" name=\"node_id\" required%s>\n", invalid(f, "node_id"));
    place_options(r, f->node_id);
    if (r->failed) /* the places could not be read: the error page is the answer */
        return;
    buf_printf(b, "</select>\n<label for=\"place_text\">%s</label>\n", L(r, "具体位置（可选）", "Where exactly (optional)"));
    field_error(r, f, "place_text");
    buf_printf(b,
               "<input id=\"place_text\" name=\"place_text\" maxlength=\"200\" placeholder=\"%s\" value=\"%h\">\n"
               "<label for=\"description\">%s</label>\n",
               L(r, "如：3单元楼道二楼", "e.g. stairs of unit 3"), f->place_text ? f->place_text : "",
               L(r, "问题描述", "What is wrong"));
    field_error(r, f, "description");
    buf_printf(b, "<textarea id=\"description\" name=\"description\" maxlength=\"2000\" rows=\"4\"%s>%h</textarea>\n",
               invalid(f, "description"), f->description ? f->description : "");
    if (perm_allows(r->who, PERM_WO_REPORT_FOR, NULL)) {
        buf_printf(b, "<label for=\"on_behalf_name\">%s</label>\n",
                   L(r, "代谁报事（可选，只保存姓氏）", "On whose behalf (optional; only the surname is kept)"));
        field_error(r, f, "on_behalf_name");
        buf_printf(b, "<input id=\"on_behalf_name\" name=\"on_behalf_name\" maxlength=\"50\" value=\"%h\">\n",
                   f->on_behalf_name ? f->on_behalf_name : "");
    }
    buf_printf(b, "<label for=\"photos\">%s</label>\n", L(r, "照片（可选，最多 6 张）", "Photos (optional, up to 6)"));
    field_error(r, f, "photos");
    if (f->n_kept) {
        buf_printf(b, "<fieldset class=\"kept-photos\"><legend>%s</legend>\n",
                   L(r, "已保留的照片（不用重新选择；取消勾选即删除）", "Photos kept (no need to pick them again)"));
        for (int i = 0; i < f->n_kept; i++)
            buf_printf(b, "<label class=\"check\"><input type=\"checkbox\" name=\"kept_photo\" value=\"%h.%h\" checked> %s %d</label>\n",
                       f->kept[i], kept_sig(r, f->kept[i]), L(r, "照片", "Photo"), i + 1);
        buf_puts(b, "</fieldset>\n");
    }
    /* any image type, with capture: a phone offers its camera at once */
    buf_printf(b,
               "<input id=\"photos\" name=\"photos\" type=\"file\" accept=\"image/*\" capture=\"environment\" "
               "multiple%s>\n<p><button type=\"submit\" class=\"primary\">%s</button></p>\n</form>\n",
               invalid(f, "photos"), L(r, "提交", "Submit"));
    page_end(r);
}

void page_wo_new(Req *r)
{
    if (!auth_require_or_reply(r, PERM_WO_REPORT, NULL))
        return;
    ReportForm f;
    memset(&f, 0, sizeof f);
    report_form(r, &f);
}

/* The form again with one mistake beside its field, answered 400. */
static void form_again(Req *r, ReportForm *f, const char *field, const char *zh, const char *en)
{
    f->err_field = field;
    f->err_msg = L(r, zh, en);
    buf_reset(&r->out);
    r->status = 400;
    report_form(r, f);
}

void page_wo_create_post(Req *r)
{
    if (!auth_require_or_reply(r, PERM_WO_REPORT, NULL))
        return;
    ReportForm f;
    memset(&f, 0, sizeof f);
    f.category = req_form_trim(r, "category");
    f.description = req_form_trim(r, "description");
    f.place_text = req_form_trim(r, "place_text");
    f.on_behalf_name = req_form_trim(r, "on_behalf_name");
    const char *node = req_form_trim(r, "node_id");
    char *end = NULL;
    long long nid = node ? strtoll(node, &end, 10) : 0;
    f.node_id = nid > 0 && end && !*end ? nid : 0;
    /* the photos kept from the last try, then the new ones, stored at once so a mistake loses none */
    for (int i = 0; i < r->n_form; i++) {
        if (strcmp(r->form[i].key, "kept_photo") != 0)
            continue;
        const char *ref;
        if (!kept_parse(r, r->form[i].value, &ref)) {
            reply_error(r, 400, "bad_value", "kept_photo", "保留的照片无效，请重新选择照片",
                        "A kept photo is not valid; pick the photo again");
            return;
        }
        if (f.n_kept == MAX_PHOTOS) {
            form_again(r, &f, "photos", "每次最多上传 6 张照片", "At most 6 photos at a time");
            return;
        }
        f.kept[f.n_kept++] = ref;
    }
    const char *dir = wo_photo_dir(r->arena);
    for (int i = 0; i < r->n_uploads; i++) {
        if (r->uploads[i].len == 0)
            continue;
        const char *ext;
        if (!wo_image_type(r->uploads[i].data, r->uploads[i].len, &ext)) {
            form_again(r, &f, "photos", "只能上传照片（JPEG、PNG 或 WebP）", "Photos only (JPEG, PNG or WebP)");
            return;
        }
        if (f.n_kept == MAX_PHOTOS) {
            form_again(r, &f, "photos", "每次最多上传 6 张照片", "At most 6 photos at a time");
            return;
        }
        char hex[65];
        if (!filestore_put(r->arena, dir, r->uploads[i].data, r->uploads[i].len, ext, hex)) {
            WoErr e;
            (void)wo_err(&e, WM_PHOTO_NOT_STORED, NULL);
            wo_err_reply(r, &e);
            return;
        }
        f.kept[f.n_kept++] = arena_printf(r->arena, "%s.%s", hex, ext);
    }
    int64_t cat = 0;
    if (!f.category || !db_int(r->db, &cat, "SELECT id FROM wo_category WHERE code = ? AND active = 1",
                               DB_T(f.category))) {
        if (wo_db_failed(r->db)) {
            reply_storage_error(r);
            return;
        }
        form_again(r, &f, "category", "请选择问题类别", "Choose a category");
        return;
    }
    if (!f.node_id) {
        form_again(r, &f, "node_id", "请选择地点", "Choose a place");
        return;
    }
    if (!f.description || !*f.description) {
        form_again(r, &f, "description", "请描述问题，例如哪里坏了、从什么时候开始",
                   "Describe the problem: what is broken, since when");
        return;
    }
    if (strlen(f.description) > 6000) {
        form_again(r, &f, "description", "问题描述不超过 2000 字", "At most 2000 characters");
        return;
    }
    if (f.place_text && strlen(f.place_text) > 600) {
        form_again(r, &f, "place_text", "具体位置不超过 200 字", "At most 200 characters");
        return;
    }
    WoCreate in;
    memset(&in, 0, sizeof in);
    in.node_id = f.node_id;
    in.category_id = cat;
    in.description = f.description;
    in.place_text = f.place_text ? f.place_text : "";
    in.on_behalf_name = f.on_behalf_name && *f.on_behalf_name ? f.on_behalf_name : NULL; /* stored masked */
    in.channel = in.on_behalf_name ? "desk" : "app";
    int64_t id;
    Ctx c = site_ctx(r);
    WoErr e;
    WoOrder o;
    if (!wo_create(&c, &in, &id, &e)) {
        const ErrorText *t = wo_err_text(e.msg);
        if (e.msg == WM_BUSY || e.msg == WM_INTERNAL || !t || !e.field) {
            wo_err_reply(r, &e);
            return;
        }
        form_again(r, &f, e.field, t->zh, t->en);
        return;
    }
    if (!wo_load(&c, id, &o, &e)) {
        wo_err_reply(r, &e);
        return;
    }
    /* the photos belong to the report itself: the order's first event */
    int64_t ev = 0;
    if (!db_int(r->db, &ev, "SELECT MIN(id) FROM wo_event WHERE order_id = ?", DB_I(id))) {
        reply_storage_error(r);
        return;
    }
    for (int i = 0; i < f.n_kept; i++) {
        const char *dot = strchr(f.kept[i], '.');
        const char *hex = cut(r->arena, f.kept[i], (size_t)(dot - f.kept[i]));
        const unsigned char *data;
        size_t len;
        if (!filestore_get(r->arena, dir, hex, dot + 1, &data, &len)) {
            reply_error(r, 400, "bad_value", "kept_photo", "保留的照片已不在，请重新选择照片",
                        "A kept photo is gone; pick the photo again");
            return;
        }
        if (!wo_photo_save(&c, &o, ev, data, len, NULL, &e)) {
            wo_err_reply(r, &e);
            return;
        }
    }
    resp_redirect(r, arena_printf(r->arena, "/workorders/%lld?new=1", (long long)id));
}

/* A span of time as a resident reads it: hours under two days, else days (rounded up). */
static const char *span(Req *r, int64_t seconds)
{
    if (seconds < 0)
        seconds = 0;
    if (seconds < 48 * 3600) {
        int64_t h = (seconds + 3599) / 3600;
        return arena_printf(r->arena, "%lld %s", (long long)(h ? h : 1), L(r, "小时", "hours"));
    }
    return arena_printf(r->arena, "%lld %s", (long long)((seconds + 86399) / 86400), L(r, "天", "days"));
}

void wo_submitted_panel(Req *r, const WoOrder *o)
{
    Buf *b = &r->out;
    Ctx c = site_ctx(r);
    const char *who = NULL;
    WoAssignment *as;
    int na;
    if (!wo_assignments(&c, o->id, &as, &na)) {
        reply_storage_error(r);
        return;
    }
    for (int i = 0; i < na && !who; i++)
        if (as[i].lead)
            who = as[i].name;
    NodeInfo g;
    GridRead gr = o->grid_id ? grid_node_find(&c, o->grid_id, &g) : GRID_NOT_FOUND;
    if (gr != GRID_OK && gr != GRID_NOT_FOUND) {
        reply_storage_error(r);
        return;
    }
    if (!who)
        who = gr == GRID_OK ? arena_printf(r->arena, "%s%s", g.name, L(r, "的网格员", " (its grid worker)"))
                            : L(r, "社区工作人员", "community staff");
    char due[20];
    buf_printf(b,
               "<section class=\"notice wo-submitted\" id=\"submitted\"><h2>%s</h2>\n<dl>\n"
               "<dt>%s</dt><dd class=\"wo-number\">#%lld</dd>\n<dt>%s</dt><dd class=\"wo-handler\">%h</dd>\n",
               L(r, "已收到您的报事", "Your report is in"), L(r, "工单号", "Order number"), (long long)o->id,
               L(r, "谁来办", "Who handles it"), who);
    if (o->response_due && !o->accepted_at) {
        clock_format_local(o->response_due, due);
        buf_printf(b, "<dt>%s</dt><dd class=\"wo-due\">%h%s（%h）</dd>\n", L(r, "受理时限", "Accepted within"),
                   span(r, o->response_due - clock_now()), L(r, "内", ""), due);
    }
    if (o->resolve_due) {
        clock_format_local(o->resolve_due, due);
        buf_printf(b, "<dt>%s</dt><dd class=\"wo-due\">%h%s（%h，%s）</dd>\n", L(r, "办结时限", "Fixed within"),
                   span(r, o->resolve_due - clock_now()), L(r, "内", ""), due, L(r, "北京时间", "Beijing time"));
    }
    buf_printf(b, "</dl>\n<p>%s</p>\n</section>\n",
               L(r, "记下工单号，可随时在“报事工单”里查看进度。",
                 "Keep the number: the progress is under Work orders."));
}
