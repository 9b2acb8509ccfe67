/* pages.c: the projects' pages over the same model as the API: the list,
 * a project's page (items with their fortnightly round, defects, sign-offs
 * to sign, acceptances) and the inspection form, made for a phone on site. */
#include "project/web_int.h"

#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "funds/funds.h"
#include "site/page.h"

static const char *yuan(Req *r, int64_t fen)
{
    char out[FUNDS_YUAN_MAX];
    return arena_strdup(r->arena, funds_yuan_text(fen, out));
}

static const char *day(Req *r, int64_t t)
{
    if (!t)
        return "—";
    char s[20];
    clock_format_local(t, s);
    s[10] = 0;
    return arena_strdup(r->arena, s);
}

void page_projects(Req *r)
{
    Ctx c = site_ctx(r);
    int64_t *ids;
    int n;
    ProjectErr e;
    if (!project_recent(&c, INT64_MAX, 200, &ids, &n, &e)) {
        project_err_reply(r, &e);
        return;
    }
    page_begin(r, L(r, "改造项目", "Projects"));
    buf_printf(&r->out, "<h1>%s</h1>\n<ul class=\"project-list\">\n", L(r, "改造项目", "Renovation projects"));
    int shown = 0;
    for (int i = 0; i < n && shown < 50; i++) {
        Project p;
        if (!project_get(&c, ids[i], &p, &e)) {
            project_err_reply(r, &e);
            return;
        }
        if (!project_may_read(&c, &p))
            continue;
        shown++;
        buf_printf(&r->out, "<li><a href=\"/projects/%lld\">%h</a> · %s</li>\n", (long long)p.id, p.title,
                   day(r, p.created_at));
    }
    if (!shown)
        buf_printf(&r->out, "<li>%s</li>\n", L(r, "暂无改造项目", "No projects yet"));
    buf_puts(&r->out, "</ul>\n");
    page_end(r);
}

void page_project(Req *r)
{
    Ctx c = site_ctx(r);
    Project p;
    if (!project_load_or_reply(r, &c, &p))
        return;
    ProjectItem *items;
    ProjectDefect *defects;
    ProjectSignoff *signoffs;
    ProjectAcceptance acc[PSTAGE__COUNT];
    int n_items, n_defects, n_signoffs, n_acc;
    ProjectErr e;
    if (!project_items(&c, p.id, &items, &n_items, &e) ||
        !project_defects(&c, p.id, INT64_MAX, 100, &defects, &n_defects, &e) ||
        !project_signoffs(&c, p.id, &signoffs, &n_signoffs, &e) || !project_acceptances(&c, p.id, acc, &n_acc, &e)) {
        project_err_reply(r, &e);
        return;
    }
    int64_t archive[PROJECT_ARCHIVE_KINDS];
    if (!project_archive_counts(&c, p.id, archive, &e)) {
        project_err_reply(r, &e);
        return;
    }
    ProjectRound *rounds = arena_alloc(r->arena, sizeof *rounds * (size_t)(n_items + 1));
    if (!project_rounds(&c, items, n_items, rounds, &e)) {
        project_err_reply(r, &e);
        return;
    }
    bool inspect = project_may_inspect(&c, &p);
    page_begin(r, p.title);
    buf_printf(&r->out, "<h1>%h</h1>\n<p>%s %lld %s</p>\n", p.title, L(r, "居民反映问题承诺", "Concerns answered within"),
               (long long)(p.response_minutes / 60), L(r, "小时内响应", "hours"));
    buf_printf(&r->out, "<h2>%s</h2>\n<div class=\"table-wrap\"><table class=\"cards\"><thead><tr><th>%s</th><th>%s</th>"
                        "<th>%s</th><th>%s</th><th>%s</th></tr></thead><tbody>\n",
               L(r, "改造内容", "Items"), L(r, "类别", "Tier"), L(r, "内容", "Item"), L(r, "预算（元）", "Budget (yuan)"),
               L(r, "状态", "Status"), L(r, "巡查", "Inspection"));
    for (int i = 0; i < n_items; i++) {
        const ProjectItem *it = &items[i];
        bool started = strcmp(it->status, "started") == 0;
        buf_printf(&r->out,
                   "<tr><td data-label=\"%s\">%s</td><td data-label=\"%s\">%h（%s）</td><td data-label=\"%s\">%s</td>"
                   "<td data-label=\"%s\">%s</td><td data-label=\"%s\">",
                   L(r, "类别", "Tier"), project_tier_label_zh(it->tier), L(r, "内容", "Item"), it->name,
                   project_kind_label_zh(it->kind), L(r, "预算", "Budget"), yuan(r, it->budget), L(r, "状态", "Status"),
                   started                                ? L(r, "施工中", "under way")
                   : strcmp(it->status, "planned") == 0 ? L(r, "待开工", "planned")
                                                          : L(r, "已完工", "done"),
                   L(r, "巡查", "Inspection"));
        if (started) {
            buf_printf(&r->out, "%s %s", L(r, "下次巡查", "next due"), day(r, rounds[i].next_due));
            if (rounds[i].missed)
                buf_printf(&r->out, " · <strong>%s %d %s</strong>", L(r, "漏查", "missed"), rounds[i].missed,
                           L(r, "次", ""));
            if (inspect)
                buf_printf(&r->out, " · <a href=\"/projects/%lld/items/%lld/inspect\">%s</a>", (long long)p.id,
                           (long long)it->id, L(r, "巡查", "Inspect"));
        } else {
            buf_puts(&r->out, "—");
        }
        buf_puts(&r->out, "</td></tr>\n");
    }
    buf_puts(&r->out, "</tbody></table></div>\n");
    buf_printf(&r->out, "<h2>%s</h2>\n<ul>\n", L(r, "整改问题", "Defects"));
    for (int i = 0; i < n_defects; i++) {
        const ProjectDefect *d = &defects[i];
        const char *st = strcmp(d->status, "closed") == 0 ? L(r, "已销项", "closed")
                         : strcmp(d->status, "fixed") == 0 ? L(r, "待复查", "awaiting re-inspection")
                                                           : L(r, "整改中", "open");
        buf_printf(&r->out, "<li id=\"defect-%lld\">%h · %s · %s %s%s</li>\n", (long long)d->id, d->description, st,
                   L(r, "期限", "due"), day(r, d->due_at),
                   strcmp(d->status, "open") == 0 && c.now > d->due_at ? L(r, " · <strong>已逾期</strong>", " · <strong>overdue</strong>") : "");
    }
    if (!n_defects)
        buf_printf(&r->out, "<li>%s</li>\n", L(r, "没有整改问题", "No defects"));
    buf_puts(&r->out, "</ul>\n");
    buf_printf(&r->out, "<h2>%s</h2>\n<ul>\n", L(r, "现场签认", "Sign-offs on site"));
    for (int i = 0; i < n_signoffs; i++) {
        const ProjectSignoff *s = &signoffs[i];
        buf_printf(&r->out, "<li id=\"signoff-%lld\">%s：%h · %s %d/%d", (long long)s->id,
                   strcmp(s->kind, "hidden_work") == 0 ? L(r, "隐蔽工程验收", "Hidden work") : L(r, "材料进场检查", "Materials"),
                   s->title, L(r, "已签", "signed"), s->n_signed, s->n_reps);
        if (s->test_report[0])
            buf_printf(&r->out, " · %s %h", L(r, "检测报告", "test report"), s->test_report);
        ProjectReport *rep;
        int nrep;
        if (!project_reports(&c, s->id, &rep, &nrep, &e)) {
            project_err_reply(r, &e);
            return;
        }
        for (int k = 0; k < nrep; k++)
            buf_printf(&r->out, " · <a href=\"/projects/%lld/reports/%lld\">%h</a>", (long long)p.id,
                       (long long)rep[k].id, rep[k].filename);
        bool mine = false, done = false;
        for (int k = 0; k < n_items; k++)
            if (items[k].id == s->item_id)
                mine = r->who && project_item_is_rep(&items[k], r->who->user_id);
        for (int k = 0; k < s->n_signed; k++)
            done = done || (r->who && s->signed_by[k] == r->who->user_id);
        if (mine && !done) {
            buf_printf(&r->out, "<form method=\"post\" action=\"/projects/%lld/signoffs/%lld/sign\">", (long long)p.id,
                       (long long)s->id);
            page_csrf_field(r);
            buf_printf(&r->out, "<button class=\"big\">%s</button></form>", L(r, "我已到场查看，签字确认", "Sign"));
        }
        buf_puts(&r->out, "</li>\n");
    }
    if (!n_signoffs)
        buf_printf(&r->out, "<li>%s</li>\n", L(r, "暂无签认", "None yet"));
    buf_puts(&r->out, "</ul>\n");
    buf_printf(&r->out, "<h2>%s</h2>\n<ol>\n", L(r, "验收", "Acceptance"));
    for (int i = 0; i < n_acc; i++) {
        buf_printf(&r->out, "<li>%s · %s", project_stage_label_zh(acc[i].stage), day(r, acc[i].created_at));
        for (int k = 0; k < acc[i].n_signers; k++)
            buf_printf(&r->out, "%s%s %h", k ? "、" : "：", project_signer_label_zh(acc[i].signers[k].role),
                       acc[i].signers[k].name);
        buf_puts(&r->out, "</li>\n");
    }
    if (!n_acc)
        buf_printf(&r->out, "<li>%s</li>\n", L(r, "尚未验收", "Not yet"));
    buf_puts(&r->out, "</ol>\n");
    /* the handover archive: the checklist, and the ZIP once it is complete */
    const char *missing[PROJECT_ARCHIVE_KINDS];
    int n_missing = project_archive_missing(archive, missing);
    buf_printf(&r->out, "<h2>%s</h2>\n<ul class=\"archive\">\n", L(r, "移交归档", "Archive"));
    for (int i = 0; i < PROJECT_ARCHIVE_KINDS; i++)
        buf_printf(&r->out, "<li>%s：%lld 份%s</li>\n", project_archive_kind_label_zh(project_archive_kinds[i]),
                   (long long)archive[i], archive[i] ? "" : "（缺）");
    buf_puts(&r->out, "</ul>\n");
    if (!n_missing)
        buf_printf(&r->out, "<p><a class=\"archive-zip\" href=\"/api/projects/%lld/archive.zip\" download>%s</a></p>\n",
                   (long long)p.id, L(r, "下载归档压缩包（含索引页）", "Download the archive"));
    else
        buf_printf(&r->out, "<p>%s</p>\n", L(r, "归档资料齐全后可下载归档压缩包", "Complete the checklist to download"));
    page_end(r);
}

static bool item_of_path(Req *r, const Ctx *c, Project *p, ProjectItem *it)
{
    int64_t item;
    ProjectErr e;
    if (!project_load_or_reply(r, c, p) || !req_param_id_or_reply(r, "item", &item))
        return false;
    if (!project_may_inspect(c, p)) {
        reply_forbidden(r);
        return false;
    }
    if (!project_item_get(c, p->id, item, it, &e)) {
        project_err_reply(r, &e);
        return false;
    }
    return true;
}

void page_project_inspect(Req *r)
{
    Ctx c = site_ctx(r);
    Project p;
    ProjectItem it;
    if (!item_of_path(r, &c, &p, &it))
        return;
    int n;
    const ProjectCheck *list = project_checklist(it.kind, &n);
    page_begin(r, L(r, "巡查", "Inspection"));
    buf_printf(&r->out, "<h1>%h</h1>\n<form method=\"post\" class=\"inspect\" action=\"/projects/%lld/items/%lld/inspect\">",
               it.name, (long long)p.id, (long long)it.id);
    page_csrf_field(r);
    buf_printf(&r->out,
               "<label>%s <select name=\"kind\"><option value=\"fortnightly\">%s</option>"
               "<option value=\"milestone\">%s</option></select></label>\n<label>%s <input name=\"milestone\"></label>\n",
               L(r, "巡查类型", "Kind"), L(r, "双周巡查", "Fortnightly"), L(r, "关键节点", "Milestone"),
               L(r, "节点名称", "Milestone"));
    for (int k = 0; list && k < n; k++)
        buf_printf(&r->out,
                   "<fieldset><legend>%s</legend><label><input type=\"radio\" name=\"check_%s\" value=\"ok\" required> %s"
                   "</label> <label><input type=\"radio\" name=\"check_%s\" value=\"fail\"> %s</label></fieldset>\n",
                   list[k].label_zh, list[k].key, L(r, "合格", "Pass"), list[k].key, L(r, "不合格", "Fail"));
    buf_printf(&r->out, "<label>%s <textarea name=\"notes\" rows=\"3\"></textarea></label>\n<button class=\"big\">%s</button></form>\n",
               L(r, "情况说明", "Notes"), L(r, "提交巡查记录", "Submit"));
    page_end(r);
}

void page_project_inspect_post(Req *r)
{
    Ctx c = site_ctx(r);
    Project p;
    ProjectItem it;
    if (!item_of_path(r, &c, &p, &it))
        return;
    int n;
    const ProjectCheck *list = project_checklist(it.kind, &n);
    const char **passed = arena_alloc(r->arena, sizeof *passed * (size_t)(n + 1));
    const char **failed = arena_alloc(r->arena, sizeof *failed * (size_t)(n + 1));
    int np = 0, nf = 0;
    for (int k = 0; list && k < n; k++) {
        const char *v = req_form(r, arena_printf(r->arena, "check_%s", list[k].key));
        if (v && strcmp(v, "ok") == 0)
            passed[np++] = list[k].key;
        else if (v && strcmp(v, "fail") == 0)
            failed[nf++] = list[k].key;
    }
    ProjectInspectionNew in = {it.id, req_form_trim(r, "kind"), req_form_trim(r, "milestone"), req_form_trim(r, "notes"),
                               passed, np, failed, nf, 0};
    int64_t id;
    ProjectErr e;
    if (!project_inspect(&c, &p, &in, &id, NULL, &e)) {
        project_err_reply(r, &e);
        return;
    }
    resp_redirect(r, arena_printf(r->arena, "/projects/%lld", (long long)p.id));
}

void page_project_sign_post(Req *r)
{
    Ctx c = site_ctx(r);
    Project p;
    int64_t id;
    if (!project_load_or_reply(r, &c, &p) || !req_param_id_or_reply(r, "signoff", &id))
        return;
    ProjectErr e;
    if (!project_sign(&c, &p, id, &e)) {
        project_err_reply(r, &e);
        return;
    }
    resp_redirect(r, arena_printf(r->arena, "/projects/%lld#signoff-%lld", (long long)p.id, (long long)id));
}
