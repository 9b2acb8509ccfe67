/* import.h: household register import from CSV, XLSX and XLS.
 *
 * Columns (header row, Chinese or English names, any order):
 *   compound/院落, building/楼栋, unit/单元, door/门牌, area/面积 (m², up to 2 decimals),
 *   housing/住房性质, name/姓名, id_number/身份证号, phone/电话,
 *   birth_year/出生年份 or 出生日期 (a year, or a date: 1949-12-31, 1949/12/31,
 *   1949年12月31日, or a date cell of the spreadsheet),
 *   residency/居住类型 (常住|流动|permanent|floating), relation/与户主关系,
 *   tags/标签 (separated by ; or 、), owner/是否产权人 (是/否), gender/性别 (男/女),
 *   household_no/户号 (tells households at one door apart)
 * Other columns (序号, 备注, ...) are ignored, and the report says so.
 * One row per resident, or per owner who lives elsewhere (居住类型
 * 不在此居住, with 是否产权人 是). Rows with the same compound+building+unit+
 * door are one flat (房, with one area); its rows form one household, or
 * several when the file says so: by 户号, or, without that column, by a
 * second 户主 at the door. A person is one owner of every flat they own:
 * an owner row whose ID number appeared before (in the file or the
 * register) at another flat adds that flat to the same owner instead of a
 * second resident. The report's notes say what was split or merged, and
 * why. Buildings and compounds must exist; units, flats and households are
 * created when missing.
 *
 * A dry run reports every bad row with its line and reason and writes
 * nothing. A real run checks everything first and then imports all rows in
 * one transaction, or none. GBK/GB18030 files are detected and converted,
 * and the report says so. The file type is told by content, not by name:
 * OLE2 (D0 CF 11 E0 A1 B1 1A E1) is .xls, ZIP (PK\3\4) is .xlsx, else CSV.
 * Every report lists each column as used or ignored (and whether its cells
 * were read as dates), warns of what the register will lack (no owners, no
 * areas), and suggests the nearest compound names for unknown ones. */
#ifndef GZ_IMPORT_H
#define GZ_IMPORT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "grid/suggest.h"
#include "grid/xlsx_read.h"
#include "store/db.h"

typedef struct ImportProblem {
    int line;            /* 1-based line (CSV) or row (XLSX) of the file */
    char column[32];     /* column name, or "" */
    char code[32];       /* stable code: bad_id, unknown_building, duplicate, bad_area, ... */
    char message[256];   /* a sentence in Chinese */
} ImportProblem;

/* One column of the file as the import read it. */
typedef struct ImportColumn {
    int index;           /* 1-based column of the file (A = 1) */
    char header[100];    /* the header as written (clipped), "" when the column has none */
    char field[32];      /* the register field it fills ("name", "birth_year", ...), "" when ignored */
    char field_zh[32];   /* that field's Chinese name, "" when ignored */
    bool dates;          /* some of its cells were date cells, read as ISO dates */
} ImportColumn;

/* A compound name of the file that names no compound, and the nearest that do. */
typedef struct ImportSuggestion {
    char name[200];
    int n;
    char names[SUGGEST_MAX][200];
} ImportSuggestion;

typedef struct ImportReport {
    int rows;               /* data rows read */
    int households_new;     /* households that would be / were created */
    int persons_new;
    int n_problems;
    ImportProblem *problems; /* malloc'd */
    int n_notes;
    ImportProblem *notes;    /* malloc'd: what the import split or merged and why (not problems) */
    bool converted_from_gbk;
    char fatal[256];        /* file-level error (not CSV, bad XLSX, no header); "" if none */
    char format[8];         /* "csv", "xlsx" or "xls": what the content was read as; "" before that */
    int n_columns;
    ImportColumn *columns;  /* malloc'd: every column with a header or with values */
    int n_warnings;
    ImportProblem *warnings; /* malloc'd: what the register will lack; line 0 for the whole file */
    int n_suggestions;
    ImportSuggestion *suggestions; /* malloc'd: one per unknown compound name */
} ImportReport;

/* The format the caller expects; the content decides between the spreadsheet
 * formats, and a text file declared XLSX or XLS is refused. */
typedef enum { IMPORT_CSV, IMPORT_XLSX, IMPORT_XLS, IMPORT_GUESS } ImportFormat;

/* Parses, validates against the register, and (unless dry_run) imports inside
 * the caller's transaction. scope_path limits the compounds an importer may
 * touch ("" = anywhere). full_view: the importer may see full ID numbers in
 * the whole scope; only then is a row whose ID number is already on the
 * register (inside the scope) refused as a duplicate. Otherwise the answer
 * would tell them whose number it is: such a row is imported like any
 * other and the duplicate written to the audit log. Returns true when the
 * file had no problems (and, for a real run, was imported); the caller
 * rolls back when it returns false. */
bool import_register(Db *db, int64_t actor_id, const char *scope_path, bool full_view,
                     const unsigned char *data, size_t len, ImportFormat fmt,
                     bool dry_run, ImportReport *rep);
void import_report_free(ImportReport *rep);

/* import_register's first step on its own (the fuzz harness tests/fuzz/fuzz_csv.c
 * feeds it uploads): the bytes as rows of UTF-8 text, whatever the declared
 * format says. CSV may be UTF-8 (a BOM is dropped) or GBK; what was read is
 * in rep->format, a file-level error in rep->fatal. Free the sheet with
 * xlsx_sheet_free when it returns true. */
bool import_read_rows(const unsigned char *data, size_t len, ImportFormat fmt, XlsxSheet *sheet, ImportReport *rep);

/* The Chinese name of a column key of the report ("id_number" -> "身份证号"); "" for none. */
const char *import_column_zh(const char *key);

#endif
