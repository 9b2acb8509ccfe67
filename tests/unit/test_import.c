/* test_import.c: the register import on a real (temporary) SQLite database: good files import all, bad files report every row and write nothing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <iconv.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "auth/audit.h"
#include "grid/flat.h"
#include "grid/import.h"
#include "grid/suggest.h"
#include "grid/pii.h"
#include "store/db.h"

static char g_dir[64];
static char g_fixtures[512];
static Db *g_db;
static int64_t g_grid, g_compound, g_b1, g_b2, g_unit1, g_hh101, g_other_compound;
static char g_compound_path[64];

/* ---- a small tree, built the way the grid code builds it ---------------- */

static int64_t add_node(int64_t parent, const char *parent_path, const char *kind, const char *name, char *path_out)
{
    int64_t id = 0;
    DbStmt *st = db_query(g_db,
                          "INSERT INTO node (parent_id, kind, name, path, sort, created_at, updated_at) "
                          "VALUES (?, ?, ?, '', 0, 0, 0) RETURNING id",
                          parent ? DB_I(parent) : DB_NULL, DB_T(kind), DB_T(name));
    assert_int_equal(db_step(st), DB_ROW);
    id = db_col_int(st, 0);
    assert_true(db_done(st));
    char path[64];
    snprintf(path, sizeof path, "%s%lld/", parent_path, (long long)id);
    assert_true(db_exec(g_db, "UPDATE node SET path = ? WHERE id = ?", DB_T(path), DB_I(id)));
    if (path_out)
        strcpy(path_out, path);
    return id;
}

static int64_t count(const char *table)
{
    int64_t n = -1;
    /* table names are this file's own literals, chosen below */
    if (strcmp(table, "node") == 0)
        assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM node"));
    else if (strcmp(table, "household") == 0)
        assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM household"));
    else if (strcmp(table, "person") == 0)
        assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM person"));
    else if (strcmp(table, "owner") == 0)
        assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM owner"));
    else if (strcmp(table, "audit_event") == 0)
        assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM audit_event"));
    else
        fail_msg("unknown table %s", table);
    return n;
}

typedef struct Counts { int64_t node, household, person, owner, audit; } Counts;

static Counts counts(void)
{
    return (Counts){count("node"), count("household"), count("person"), count("owner"), count("audit_event")};
}

static void assert_counts_equal(Counts a, Counts b)
{
    assert_int_equal(a.node, b.node);
    assert_int_equal(a.household, b.household);
    assert_int_equal(a.person, b.person);
    assert_int_equal(a.owner, b.owner);
    assert_int_equal(a.audit, b.audit);
}

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("cannot open %s", path);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *p = malloc((size_t)n + 1);
    assert_int_equal(fread(p, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return p;
}

static unsigned char *fixture(const char *name, size_t *len)
{
    char path[768];
    snprintf(path, sizeof path, "%s/%s", g_fixtures, name);
    return slurp(path, len);
}

/* Runs one import in its own transaction, committing only on success, the
 * way the API handler does; full_view: the importer sees full ID numbers. */
static bool run_import_as(const void *data, size_t len, ImportFormat fmt, bool dry_run, const char *scope, bool full_view,
                          ImportReport *rep)
{
    assert_true(db_begin(g_db, true));
    bool ok = import_register(g_db, 1, scope, full_view, data, len, fmt, dry_run, rep);
    if (ok && !dry_run)
        assert_true(db_commit(g_db));
    else
        db_rollback(g_db);
    return ok;
}

static bool run_import(const void *data, size_t len, ImportFormat fmt, bool dry_run, const char *scope, ImportReport *rep)
{
    return run_import_as(data, len, fmt, dry_run, scope, true, rep);
}

static void dump(const ImportReport *rep)
{
    if (rep->fatal[0])
        print_message("fatal: %s\n", rep->fatal);
    for (int i = 0; i < rep->n_problems; i++)
        print_message("line %d [%s] %s: %s\n", rep->problems[i].line, rep->problems[i].column, rep->problems[i].code,
                      rep->problems[i].message);
}

static int setup(void **state)
{
    char err[256];
    snprintf(g_dir, sizeof g_dir, "/tmp/gz-import-XXXXXX");
    if (!mkdtemp(g_dir))
        return -1;
    char src[512];
    snprintf(src, sizeof src, "%s", __FILE__);
    snprintf(g_fixtures, sizeof g_fixtures, "%s/../fixtures", dirname(src));

    char key[128], url[128];
    snprintf(key, sizeof key, "%s/pii.key", g_dir);
    if (!pii_key_create(key, err, sizeof err))
        return -1;
    snprintf(url, sizeof url, "sqlite:%s/test.db", g_dir);
    g_db = db_open(url, err, sizeof err);
    if (!g_db || !db_migrate(g_db, err, sizeof err) || !audit_chain_keyed(g_db)) {
        fprintf(stderr, "setup: %s\n", err);
        return -1;
    }

    char p_street[64], p_comm[64], p_grid[64], p_micro[64], p_b1[64], p_b2[64], p_u1[64], p_other_grid[64], scratch[64];
    db_begin(g_db, true);
    add_node(0, "/", "street", "锦官驿街道", p_street);
    add_node(0, p_street, "community", "合江亭社区", p_comm);
    g_grid = add_node(0, p_comm, "grid", "第8网格", p_grid);
    add_node(g_grid, p_grid, "micro_grid", "微网格1", p_micro);
    g_compound = add_node(0, p_micro, "compound", "学道苑·东南里7号", g_compound_path);
    g_b1 = add_node(g_compound, g_compound_path, "building", "1栋", p_b1);
    g_b2 = add_node(g_compound, g_compound_path, "building", "2栋", p_b2);
    g_unit1 = add_node(g_b1, p_b1, "unit", "1单元", p_u1);
    g_hh101 = add_node(g_unit1, p_u1, "household", "101", scratch);
    int64_t flat = 0;
    assert_true(flat_create(g_db, g_unit1, g_compound, "101", 6000, "register", 0, &flat));
    assert_true(db_exec(g_db,
                        "INSERT INTO household (node_id, flat_id, unit_id, building_id, compound_id, grid_id, door, address) "
                        "VALUES (?, ?, ?, ?, ?, ?, '101', '学道苑·东南里7号1栋1单元101')",
                        DB_I(g_hh101), DB_I(flat), DB_I(g_unit1), DB_I(g_b1), DB_I(g_compound), DB_I(g_grid)));
    char hash[33];
    pii_hash("11010519681010809X", hash);
    assert_true(db_exec(g_db,
                        "INSERT INTO person (household_id, name, residency, id_hash, id_mask, created_at, updated_at) "
                        "VALUES (?, '老住户', 'permanent', ?, '110105********809X', 0, 0)",
                        DB_I(g_hh101), DB_T(hash)));
    /* a compound under another grid, outside the scope used below */
    add_node(0, p_comm, "grid", "第9网格", p_other_grid);
    g_other_compound = add_node(0, p_other_grid, "compound", "别的院落", scratch);
    add_node(g_other_compound, scratch, "building", "1栋", NULL);
    assert_true(db_commit(g_db));
    return 0;
}

static int teardown(void **state)
{
    db_close(g_db);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", g_dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* ---- the tests ---------------------------------------------------------- */

static void good_csv_dry_run_writes_nothing_then_real_run_imports_everything(void **state)
{
    size_t len;
    unsigned char *data = fixture("register_good.csv", &len);
    ImportReport rep;
    Counts before = counts();

    bool ok = run_import(data, len, IMPORT_GUESS, true, "", &rep);
    dump(&rep);
    assert_true(ok);
    assert_int_equal(rep.rows, 5);
    assert_int_equal(rep.households_new, 3);
    assert_int_equal(rep.persons_new, 5);
    assert_int_equal(rep.n_problems, 0);
    assert_false(rep.converted_from_gbk);
    import_report_free(&rep);
    assert_counts_equal(before, counts());

    ok = run_import(data, len, IMPORT_CSV, false, "", &rep);
    dump(&rep);
    assert_true(ok);
    import_report_free(&rep);
    Counts after = counts();
    assert_int_equal(after.node, before.node + 2 + 3); /* 3单元 under both buildings, 3 households */
    assert_int_equal(after.household, before.household + 3);
    assert_int_equal(after.person, before.person + 5);
    assert_int_equal(after.owner, before.owner + 2);
    assert_int_equal(after.audit, before.audit + 4); /* one per household and the summary */

    /* the household row and the tree path agree */
    DbStmt *st = db_query(g_db,
                          "SELECT h.node_id, h.grid_id, h.compound_id, h.building_id, f.area, h.housing, h.address, n.path, u.path, u.name, n.kind "
                          "FROM household h JOIN flat f ON f.id = h.flat_id JOIN node n ON n.id = h.node_id JOIN node u ON u.id = h.unit_id "
                          "WHERE h.building_id = ? AND h.door = '101' AND u.name = '3单元'",
                          DB_I(g_b1));
    assert_int_equal(db_step(st), DB_ROW);
    int64_t hid = db_col_int(st, 0);
    assert_int_equal(db_col_int(st, 1), g_grid);
    assert_int_equal(db_col_int(st, 2), g_compound);
    assert_int_equal(db_col_int(st, 4), 6050);
    assert_string_equal(db_col_text(st, 5), "owned");
    assert_string_equal(db_col_text(st, 6), "学道苑·东南里7号1栋3单元101");
    char want[128];
    snprintf(want, sizeof want, "%s%lld/", db_col_text(st, 8), (long long)hid);
    assert_string_equal(db_col_text(st, 7), want);
    assert_string_equal(db_col_text(st, 10), "household");
    assert_int_equal(strncmp(db_col_text(st, 8), g_compound_path, strlen(g_compound_path)), 0);
    assert_true(db_done(st));

    /* personal data: encrypted, masked, hashed; tags canonical */
    st = db_query(g_db,
                  "SELECT id_enc, id_mask, id_hash, phone_enc, phone_mask, tags, birth_year, gender, residency, relation "
                  "FROM person WHERE name = '赵一'");
    assert_int_equal(db_step(st), DB_ROW);
    char *plain = pii_decrypt(db_col_text(st, 0));
    assert_non_null(plain);
    assert_string_equal(plain, "11010519491231002X");
    free(plain);
    assert_null(strstr(db_col_text(st, 0), "1101051949"));
    assert_string_equal(db_col_text(st, 1), "110105********002X");
    char h[33];
    pii_hash("11010519491231002X", h);
    assert_string_equal(db_col_text(st, 2), h);
    plain = pii_decrypt(db_col_text(st, 3));
    assert_string_equal(plain, "13800000001");
    free(plain);
    assert_string_equal(db_col_text(st, 4), "138****0001");
    assert_string_equal(db_col_text(st, 5), "lives_alone,party_member");
    assert_int_equal(db_col_int(st, 6), 1949);
    assert_string_equal(db_col_text(st, 7), "F"); /* 17th digit 2 is even */
    assert_string_equal(db_col_text(st, 8), "permanent");
    assert_string_equal(db_col_text(st, 9), "户主");
    assert_true(db_done(st));

    /* birth year from the ID when the column is empty; 、 separates tags */
    int64_t y;
    assert_true(db_int(g_db, &y, "SELECT birth_year FROM person WHERE name = '钱二'"));
    assert_int_equal(y, 1958);
    st = db_query(g_db, "SELECT tags, residency FROM person WHERE name = '孙三'");
    assert_int_equal(db_step(st), DB_ROW);
    assert_string_equal(db_col_text(st, 0), "low_income,disabled");
    assert_true(db_done(st));

    /* owners own the household's flat, with its one area, and the ID hash is their key */
    st = db_query(g_db, "SELECT f.area, o.owner_key, o.id_mask FROM owner o JOIN person p ON p.id = o.person_id "
                        "JOIN ownership s ON s.owner_id = o.id JOIN flat f ON f.id = s.flat_id WHERE p.name = '孙三'");
    assert_int_equal(db_step(st), DB_ROW);
    assert_int_equal(db_col_int(st, 0), 6100);
    pii_hash("110105196204153042", h);
    assert_string_equal(db_col_text(st, 1), h);
    assert_string_equal(db_col_text(st, 2), "110105********3042");
    assert_true(db_done(st));

    /* the audit holds masked values only */
    st = db_query(g_db, "SELECT after_json FROM audit_event WHERE entity = 'household' AND action = 'import'");
    int events = 0;
    while (db_step(st) == DB_ROW) {
        const char *j = db_col_text(st, 0);
        assert_null(strstr(j, "11010519491231002X"));
        assert_null(strstr(j, "13800000001"));
        assert_null(strstr(j, "lives_alone"));
        events++;
    }
    assert_true(db_done(st));
    assert_int_equal(events, 3);
    int64_t n;
    assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM audit_event WHERE entity = 'import' AND action = 'import'"));
    assert_int_equal(n, 1);

    /* the same file again: every ID is already in the register */
    before = counts();
    ok = run_import(data, len, IMPORT_CSV, false, "", &rep);
    assert_false(ok);
    assert_int_equal(rep.n_problems, 5);
    for (int i = 0; i < rep.n_problems; i++) {
        assert_string_equal(rep.problems[i].code, "duplicate");
        assert_int_equal(rep.problems[i].line, i + 2);
    }
    import_report_free(&rep);
    assert_counts_equal(before, counts());
    free(data);
}

static void bad_csv_reports_every_row_and_writes_nothing(void **state)
{
    static const struct { int line; const char *code; const char *column; } want[] = {
        {3, "bad_id", "id_number"},       {4, "unknown_building", "building"}, {5, "unknown_compound", "compound"},
        {6, "bad_area", "area"},          {7, "duplicate", "id_number"},       {8, "bad_phone", "phone"},
        {9, "bad_residency", "residency"}, {10, "unknown_tag", "tags"},         {11, "area_conflict", "area"},
        {12, "missing_value", "name"},
    };
    size_t len;
    unsigned char *data = fixture("register_bad.csv", &len);
    Counts before = counts();
    for (int dry = 1; dry >= 0; dry--) {
        ImportReport rep;
        bool ok = run_import(data, len, IMPORT_CSV, dry, "", &rep);
        if (rep.n_problems != (int)(sizeof want / sizeof want[0]))
            dump(&rep);
        assert_false(ok);
        assert_string_equal(rep.fatal, "");
        assert_int_equal(rep.rows, 11);
        assert_int_equal(rep.n_problems, sizeof want / sizeof want[0]);
        for (int i = 0; i < rep.n_problems; i++) {
            assert_int_equal(rep.problems[i].line, want[i].line);
            assert_string_equal(rep.problems[i].code, want[i].code);
            assert_string_equal(rep.problems[i].column, want[i].column);
            assert_true(rep.problems[i].message[0] != 0);
        }
        /* the check character the user should have written */
        assert_non_null(strstr(rep.problems[0].message, "应为 2"));
        assert_non_null(strstr(rep.problems[4].message, "第 2 行"));
        assert_non_null(strstr(rep.problems[8].message, "第 2 行"));
        import_report_free(&rep);
        assert_counts_equal(before, counts());
    }
    free(data);
}

/* The same register in GBK, as Excel on a Chinese Windows saves it. */
static void gbk_csv_is_converted_and_reported(void **state)
{
    const char *text =
        "院落,楼栋,单元,门牌,面积,姓名,居住类型\r\n"
        "学道苑·东南里7号,2栋,4单元,101,59.9,韩梅梅,常住\r\n";
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    assert_true(cd != (iconv_t)-1);
    char gbk[1024];
    char *in = (char *)text, *out = gbk;
    size_t inleft = strlen(text), outleft = sizeof gbk;
    assert_int_not_equal(iconv(cd, &in, &inleft, &out, &outleft), (size_t)-1);
    iconv_close(cd);
    size_t glen = sizeof gbk - outleft;
    assert_true(glen < strlen(text)); /* really re-encoded: two bytes a character */

    ImportReport rep;
    Counts before = counts();
    bool ok = run_import(gbk, glen, IMPORT_GUESS, false, "", &rep);
    dump(&rep);
    assert_true(ok);
    assert_true(rep.converted_from_gbk);
    assert_int_equal(rep.persons_new, 1);
    import_report_free(&rep);
    assert_int_equal(counts().person, before.person + 1);
    DbStmt *st = db_query(g_db, "SELECT h.address, f.area FROM person p JOIN household h ON h.node_id = p.household_id "
                                "JOIN flat f ON f.id = h.flat_id WHERE p.name = ?",
                          DB_T("韩梅梅"));
    assert_int_equal(db_step(st), DB_ROW);
    assert_string_equal(db_col_text(st, 0), "学道苑·东南里7号2栋4单元101");
    assert_int_equal(db_col_int(st, 1), 5990);
    assert_true(db_done(st));

    /* neither UTF-8 nor GBK: a clear file-level error */
    static const unsigned char junk[] = "a,b\n\xff\xfe\xff,\x80\n";
    before = counts();
    assert_false(run_import(junk, sizeof junk - 1, IMPORT_CSV, false, "", &rep));
    assert_string_equal(rep.fatal, "文件不是 UTF-8 或 GBK 编码");
    import_report_free(&rep);
    assert_counts_equal(before, counts());
}

static void xlsx_import_and_ids_stored_as_numbers(void **state)
{
    char path[128];
    snprintf(path, sizeof path, "%s/register.xlsx", g_dir);
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
    const char *head[] = {"Compound", "Building", "Unit", "Door", "Area", "Name", "ID number", "Phone", "Residency", "Owner"};
    for (int i = 0; i < 10; i++)
        worksheet_write_string(ws, 0, (lxw_col_t)i, head[i], NULL);
    worksheet_write_string(ws, 1, 0, "学道苑·东南里7号", NULL);
    worksheet_write_string(ws, 1, 1, "2栋", NULL);
    worksheet_write_string(ws, 1, 2, "5单元", NULL);
    worksheet_write_number(ws, 1, 3, 101, NULL);
    worksheet_write_number(ws, 1, 4, 62.75, NULL);
    worksheet_write_string(ws, 1, 5, "林晓", NULL);
    worksheet_write_string(ws, 1, 6, "110105193002289116", NULL);
    worksheet_write_number(ws, 1, 7, 13912345678.0, NULL);
    worksheet_write_string(ws, 1, 8, "floating", NULL);
    worksheet_write_string(ws, 1, 9, "是", NULL);
    /* row 4: the ID typed into a number cell, digits lost */
    worksheet_write_string(ws, 3, 0, "学道苑·东南里7号", NULL);
    worksheet_write_string(ws, 3, 1, "2栋", NULL);
    worksheet_write_string(ws, 3, 2, "5单元", NULL);
    worksheet_write_number(ws, 3, 3, 102, NULL);
    worksheet_write_string(ws, 3, 5, "林森", NULL);
    worksheet_write_number(ws, 3, 6, 110105193002289116.0, NULL);
    worksheet_write_string(ws, 3, 8, "常住", NULL);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);

    size_t len;
    unsigned char *data = slurp(path, &len);
    ImportReport rep;
    Counts before = counts();
    assert_false(run_import(data, len, IMPORT_GUESS, false, "", &rep));
    assert_int_equal(rep.n_problems, 1);
    assert_int_equal(rep.problems[0].line, 4);
    assert_string_equal(rep.problems[0].code, "bad_id");
    assert_non_null(strstr(rep.problems[0].message, "文本"));
    import_report_free(&rep);
    assert_counts_equal(before, counts());

    /* fix the sheet: drop the bad row, and the good one imports */
    wb = workbook_new(path);
    ws = workbook_add_worksheet(wb, NULL);
    for (int i = 0; i < 10; i++)
        worksheet_write_string(ws, 0, (lxw_col_t)i, head[i], NULL);
    worksheet_write_string(ws, 1, 0, "学道苑·东南里7号", NULL);
    worksheet_write_string(ws, 1, 1, "2栋", NULL);
    worksheet_write_string(ws, 1, 2, "5单元", NULL);
    worksheet_write_number(ws, 1, 3, 101, NULL);
    worksheet_write_number(ws, 1, 4, 62.75, NULL);
    worksheet_write_string(ws, 1, 5, "林晓", NULL);
    worksheet_write_string(ws, 1, 6, "110105193002289116", NULL);
    worksheet_write_number(ws, 1, 7, 13912345678.0, NULL);
    worksheet_write_string(ws, 1, 8, "floating", NULL);
    worksheet_write_string(ws, 1, 9, "是", NULL);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    free(data);
    data = slurp(path, &len);
    bool ok = run_import(data, len, IMPORT_XLSX, false, "", &rep);
    dump(&rep);
    assert_true(ok);
    assert_int_equal(rep.households_new, 1);
    import_report_free(&rep);
    DbStmt *st = db_query(g_db,
                          "SELECT p.residency, p.phone_mask, f.area, h.door FROM person p JOIN owner o ON o.person_id = p.id "
                          "JOIN household h ON h.node_id = p.household_id JOIN ownership s ON s.owner_id = o.id "
                          "JOIN flat f ON f.id = s.flat_id WHERE p.name = ?",
                          DB_T("林晓"));
    assert_int_equal(db_step(st), DB_ROW);
    assert_string_equal(db_col_text(st, 0), "floating");
    assert_string_equal(db_col_text(st, 1), "139****5678");
    assert_int_equal(db_col_int(st, 2), 6275);
    assert_string_equal(db_col_text(st, 3), "101");
    assert_true(db_done(st));
    free(data);

    /* a damaged XLSX is a file-level error */
    static const unsigned char broken[] = "PK\x03\x04 this is not really a zip";
    assert_false(run_import(broken, sizeof broken - 1, IMPORT_GUESS, true, "", &rep));
    assert_true(rep.fatal[0] != 0);
    import_report_free(&rep);
}

static void duplicates_within_the_file_and_against_the_register(void **state)
{
    const char *csv =
        "姓名,院落,楼栋,单元,门牌,居住类型,身份证号\n"
        "甲,学道苑·东南里7号,1栋,6单元,101,常住,110105199302289115\n"
        "乙,学道苑·东南里7号,1栋,6单元,102,常住,110105199302289115\n"
        "丙,学道苑·东南里7号,1栋,6单元,103,常住,11010519681010809x\n"
        "丁,学道苑·东南里7号,1栋,6单元,104,常住,\n"
        "丁,学道苑·东南里7号,1栋,6单元,104,常住,\n";
    ImportReport rep;
    Counts before = counts();
    assert_false(run_import(csv, strlen(csv), IMPORT_CSV, false, "", &rep));
    if (rep.n_problems != 3)
        dump(&rep);
    assert_int_equal(rep.n_problems, 3);
    assert_int_equal(rep.problems[0].line, 3);
    assert_string_equal(rep.problems[0].code, "duplicate");
    assert_non_null(strstr(rep.problems[0].message, "第 2 行"));
    assert_int_equal(rep.problems[1].line, 4); /* lower-case x, already in the register */
    assert_string_equal(rep.problems[1].code, "duplicate");
    assert_non_null(strstr(rep.problems[1].message, "登记簿"));
    assert_int_equal(rep.problems[2].line, 6);
    assert_string_equal(rep.problems[2].code, "duplicate");
    import_report_free(&rep);
    assert_counts_equal(before, counts());
}

/* The duplicate check is no oracle: an importer who may not see full ID
 * numbers is never told that a number is on the register; the row is
 * imported like any other and the duplicate goes to the audit log. */
static void an_id_on_the_register_is_reported_only_to_who_sees_it(void **state)
{
    const char *csv =
        "姓名,院落,楼栋,单元,门牌,居住类型,身份证号\n"
        "戊,学道苑·东南里7号,1栋,6单元,105,常住,11010519681010809X\n";
    ImportReport rep;
    Counts before = counts();
    assert_false(run_import_as(csv, strlen(csv), IMPORT_CSV, true, "", true, &rep));
    assert_int_equal(rep.n_problems, 1);
    assert_string_equal(rep.problems[0].code, "duplicate");
    import_report_free(&rep);
    assert_counts_equal(before, counts());

    int64_t dups = 0;
    assert_true(db_int(g_db, &dups, "SELECT COUNT(*) FROM audit_event WHERE action = 'id_duplicate'"));
    bool ok = run_import_as(csv, strlen(csv), IMPORT_CSV, false, "", false, &rep);
    if (!ok)
        dump(&rep);
    assert_true(ok);
    assert_int_equal(rep.n_problems, 0);
    import_report_free(&rep);
    assert_int_equal(counts().person, before.person + 1);
    int64_t after = 0;
    assert_true(db_int(g_db, &after, "SELECT COUNT(*) FROM audit_event WHERE action = 'id_duplicate'"));
    assert_int_equal(after, dups + 1);
}

static void header_problems_are_fatal_and_name_the_columns(void **state)
{
    ImportReport rep;
    const char *csv = "姓名,Compound,楼栋\n张三,学道苑·东南里7号,1栋\n";
    assert_false(run_import(csv, strlen(csv), IMPORT_CSV, true, "", &rep));
    assert_non_null(strstr(rep.fatal, "单元"));
    assert_non_null(strstr(rep.fatal, "门牌"));
    assert_non_null(strstr(rep.fatal, "居住类型"));
    assert_null(strstr(rep.fatal, "院落"));
    import_report_free(&rep);

    const char *dup = "姓名,院落,楼栋,单元,门牌,居住类型,name\n";
    assert_false(run_import(dup, strlen(dup), IMPORT_CSV, true, "", &rep));
    assert_non_null(strstr(rep.fatal, "两次"));
    import_report_free(&rep);

    assert_false(run_import("", 0, IMPORT_CSV, true, "", &rep));
    assert_true(rep.fatal[0] != 0);
    import_report_free(&rep);

    const char *quote = "姓名,院落\n\"张三,学道苑\n";
    assert_false(run_import(quote, strlen(quote), IMPORT_CSV, true, "", &rep));
    assert_non_null(strstr(rep.fatal, "引号"));
    import_report_free(&rep);
}

/* BOM, CRLF, quoted commas and line breaks, decorated headers, extra columns. */
static void csv_quirks_and_line_numbers(void **state)
{
    const char *csv =
        "\xEF\xBB\xBF序号,姓名*,院落,楼栋,单元,门牌,面积（平方米）,居住类型,备注\r\n"
        "\r\n"
        "1,\"欧阳, 小明\",学道苑·东南里7号,1栋,7单元,101,60,常住,\"第一行\r\n第二行\"\r\n"
        "2,司马,学道苑·东南里7号,1栋,7单元,102,60.255,常住,\r\n"
        "3,上官,学道苑·东南里7号,1栋,7单元,103,-5,常住,\r\n"
        "4,诸葛,学道苑·东南里7号,1栋,7单元,104,0,常住,\r\n"
        ",,,,,,,,\r\n"
        "5,东方,学道苑·东南里7号,1栋,7单元,105,60.5㎡,流动,";
    ImportReport rep;
    assert_false(run_import(csv, strlen(csv), IMPORT_CSV, true, "", &rep));
    if (rep.n_problems != 3)
        dump(&rep);
    assert_int_equal(rep.rows, 5);
    assert_int_equal(rep.n_problems, 3);
    assert_int_equal(rep.problems[0].line, 5); /* the quoted line break moved it down one line */
    assert_string_equal(rep.problems[0].code, "bad_area");
    assert_int_equal(rep.problems[1].line, 6);
    assert_string_equal(rep.problems[1].code, "bad_area");
    assert_int_equal(rep.problems[2].line, 7);
    assert_string_equal(rep.problems[2].code, "bad_area");
    import_report_free(&rep);
}

static void scope_limits_the_compounds(void **state)
{
    const char *csv =
        "姓名,院落,楼栋,单元,门牌,居住类型\n"
        "甲,别的院落,1栋,1单元,101,常住\n";
    ImportReport rep;
    /* a scope of one compound does not reach another grid's compound */
    assert_false(run_import(csv, strlen(csv), IMPORT_CSV, true, g_compound_path, &rep));
    assert_int_equal(rep.n_problems, 1);
    assert_string_equal(rep.problems[0].code, "out_of_scope");
    import_report_free(&rep);
    assert_true(run_import(csv, strlen(csv), IMPORT_CSV, true, "", &rep));
    import_report_free(&rep);
}

static void owners_need_an_area(void **state)
{
    const char *csv =
        "姓名,院落,楼栋,单元,门牌,居住类型,身份证号,是否产权人,面积\n"
        "甲,学道苑·东南里7号,1栋,8单元,101,常住,110105195509097083,是,\n"
        "乙,学道苑·东南里7号,1栋,8单元,102,常住,,是,60\n"
        "丙,学道苑·东南里7号,1栋,8单元,103,常住,,也许,60\n";
    ImportReport rep;
    assert_false(run_import(csv, strlen(csv), IMPORT_CSV, true, "", &rep));
    if (rep.n_problems != 3)
        dump(&rep);
    assert_int_equal(rep.n_problems, 3);
    assert_int_equal(rep.problems[0].line, 3);
    assert_string_equal(rep.problems[0].code, "missing_value"); /* an owner needs an ID number */
    assert_int_equal(rep.problems[1].line, 4);
    assert_string_equal(rep.problems[1].code, "bad_owner");
    assert_int_equal(rep.problems[2].line, 2);
    assert_string_equal(rep.problems[2].code, "bad_area");
    import_report_free(&rep);
}

/* One rule per row, each row with exactly one problem. */
static void row_rules_table(void **state)
{
    static const struct { const char *row; const char *code; const char *column; } cases[] = {
        {"张三,学道苑·东南里7号,1栋,9单元,101,常住,,1899,,", "bad_birth_year", "birth_year"},
        {"张三,学道苑·东南里7号,1栋,9单元,102,常住,110105199302289115,1992,,", "bad_birth_year", "birth_year"},
        {"张三,学道苑·东南里7号,1栋,9单元,103,常住,,,楼房,", "bad_housing", "housing"},
        {"张三,学道苑·东南里7号,1栋,9单元,104,常住,１１０１０５１９９３０２２８９１１５,,,", "bad_id", "id_number"},
        {"张三,学道苑·东南里7号,1栋,9单元,105,常住,1.10105199302289E+17,,,", "bad_id", "id_number"},
        {"张三,学道苑·东南里7号,1栋,9单元,106,常住,110105199302309115,,,", "bad_id", "id_number"},
        {"一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五,"
         "学道苑·东南里7号,1栋,9单元,107,常住,,,,",
         "too_long", "name"},
        {"张三,学道苑·东南里7号,1栋,9单元,108,常住,,,,独居；富豪", "unknown_tag", "tags"},
        {"张三,学道苑·东南里7号,1栋,,109,常住,,,,", "missing_value", "unit"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char csv[1024];
        snprintf(csv, sizeof csv, "姓名,院落,楼栋,单元,门牌,居住类型,身份证号,出生年份,住房性质,标签\n%s\n", cases[i].row);
        ImportReport rep;
        assert_false(run_import(csv, strlen(csv), IMPORT_CSV, true, "", &rep));
        if (rep.n_problems != 1 || strcmp(rep.problems[0].code, cases[i].code) != 0) {
            dump(&rep);
            fail_msg("case %zu: want one %s", i, cases[i].code);
        }
        assert_int_equal(rep.problems[0].line, 2);
        assert_string_equal(rep.problems[0].column, cases[i].column);
        import_report_free(&rep);
    }
    /* and the rows that pass: lower-case x, tags in several spellings, birth year from a number cell */
    const char *good = "姓名,院落,楼栋,单元,门牌,居住类型,身份证号,出生年份,住房性质,标签\n"
                       "张三,学道苑·东南里7号,1栋,9单元,110,floating,51010419850615331x,1985.0,公房,独居；lives_alone、党员\n";
    ImportReport rep;
    bool ok = run_import(good, strlen(good), IMPORT_CSV, true, "", &rep);
    if (!ok)
        dump(&rep);
    assert_true(ok);
    import_report_free(&rep);
}

/* ---- the report: names, columns, warnings, dates --------------------------- */

/* The nearest compound names, best first (pure). */
static void suggestions_for_unknown_names(void **state)
{
    static const char *const cands[] = {"学道苑·东南里7号", "学道苑·拱背桥25号1栋", "学道苑·拱背桥25号2栋", "东南里8号", "锦官驿小区"};
    static const struct { const char *name; int max; int n; int want[3]; } cases[] = {
        {"东南里7号", 3, 2, {0, 3}},            /* contained in the full name first, then one edit away */
        {"学道苑东南里7号", 3, 2, {0, 3}},      /* the same name without its separator */
        {"学道苑 · 东南里７号", 3, 2, {0, 3}},  /* spaces and a full-width digit */
        {"学道苑·东南里7号院", 3, 1, {0}},      /* contains a candidate; 东南里8号 is five edits away */
        {"东南里9号", 3, 2, {3, 0}},            /* one edit from 东南里8号, four from the full name */
        {"拱背桥25号", 3, 2, {1, 2}},           /* both buildings, in order */
        {"东南里7号", 1, 1, {0}},
        {"完全不同的名字", 3, 0, {0}},
        {"", 3, 0, {0}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int out[3] = {-1, -1, -1};
        int n = suggest_names(cases[i].name, cands, 5, out, cases[i].max);
        if (n != cases[i].n)
            fail_msg("case %zu (%s): %d suggestions, want %d", i, cases[i].name, n, cases[i].n);
        for (int k = 0; k < n; k++)
            if (out[k] != cases[i].want[k])
                fail_msg("case %zu (%s): suggestion %d is %s, want %s", i, cases[i].name, k, cands[out[k]],
                         cands[cases[i].want[k]]);
    }
}

static const ImportColumn *column(const ImportReport *rep, int index)
{
    for (int i = 0; i < rep->n_columns; i++)
        if (rep->columns[i].index == index)
            return &rep->columns[i];
    fail_msg("column %d not reported", index);
    return NULL;
}

static const ImportProblem *warning_with(const ImportReport *rep, const char *code)
{
    for (int i = 0; i < rep->n_warnings; i++)
        if (strcmp(rep->warnings[i].code, code) == 0)
            return &rep->warnings[i];
    return NULL;
}

/* 序号, 性别 and 备注 are named as ignored or used, a column without a header
 * but with values too; missing owner and area columns are warned of; the
 * unknown compound gets the nearest name. */
static void report_names_every_column_and_what_is_missing(void **state)
{
    const char *csv =
        "序号,姓名,性别,院落,楼栋,单元,门牌,居住类型,备注,\n"
        "1,甲,男,东南里7号,1栋,11单元,101,常住,,多出来的\n"
        "2,乙,女,学道苑·东南里7号,1栋,11单元,102,常住,新搬来,\n";
    ImportReport rep;
    Counts before = counts();
    assert_false(run_import(csv, strlen(csv), IMPORT_GUESS, true, "", &rep));
    assert_string_equal(rep.format, "csv");
    assert_int_equal(rep.n_problems, 1);
    assert_int_equal(rep.problems[0].line, 2);
    assert_string_equal(rep.problems[0].code, "unknown_compound");
    assert_non_null(strstr(rep.problems[0].message, "是不是“学道苑·东南里7号”"));
    assert_int_equal(rep.n_suggestions, 1);
    assert_string_equal(rep.suggestions[0].name, "东南里7号");
    assert_int_equal(rep.suggestions[0].n, 1); /* 别的院落 is nowhere near */
    assert_string_equal(rep.suggestions[0].names[0], "学道苑·东南里7号");

    assert_int_equal(rep.n_columns, 10);
    static const struct { int index; const char *header, *field; } want[] = {
        {1, "序号", ""}, {2, "姓名", "name"}, {3, "性别", "gender"}, {4, "院落", "compound"}, {5, "楼栋", "building"},
        {6, "单元", "unit"}, {7, "门牌", "door"}, {8, "居住类型", "residency"}, {9, "备注", ""}, {10, "", ""},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const ImportColumn *c = column(&rep, want[i].index);
        assert_string_equal(c->header, want[i].header);
        assert_string_equal(c->field, want[i].field);
        assert_false(c->dates);
    }
    assert_string_equal(column(&rep, 3)->field_zh, "性别");

    const ImportProblem *w = warning_with(&rep, "no_owner_column");
    assert_non_null(w);
    assert_string_equal(w->column, "owner");
    assert_int_equal(w->line, 0);
    assert_non_null(warning_with(&rep, "no_area_column"));
    assert_null(warning_with(&rep, "households_without_owner")); /* the missing column says it already */
    import_report_free(&rep);
    assert_counts_equal(before, counts());

    /* the same names in scope of one compound: suggestions come only from what the importer may see */
    const char *other = "姓名,院落,楼栋,单元,门牌,居住类型\n甲,别的院落子,1栋,1单元,101,常住\n";
    assert_false(run_import(other, strlen(other), IMPORT_CSV, true, "", &rep));
    assert_int_equal(rep.n_suggestions, 1);
    assert_string_equal(rep.suggestions[0].names[0], "别的院落");
    import_report_free(&rep);
    assert_false(run_import(other, strlen(other), IMPORT_CSV, true, g_compound_path, &rep));
    assert_int_equal(rep.n_suggestions, 0);
    assert_string_equal(rep.problems[0].message, "没有名为“别的院落子”的院落");
    import_report_free(&rep);
}

/* With owner and area columns present, the households that lack them are counted. */
static void households_without_owner_or_area_are_warned_of(void **state)
{
    const char *csv =
        "姓名,院落,楼栋,单元,门牌,居住类型,身份证号,是否产权人,面积\n"
        "甲,学道苑·东南里7号,1栋,12单元,101,常住,110105197001010011,是,60\n"
        "乙,学道苑·东南里7号,1栋,12单元,102,常住,,否,\n"
        "丙,学道苑·东南里7号,1栋,12单元,103,常住,,,55\n";
    ImportReport rep;
    bool ok = run_import(csv, strlen(csv), IMPORT_CSV, true, "", &rep);
    dump(&rep);
    assert_true(ok);
    assert_int_equal(rep.n_warnings, 2);
    const ImportProblem *w = warning_with(&rep, "households_without_owner");
    assert_non_null(w);
    assert_int_equal(w->line, 3);
    assert_non_null(strstr(w->message, "2 套房"));
    assert_non_null(strstr(w->message, "3、4"));
    w = warning_with(&rep, "households_without_area");
    assert_non_null(w);
    assert_int_equal(w->line, 3);
    assert_non_null(strstr(w->message, "1 套房"));
    import_report_free(&rep);

    /* Owners are the flat's: a second household at a door whose flat has an
     * owner on the register lacks none; a new flat without one does. */
    const char *owned = "姓名,院落,楼栋,单元,门牌,居住类型,身份证号,是否产权人,面积\n"
                        "庚,学道苑·东南里7号,1栋,12单元,201,常住,110105197303030018,是,60\n";
    ok = run_import(owned, strlen(owned), IMPORT_CSV, false, "", &rep);
    dump(&rep);
    assert_true(ok);
    import_report_free(&rep);
    const char *more = "姓名,院落,楼栋,单元,门牌,居住类型,是否产权人,面积,户号\n"
                       "辛,学道苑·东南里7号,1栋,12单元,201,流动,否,,2\n"
                       "壬,学道苑·东南里7号,1栋,12单元,202,流动,否,50,\n";
    ok = run_import(more, strlen(more), IMPORT_CSV, true, "", &rep);
    dump(&rep);
    assert_true(ok);
    assert_int_equal(rep.households_new, 2);
    w = warning_with(&rep, "households_without_owner");
    assert_non_null(w);
    assert_int_equal(w->line, 3);
    assert_non_null(strstr(w->message, "1 套房"));
    assert_null(warning_with(&rep, "households_without_area")); /* 201 has its area on the register */
    import_report_free(&rep);
}

/* Birth years and dates in the ways registers write them, checked against the
 * ID number; gender read, and checked against the ID number too. */
static void birth_dates_and_gender(void **state)
{
    static const struct { const char *birth, *gender, *id; const char *code; } cases[] = {
        {"1949年12月31日", "", "110105194912310046", NULL},
        {"1949/12/31", "女", "110105194912310046", NULL},
        {"19491231", "", "110105194912310046", NULL},
        {"1949-12-31 00:00:00", "", "110105194912310046", NULL},
        {"1949-12", "", "110105194912310046", NULL},
        {"1949年12月", "F", "", NULL},
        {"1949.0", "男", "", NULL},
        {"1949-12-30", "", "110105194912310046", "bad_birth_year"}, /* not the ID's day */
        {"1950-12-31", "", "110105194912310046", "bad_birth_year"}, /* not the ID's year */
        {"18263", "", "", "bad_birth_year"},                        /* a date cell that lost its format */
        {"1949-02-29", "", "", "bad_birth_year"},                   /* no such day */
        {"1949-13-01", "", "", "bad_birth_year"},
        {"1949/12/31/1", "", "", "bad_birth_year"},
        {"19490031", "", "", "bad_birth_year"},
        {"", "男", "110105194912310046", "bad_gender"},             /* the ID says female */
        {"", "未知", "", "bad_gender"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char csv[512];
        snprintf(csv, sizeof csv, "姓名,院落,楼栋,单元,门牌,居住类型,出生日期,性别,身份证号\n甲,学道苑·东南里7号,1栋,13单元,%zu,常住,%s,%s,%s\n",
                 100 + i, cases[i].birth, cases[i].gender, cases[i].id);
        ImportReport rep;
        bool ok = run_import(csv, strlen(csv), IMPORT_CSV, true, "", &rep);
        if (!cases[i].code) {
            if (!ok) {
                dump(&rep);
                fail_msg("case %zu (%s): want no problem", i, cases[i].birth);
            }
        } else if (ok || rep.n_problems != 1 || strcmp(rep.problems[0].code, cases[i].code) != 0) {
            dump(&rep);
            fail_msg("case %zu (%s %s): want one %s", i, cases[i].birth, cases[i].gender, cases[i].code);
        }
        import_report_free(&rep);
    }
    ImportReport rep;
    const char *serial = "姓名,院落,楼栋,单元,门牌,居住类型,出生日期\n甲,学道苑·东南里7号,1栋,13单元,101,常住,18263\n";
    assert_false(run_import(serial, strlen(serial), IMPORT_CSV, true, "", &rep));
    assert_non_null(strstr(rep.problems[0].message, "日期"));
    import_report_free(&rep);

    /* stored: the year of the date, and the gender of the column when there is no ID number */
    const char *csv = "姓名,院落,楼栋,单元,门牌,居住类型,出生日期,性别\n周无证,学道苑·东南里7号,1栋,13单元,201,常住,1962年4月15日,女\n";
    bool ok = run_import(csv, strlen(csv), IMPORT_CSV, false, "", &rep);
    dump(&rep);
    assert_true(ok);
    import_report_free(&rep);
    DbStmt *st = db_query(g_db, "SELECT birth_year, gender FROM person WHERE name = ?", DB_T("周无证"));
    assert_int_equal(db_step(st), DB_ROW);
    assert_int_equal(db_col_int(st, 0), 1962);
    assert_string_equal(db_col_text(st, 1), "F");
    assert_true(db_done(st));
}

/* The committed .xlsx and .xls fixtures (tests/fixtures/README.md): the
 * format told by content, 出生日期 read as dates, the birth year stored. */
static void spreadsheet_fixtures_with_date_cells(void **state)
{
    size_t len;
    unsigned char *data = fixture("register_dates.xlsx", &len);
    ImportReport rep;
    Counts before = counts();
    bool ok = run_import(data, len, IMPORT_CSV, true, "", &rep); /* declared CSV: the content decides */
    dump(&rep);
    assert_true(ok);
    assert_string_equal(rep.format, "xlsx");
    assert_int_equal(rep.rows, 4);
    assert_int_equal(rep.households_new, 3);
    assert_int_equal(rep.n_columns, 13);
    for (int i = 1; i <= 13; i++)
        assert_int_equal(column(&rep, i)->dates, i == 10);
    assert_string_equal(column(&rep, 10)->field, "birth_year");
    assert_string_equal(column(&rep, 1)->field, "");
    assert_string_equal(column(&rep, 13)->field, "");
    assert_non_null(warning_with(&rep, "households_without_owner"));
    import_report_free(&rep);
    assert_counts_equal(before, counts());
    free(data);

    data = fixture("register_dates.xls", &len);
    ok = run_import(data, len, IMPORT_GUESS, false, "", &rep);
    dump(&rep);
    assert_true(ok);
    assert_string_equal(rep.format, "xls");
    assert_true(column(&rep, 10)->dates);
    assert_int_equal(rep.persons_new, 4);
    import_report_free(&rep);
    free(data);
    static const struct { const char *name; int year; const char *gender; } want[] = {
        {"赵一", 1949, "F"}, {"赵小明", 1985, "M"}, {"钱二", 1958, "M"}, {"孙三", 1962, "F"},
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        DbStmt *st = db_query(g_db, "SELECT birth_year, gender FROM person WHERE name = ?", DB_T(want[i].name));
        assert_int_equal(db_step(st), DB_ROW);
        assert_int_equal(db_col_int(st, 0), want[i].year);
        assert_string_equal(db_col_text(st, 1), want[i].gender);
        assert_true(db_done(st));
    }
    int64_t n;
    assert_true(db_int(g_db, &n, "SELECT COUNT(*) FROM audit_event WHERE entity = 'import' AND after_json LIKE '%\"format\":\"xls\"%'"));
    assert_int_equal(n, 1);

    /* a text file declared as a spreadsheet is refused, not read as CSV */
    const char *text = "姓名,院落\n甲,学道苑·东南里7号\n";
    assert_false(run_import(text, strlen(text), IMPORT_XLS, true, "", &rep));
    assert_non_null(strstr(rep.fatal, "不是 Excel 97–2003"));
    import_report_free(&rep);
}

/* Excel makes 3-1 typed into a general cell 1 March: a date in the door column is warned of. */
static void dates_in_a_column_that_holds_none_are_warned_of(void **state)
{
    char path[128];
    snprintf(path, sizeof path, "%s/doors.xlsx", g_dir);
    lxw_workbook *wb = workbook_new(path);
    lxw_worksheet *ws = workbook_add_worksheet(wb, NULL);
    lxw_format *date = workbook_add_format(wb);
    format_set_num_format_index(date, 14);
    const char *head[] = {"姓名", "院落", "楼栋", "单元", "门牌", "居住类型"};
    for (int i = 0; i < 6; i++)
        worksheet_write_string(ws, 0, (lxw_col_t)i, head[i], NULL);
    worksheet_write_string(ws, 1, 0, "吴门", NULL);
    worksheet_write_string(ws, 1, 1, "学道苑·东南里7号", NULL);
    worksheet_write_string(ws, 1, 2, "1栋", NULL);
    worksheet_write_string(ws, 1, 3, "14单元", NULL);
    worksheet_write_number(ws, 1, 4, 45352, date); /* 2024-03-01 */
    worksheet_write_string(ws, 1, 5, "常住", NULL);
    assert_int_equal(workbook_close(wb), LXW_NO_ERROR);
    size_t len;
    unsigned char *data = slurp(path, &len);
    ImportReport rep;
    assert_true(run_import(data, len, IMPORT_GUESS, true, "", &rep));
    assert_true(column(&rep, 5)->dates);
    const ImportProblem *w = warning_with(&rep, "dates_in_column");
    assert_non_null(w);
    assert_string_equal(w->column, "door");
    assert_non_null(strstr(w->message, "门牌"));
    import_report_free(&rep);
    free(data);
}

/* Finds a note of the report by code; NULL when there is none. */
static const ImportProblem *note_with(const ImportReport *rep, const char *code)
{
    for (int i = 0; i < rep->n_notes; i++)
        if (strcmp(rep->notes[i].code, code) == 0)
            return &rep->notes[i];
    return NULL;
}

/* Issue 9, item 3: an owner is a person, who may own several flats and
 * live in one of them, elsewhere in the register, or outside it. */
static void an_owner_of_two_flats_or_living_elsewhere_is_one_owner(void **state)
{
    const char *csv =
        "姓名,院落,楼栋,单元,门牌,居住类型,身份证号,是否产权人,面积,与户主关系\n"
        "甲,学道苑·东南里7号,2栋,6单元,101,常住,110105197001010011,是,60,户主\n"
        "甲,学道苑·东南里7号,2栋,6单元,102,常住,110105197001010011,是,55.5,户主\n"
        "乙,学道苑·东南里7号,2栋,6单元,102,流动,,否,,户主\n"
        "丙,学道苑·东南里7号,2栋,6单元,103,不在此居住,110105197202020021,是,70,\n"
        "老住户,学道苑·东南里7号,2栋,6单元,104,常住,11010519681010809X,是,61,户主\n"
        "丁,学道苑·东南里7号,2栋,6单元,104,流动,,否,,户主\n";
    ImportReport rep;
    Counts before = counts();
    char h[33];
    int64_t old_residents = 0; /* 老住户's rows (another test imported their number once more, unseen) */
    pii_hash("11010519681010809X", h);
    assert_true(db_int(g_db, &old_residents, "SELECT COUNT(*) FROM person WHERE id_hash = ?", DB_T(h)));
    bool ok = run_import(csv, strlen(csv), IMPORT_CSV, false, "", &rep);
    dump(&rep);
    assert_true(ok);
    assert_int_equal(rep.households_new, 4);
    assert_int_equal(rep.persons_new, 3); /* 甲 at 101, 乙 at 102, 丁 at 104 */
    const ImportProblem *n = note_with(&rep, "same_owner");
    assert_non_null(n);
    assert_int_equal(n->line, 3);
    assert_non_null(strstr(n->message, "第 2 行"));
    assert_int_equal(rep.n_notes, 2); /* line 3, and line 6 (in the register already) */
    assert_int_equal(rep.notes[1].line, 6);
    import_report_free(&rep);
    Counts after = counts();
    assert_int_equal(after.person, before.person + 3);
    assert_int_equal(after.owner, before.owner + 3); /* 甲, 丙, 老住户: one owner each */

    /* 甲 is one owner of two flats, with the two areas */
    pii_hash("110105197001010011", h);
    int64_t n_flats = 0, area = 0, person = 0;
    assert_true(db_int(g_db, &n_flats, "SELECT COUNT(*) FROM ownership s JOIN owner o ON o.id = s.owner_id WHERE o.owner_key = ?",
                       DB_T(h)));
    assert_int_equal(n_flats, 2);
    assert_true(db_int(g_db, &area,
                       "SELECT SUM(f.area) FROM ownership s JOIN owner o ON o.id = s.owner_id JOIN flat f ON f.id = s.flat_id "
                       "WHERE o.owner_key = ?",
                       DB_T(h)));
    assert_int_equal(area, 6000 + 5550);
    assert_true(db_int(g_db, &person, "SELECT COUNT(*) FROM person WHERE id_hash = ?", DB_T(h)));
    assert_int_equal(person, 1); /* a resident of 101 only */
    /* 丙 lives outside the register: an owner without a person */
    pii_hash("110105197202020021", h);
    DbStmt *st = db_query(g_db, "SELECT o.person_id, o.id_mask, f.door FROM owner o JOIN ownership s ON s.owner_id = o.id "
                                "JOIN flat f ON f.id = s.flat_id WHERE o.owner_key = ?",
                          DB_T(h));
    assert_int_equal(db_step(st), DB_ROW);
    assert_true(db_col_null(st, 0));
    assert_string_equal(db_col_text(st, 1), "110105********0021");
    assert_string_equal(db_col_text(st, 2), "103");
    assert_true(db_done(st));
    /* 老住户 lives at 1栋1单元101 and owns 2栋6单元104: linked to their person row */
    pii_hash("11010519681010809X", h);
    st = db_query(g_db, "SELECT p.name, f.door FROM owner o JOIN person p ON p.id = o.person_id "
                        "JOIN ownership s ON s.owner_id = o.id JOIN flat f ON f.id = s.flat_id WHERE o.owner_key = ?",
                  DB_T(h));
    assert_int_equal(db_step(st), DB_ROW);
    assert_string_equal(db_col_text(st, 0), "老住户");
    assert_string_equal(db_col_text(st, 1), "104");
    assert_true(db_done(st));
    assert_true(db_int(g_db, &person, "SELECT COUNT(*) FROM person WHERE id_hash = ?", DB_T(h)));
    assert_int_equal(person, old_residents); /* an owner here, not a resident a second time */

    /* who is not an owner cannot live elsewhere, and one person lives in one household */
    const char *bad =
        "姓名,院落,楼栋,单元,门牌,居住类型,身份证号,是否产权人,面积\n"
        "戊,学道苑·东南里7号,2栋,6单元,105,不在此居住,110105197503030039,否,60\n"
        "己,学道苑·东南里7号,2栋,6单元,106,常住,110105198004040042,否,60\n"
        "己,学道苑·东南里7号,2栋,6单元,107,常住,110105198004040042,否,60\n";
    before = counts();
    assert_false(run_import(bad, strlen(bad), IMPORT_CSV, false, "", &rep));
    if (rep.n_problems != 2)
        dump(&rep);
    assert_int_equal(rep.n_problems, 2);
    assert_int_equal(rep.problems[0].line, 2);
    assert_string_equal(rep.problems[0].code, "bad_residency");
    assert_int_equal(rep.problems[1].line, 4);
    assert_string_equal(rep.problems[1].code, "duplicate");
    import_report_free(&rep);
    assert_counts_equal(before, counts());
}

/* The duplicate check is no oracle for owners either: an importer who may
 * not see full ID numbers gets, for an owner row whose number an owner on
 * the register has, the report and the rows a fresh number would give (a
 * resident, a new owner; the duplicates audited); one who may is told and
 * the flat joins that owner. Owners sharing a number count as one. */
static void an_owner_on_the_register_is_joined_only_by_who_sees_it(void **state)
{
    char h[33];
    pii_hash("110105197607070019", h);
    const char *first = "姓名,院落,楼栋,单元,门牌,居住类型,身份证号,是否产权人,面积\n"
                        "子,学道苑·东南里7号,2栋,9单元,101,常住,110105197607070019,是,60\n";
    ImportReport rep;
    bool ok = run_import(first, strlen(first), IMPORT_CSV, false, "", &rep);
    dump(&rep);
    assert_true(ok);
    import_report_free(&rep);

    /* unseen: the same answer as a fresh number's */
    const char *unseen = "姓名,院落,楼栋,单元,门牌,居住类型,身份证号,是否产权人,面积\n"
                         "子二,学道苑·东南里7号,2栋,9单元,102,常住,110105197607070019,是,60\n";
    const char *fresh = "姓名,院落,楼栋,单元,门牌,居住类型,身份证号,是否产权人,面积\n"
                        "丑,学道苑·东南里7号,2栋,9单元,102,常住,110105197607070027,是,60\n";
    ImportReport a, b;
    assert_true(run_import_as(fresh, strlen(fresh), IMPORT_CSV, true, "", false, &b));
    int64_t dups = 0, after = 0;
    assert_true(db_int(g_db, &dups, "SELECT COUNT(*) FROM audit_event WHERE action = 'id_duplicate'"));
    ok = run_import_as(unseen, strlen(unseen), IMPORT_CSV, false, "", false, &a);
    dump(&a);
    assert_true(ok);
    assert_int_equal(a.n_problems, b.n_problems);
    assert_int_equal(a.n_notes, 0);
    assert_int_equal(b.n_notes, 0);
    assert_int_equal(a.persons_new, b.persons_new);
    assert_int_equal(a.households_new, b.households_new);
    import_report_free(&a);
    import_report_free(&b);
    int64_t owners = 0, flats = 0;
    assert_true(db_int(g_db, &owners, "SELECT COUNT(*) FROM owner WHERE owner_key = ?", DB_T(h)));
    assert_int_equal(owners, 2); /* one number, two owner rows: one owner in every count */
    assert_true(db_int(g_db, &after, "SELECT COUNT(*) FROM audit_event WHERE action = 'id_duplicate'"));
    assert_int_equal(after, dups + 2); /* the resident and the owner */

    /* seen: told, and joined to the first owner */
    const char *seen = "姓名,院落,楼栋,单元,门牌,居住类型,身份证号,是否产权人,面积\n"
                       "子,学道苑·东南里7号,2栋,9单元,103,常住,110105197607070019,是,60\n";
    ok = run_import_as(seen, strlen(seen), IMPORT_CSV, false, "", true, &a);
    dump(&a);
    assert_true(ok);
    assert_int_equal(a.n_notes, 1);
    assert_string_equal(a.notes[0].code, "same_owner");
    assert_int_equal(a.persons_new, 0);
    import_report_free(&a);
    assert_true(db_int(g_db, &owners, "SELECT COUNT(*) FROM owner WHERE owner_key = ?", DB_T(h)));
    assert_int_equal(owners, 2);
    assert_true(db_int(g_db, &flats,
                       "SELECT COUNT(*) FROM ownership s WHERE s.owner_id = (SELECT MIN(id) FROM owner WHERE owner_key = ?)",
                       DB_T(h)));
    assert_int_equal(flats, 2); /* 101 and 103 */
}

/* Issue 9, item 4: two heads at one door are two households, and the
 * report says so; a household number column says it directly. */
static void two_heads_at_one_door_are_two_households_and_the_report_says_why(void **state)
{
    const char *csv =
        "姓名,院落,楼栋,单元,门牌,居住类型,与户主关系,面积\n"
        "张一,学道苑·东南里7号,2栋,7单元,101,常住,户主,60\n"
        "张二,学道苑·东南里7号,2栋,7单元,101,常住,配偶,\n"
        "李一,学道苑·东南里7号,2栋,7单元,101,流动,户主,\n"
        "李二,学道苑·东南里7号,2栋,7单元,101,流动,子女,\n";
    ImportReport rep;
    bool ok = run_import(csv, strlen(csv), IMPORT_CSV, false, "", &rep);
    dump(&rep);
    assert_true(ok);
    assert_int_equal(rep.households_new, 2);
    assert_int_equal(rep.persons_new, 4);
    const ImportProblem *n = note_with(&rep, "split_by_head");
    assert_non_null(n);
    assert_int_equal(n->line, 4);
    assert_non_null(strstr(n->message, "第 2 行"));
    import_report_free(&rep);
    /* one flat, two households, each with its own people */
    int64_t flats = 0;
    assert_true(db_int(g_db, &flats,
                       "SELECT COUNT(DISTINCT h.flat_id) FROM household h JOIN node u ON u.id = h.unit_id "
                       "WHERE u.name = '7单元' AND h.building_id = ? AND h.door = '101'",
                       DB_I(g_b2)));
    assert_int_equal(flats, 1);
    DbStmt *st = db_query(g_db,
                          "SELECT h.number, h.address, (SELECT group_concat(p.name) FROM person p WHERE p.household_id = h.node_id) "
                          "FROM household h JOIN node u ON u.id = h.unit_id WHERE u.name = '7单元' AND h.building_id = ? "
                          "ORDER BY h.number",
                          DB_I(g_b2));
    assert_int_equal(db_step(st), DB_ROW);
    assert_string_equal(db_col_text(st, 0), "");
    assert_string_equal(db_col_text(st, 1), "学道苑·东南里7号2栋7单元101");
    assert_string_equal(db_col_text(st, 2), "张一,张二");
    assert_int_equal(db_step(st), DB_ROW);
    assert_string_equal(db_col_text(st, 0), "2");
    assert_string_equal(db_col_text(st, 1), "学道苑·东南里7号2栋7单元101（户号2）");
    assert_string_equal(db_col_text(st, 2), "李一,李二");
    assert_int_equal(db_step(st), DB_DONE);
    assert_true(db_done(st));

    /* a 户号 column: the numbers say which household; two heads under one number are one household, said so */
    const char *numbered =
        "姓名,院落,楼栋,单元,门牌,居住类型,与户主关系,户号\n"
        "王一,学道苑·东南里7号,2栋,8单元,101,常住,户主,A1\n"
        "王二,学道苑·东南里7号,2栋,8单元,101,常住,户主,A2\n"
        "王三,学道苑·东南里7号,2栋,8单元,101,常住,子女,A1\n"
        "王四,学道苑·东南里7号,2栋,8单元,101,常住,户主,A1\n";
    ok = run_import(numbered, strlen(numbered), IMPORT_CSV, false, "", &rep);
    dump(&rep);
    assert_true(ok);
    assert_int_equal(rep.households_new, 2);
    n = note_with(&rep, "merged_heads");
    assert_non_null(n);
    assert_int_equal(n->line, 5);
    assert_non_null(strstr(n->message, "第 2 行"));
    n = note_with(&rep, "split_by_number");
    assert_non_null(n);
    assert_non_null(strstr(n->message, "2 户"));
    import_report_free(&rep);
    st = db_query(g_db,
                  "SELECT h.number, (SELECT group_concat(p.name) FROM person p WHERE p.household_id = h.node_id) "
                  "FROM household h JOIN node u ON u.id = h.unit_id WHERE u.name = '8单元' AND h.building_id = ? "
                  "ORDER BY h.number",
                  DB_I(g_b2));
    assert_int_equal(db_step(st), DB_ROW);
    assert_string_equal(db_col_text(st, 0), "A1");
    assert_string_equal(db_col_text(st, 1), "王一,王三,王四");
    assert_int_equal(db_step(st), DB_ROW);
    assert_string_equal(db_col_text(st, 0), "A2");
    assert_string_equal(db_col_text(st, 1), "王二");
    assert_int_equal(db_step(st), DB_DONE);
    assert_true(db_done(st));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(good_csv_dry_run_writes_nothing_then_real_run_imports_everything),
        cmocka_unit_test(bad_csv_reports_every_row_and_writes_nothing),
        cmocka_unit_test(gbk_csv_is_converted_and_reported),
        cmocka_unit_test(xlsx_import_and_ids_stored_as_numbers),
        cmocka_unit_test(duplicates_within_the_file_and_against_the_register),
        cmocka_unit_test(an_id_on_the_register_is_reported_only_to_who_sees_it),
        cmocka_unit_test(header_problems_are_fatal_and_name_the_columns),
        cmocka_unit_test(csv_quirks_and_line_numbers),
        cmocka_unit_test(scope_limits_the_compounds),
        cmocka_unit_test(owners_need_an_area),
        cmocka_unit_test(row_rules_table),
        cmocka_unit_test(suggestions_for_unknown_names),
        cmocka_unit_test(report_names_every_column_and_what_is_missing),
        cmocka_unit_test(households_without_owner_or_area_are_warned_of),
        cmocka_unit_test(birth_dates_and_gender),
        cmocka_unit_test(spreadsheet_fixtures_with_date_cells),
        cmocka_unit_test(dates_in_a_column_that_holds_none_are_warned_of),
        cmocka_unit_test(an_owner_of_two_flats_or_living_elsewhere_is_one_owner),
        cmocka_unit_test(an_owner_on_the_register_is_joined_only_by_who_sees_it),
        cmocka_unit_test(two_heads_at_one_door_are_two_households_and_the_report_says_why),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
