/* import.h: household register import from CSV and XLSX.
 *
 * Columns (header row, Chinese or English names, any order):
 *   compound/院落, building/楼栋, unit/单元, door/门牌, area/面积 (m², up to 2 decimals),
 *   housing/住房性质, name/姓名, id_number/身份证号, phone/电话, birth_year/出生年份,
 *   residency/居住类型 (常住|流动|permanent|floating), relation/与户主关系,
 *   tags/标签 (separated by ; or 、), owner/是否产权人 (是/否)
 * One row per resident; rows with the same compound+building+unit+door form
 * one household. Buildings and compounds must exist; units and households are
 * created when missing.
 *
 * A dry run reports every bad row with its line and reason and writes
 * nothing. A real run checks everything first and then imports all rows in
 * one transaction, or none. GBK/GB18030 files are detected and converted,
 * and the report says so. */
#ifndef GZ_IMPORT_H
#define GZ_IMPORT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "store/db.h"

typedef struct ImportProblem {
    int line;            /* 1-based line (CSV) or row (XLSX) of the file */
    char column[32];     /* column name, or "" */
    char code[32];       /* stable code: bad_id, unknown_building, duplicate, bad_area, ... */
    char message[256];   /* a sentence in Chinese */
} ImportProblem;

typedef struct ImportReport {
    int rows;               /* data rows read */
    int households_new;     /* households that would be / were created */
    int persons_new;
    int n_problems;
    ImportProblem *problems; /* malloc'd */
    bool converted_from_gbk;
    char fatal[256];        /* file-level error (not CSV, bad XLSX, no header); "" if none */
} ImportReport;

typedef enum { IMPORT_CSV, IMPORT_XLSX, IMPORT_GUESS } ImportFormat;

/* Parses, validates against the register, and (unless dry_run) imports inside
 * the caller's transaction. scope_path limits the compounds an importer may
 * touch ("" = anywhere). Returns true when the file had no problems (and, for
 * a real run, was imported); the caller rolls back when it returns false. */
bool import_register(Db *db, int64_t actor_id, const char *scope_path,
                     const unsigned char *data, size_t len, ImportFormat fmt,
                     bool dry_run, ImportReport *rep);
void import_report_free(ImportReport *rep);

#endif
