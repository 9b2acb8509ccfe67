/* xls_read.c: reads the first worksheet of a .xls workbook (BIFF5/BIFF8 in an OLE2 compound file) through libfreexl, after checking what the file declares.
 *
 * libfreexl reads only from a path, so the upload is handed to it as a
 * memory file (memfd_create): the register never touches the disk.
 *
 * Why a check before libfreexl: freexl_open allocates and fills rows x
 * columns cells for every sheet as its DIMENSION record (or its farthest
 * cell) declares them, and turns a date cell into text by counting its days
 * one at a time. A 7 KB file that declares 1,048,576 rows x 1,024 columns,
 * or holds a date cell of 2,000,000,000, takes gigabytes or minutes. So the
 * workbook stream is located in the compound file (header, FAT, directory,
 * mini stream: libgsf reads these too, but would bring GLib for this one
 * check) and its records are walked once for the extents they declare and
 * use and for numbers in date-formatted cells. What the walk cannot follow
 * is refused, never passed on. */
#include "grid/xls_read.h"

#include <freexl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#define XLS_MAX_CELLS 4000000u   /* rows x columns over all sheets: libfreexl keeps 16 bytes a cell */
#define XLS_MAX_ROWS 100000      /* as xlsx_read */
#define XLS_MAX_COLS 200
#define XLS_MAX_SERIAL 2958465.0 /* 9999-12-31 */
#define CFB_END 0xFFFFFFFEu

static const unsigned char k_ole2[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fputs("gongzhi: out of memory\n", stderr);
        abort();
    }
    return q;
}

bool xls_is_ole2(const unsigned char *data, size_t len)
{
    return data && len >= sizeof k_ole2 && memcmp(data, k_ole2, sizeof k_ole2) == 0;
}

static uint16_t le16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* ---- the compound file: just enough to find the workbook stream ---------- */

/* Follows a chain of units (sectors, or mini sectors of the mini stream)
 * from start through table, copying want bytes (or, with exact false, up to
 * want). NULL when the chain leaves the file, loops or ends early. */
static unsigned char *read_chain(const unsigned char *base, size_t unit, size_t n_units, const uint32_t *table,
                                 size_t n_table, uint32_t start, size_t want, bool exact, size_t *got)
{
    if (want > n_units * unit)
        return NULL;
    unsigned char *out = xrealloc(NULL, want);
    size_t have = 0, steps = 0;
    for (uint32_t n = start; have < want && n != CFB_END; n = table[n]) {
        if (n >= n_units || n >= n_table || steps++ >= n_units) {
            free(out);
            return NULL;
        }
        size_t k = want - have < unit ? want - have : unit;
        memcpy(out + have, base + (size_t)n * unit, k);
        have += k;
    }
    if (exact && have < want) {
        free(out);
        return NULL;
    }
    *got = have;
    return out;
}

static uint32_t *table_of(const unsigned char *bytes, size_t len, size_t *n)
{
    *n = len / 4;
    uint32_t *t = xrealloc(NULL, *n * sizeof *t);
    for (size_t i = 0; i < *n; i++)
        t[i] = le32(bytes + 4 * i);
    return t;
}

/* A directory entry's name (UTF-16LE) is want, compared as the format does, without case. */
static bool entry_named(const unsigned char *e, const char *want)
{
    size_t n = le16(e + 64) / 2, k = strlen(want);
    if (n != k + 1) /* the length counts the terminating NUL */
        return false;
    for (size_t i = 0; i < k; i++) {
        unsigned c = le16(e + 2 * i);
        if (c > 127 || (c | 0x20) != (unsigned)(want[i] | 0x20))
            return false;
    }
    return true;
}

static bool walk_biff(const unsigned char *s, size_t n, char *err, size_t errlen);

/* Finds every workbook stream ("Workbook", BIFF8; "Book", BIFF5: files saved
 * for Excel 95 and 97 at once hold both) and walks each: whichever libfreexl
 * reads has been checked. False with err filled when one fails, when the
 * compound file cannot be followed, or when there is none. */
static bool check_workbook_streams(const unsigned char *d, size_t len, char *err, size_t errlen)
{
    static const char damaged[] = "文件已损坏，无法按 Excel 97–2003 工作簿（.xls）读取";
    unsigned char *dir = NULL, *minifat = NULL, *ministream = NULL;
    uint32_t *fat = NULL, *minitable = NULL;
    size_t n_fat = 0, n_mini = 0, dir_len = 0, mf_len = 0, ms_len = 0;
    bool ok = false;
    int streams = 0;
    snprintf(err, errlen, "%s", damaged);
    if (len < 512 || !xls_is_ole2(d, len))
        return false;
    unsigned shift = le16(d + 30);
    /* 4096 is the only mini stream cutoff the format allows: another would
     * let this check and libfreexl read different bytes. */
    if ((shift != 9 && shift != 12) || le16(d + 32) != 6 || le32(d + 56) != 4096)
        return false;
    size_t ssz = (size_t)1 << shift, per = ssz / 4;
    if (len < 2 * ssz)
        return false;
    size_t n_sectors = len / ssz - 1; /* whole sectors after the header */
    const unsigned char *sectors = d + ssz;
    uint32_t n_fat_sectors = le32(d + 44), dir_start = le32(d + 48);
    uint32_t minifat_start = le32(d + 60), difat_next = le32(d + 68);
    if (n_fat_sectors == 0 || n_fat_sectors > n_sectors)
        return false;

    /* The FAT: its sectors are listed in the header (109) and then in a chain of DIFAT sectors. */
    n_fat = (size_t)n_fat_sectors * per;
    fat = xrealloc(NULL, n_fat * sizeof *fat);
    const unsigned char *difat = NULL;
    size_t di = per - 1, difat_steps = 0;
    for (size_t i = 0; i < n_fat_sectors; i++) {
        uint32_t id;
        if (i < 109)
            id = le32(d + 76 + 4 * i);
        else {
            if (di == per - 1) {
                if (difat_next >= n_sectors || difat_steps++ >= n_sectors)
                    goto done;
                difat = sectors + (size_t)difat_next * ssz;
                difat_next = le32(difat + 4 * (per - 1));
                di = 0;
            }
            id = le32(difat + 4 * di++);
        }
        if (id >= n_sectors)
            goto done;
        for (size_t k = 0; k < per; k++)
            fat[i * per + k] = le32(sectors + (size_t)id * ssz + 4 * k);
    }

    dir = read_chain(sectors, ssz, n_sectors, fat, n_fat, dir_start, n_sectors * ssz, false, &dir_len);
    if (!dir || dir_len < 128 || dir[66] != 5) /* entry 0 is the root */
        goto done;
    for (size_t off = 0; off + 128 <= dir_len; off += 128) {
        const unsigned char *e = dir + off;
        if (e[66] != 2 || (!entry_named(e, "Workbook") && !entry_named(e, "Book")))
            continue;
        streams++;
        uint32_t start = le32(e + 116), size = le32(e + 120);
        size_t slen = 0;
        unsigned char *stream = NULL;
        if (size > len)
            goto done;
        if (size >= 4096)
            stream = read_chain(sectors, ssz, n_sectors, fat, n_fat, start, size, true, &slen);
        else {
            /* Small streams live in the mini stream, 64-byte mini sectors chained by the mini FAT. */
            if (!ministream) {
                uint32_t root_size = le32(dir + 120);
                minifat = read_chain(sectors, ssz, n_sectors, fat, n_fat, minifat_start, n_sectors * ssz, false, &mf_len);
                if (root_size <= len)
                    ministream = read_chain(sectors, ssz, n_sectors, fat, n_fat, le32(dir + 116), root_size, true, &ms_len);
                if (!minifat || !ministream)
                    goto done;
                minitable = table_of(minifat, mf_len, &n_mini);
            }
            stream = read_chain(ministream, 64, ms_len / 64, minitable, n_mini, start, size, true, &slen);
        }
        if (!stream)
            goto done;
        err[0] = 0;
        bool safe = walk_biff(stream, slen, err, errlen);
        free(stream);
        if (!safe)
            goto done;
    }
    if (!streams)
        snprintf(err, errlen, "这个文件不是 Excel 工作簿（可能是 Word 或 PowerPoint 文件）");
    ok = streams > 0;
done:
    if (!ok && !err[0])
        snprintf(err, errlen, "%s", damaged);
    free(fat);
    free(dir);
    free(minifat);
    free(ministream);
    free(minitable);
    return ok;
}

/* ---- the BIFF records: extents and date cells ---------------------------- */

/* Could libfreexl read the numbers of this format as dates? Wider than
 * xlsx_numfmt_kind on purpose (any y, m, d, h or s, even quoted): this only
 * guards libfreexl's day counting. */
static bool format_may_be_date(const char *code)
{
    return strpbrk(code, "yYmMdDhHsS") != NULL;
}

static bool builtin_may_be_date(unsigned id)
{
    return (id >= 14 && id <= 22) || (id >= 27 && id <= 36) || (id >= 45 && id <= 47) || (id >= 50 && id <= 58);
}

/* An RK number (a packed 30-bit integer or the top of a double, maybe / 100). */
static double rk_value(uint32_t rk)
{
    double v;
    if (rk & 2)
        v = (double)((int32_t)rk >> 2);
    else {
        uint64_t bits = (uint64_t)(rk & 0xFFFFFFFCu) << 32;
        memcpy(&v, &bits, sizeof v);
    }
    return rk & 1 ? v / 100 : v;
}

typedef struct Walk {
    unsigned char *fmt_date;  /* per FORMAT id (0..65535): may show a date */
    unsigned char *xf_date;   /* per XF index: its format may show a date */
    size_t n_xf;
    uint64_t rows, cols, max_row, max_col, cells;
    bool any_cell;
} Walk;

static void walk_end_sheet(Walk *w)
{
    uint64_t rows = w->rows, cols = w->cols;
    if (w->any_cell) {
        rows = rows > w->max_row + 1 ? rows : w->max_row + 1;
        cols = cols > w->max_col + 1 ? cols : w->max_col + 1;
    }
    w->cells += rows * cols;
    w->rows = w->cols = w->max_row = w->max_col = 0;
    w->any_cell = false;
}

static void walk_cell(Walk *w, unsigned row, unsigned col)
{
    w->any_cell = true;
    if (row > w->max_row)
        w->max_row = row;
    if (col > w->max_col)
        w->max_col = col;
}

/* A number in a cell of style xf: false when libfreexl would count its days
 * past 9999-12-31 (or, not finite, convert it to int undefined). */
static bool walk_number_ok(const Walk *w, unsigned xf, double v)
{
    if (xf >= w->n_xf || !w->xf_date[xf])
        return true;
    return isfinite(v) && v <= XLS_MAX_SERIAL;
}

/* Walks every record of the stream. Returns false with err filled when the
 * sheets are too large for libfreexl to hold, or a date cell is absurd. */
static bool walk_biff(const unsigned char *s, size_t n, char *err, size_t errlen)
{
    Walk w;
    memset(&w, 0, sizeof w);
    w.fmt_date = calloc(65536, 1);
    w.xf_date = NULL;
    if (!w.fmt_date) {
        snprintf(err, errlen, "内存不足");
        return false;
    }
    bool ok = true, biff8 = true, bad_date = false;
    size_t xf_cap = 0;
    for (size_t pos = 0; pos + 4 <= n && ok;) {
        unsigned type = le16(s + pos), rl = le16(s + pos + 2);
        const unsigned char *r = s + pos + 4;
        if (pos + 4 + rl > n)
            break; /* a truncated last record: libfreexl stops there too */
        pos += 4 + (size_t)rl;
        switch (type) {
        case 0x0809: /* BOF: a substream (the globals, then one per sheet) begins */
            if (rl >= 2)
                biff8 = le16(r) == 0x0600;
            walk_end_sheet(&w);
            break;
        case 0x002F: /* FILEPASS */
            snprintf(err, errlen, "工作簿设置了打开密码：请在 Excel 或 WPS 中取消密码后另存，再导入");
            ok = false;
            break;
        case 0x041E: /* FORMAT: id, then the code */
            if (rl >= 3) {
                char code[256];
                size_t k = 0;
                if (biff8 && rl >= 5) {
                    unsigned cch = le16(r + 2), wide = r[4] & 1;
                    for (size_t i = 0; i < cch && k < sizeof code - 1 && 5 + (i + 1) * (wide + 1) <= rl; i++) {
                        unsigned c = wide ? le16(r + 5 + 2 * i) : r[5 + i];
                        code[k++] = c < 128 ? (char)c : '?';
                    }
                } else if (!biff8) {
                    for (size_t i = 0; i < r[2] && 3 + i < rl && k < sizeof code - 1; i++)
                        code[k++] = (char)r[3 + i];
                }
                code[k] = 0;
                w.fmt_date[le16(r)] = format_may_be_date(code);
            }
            break;
        case 0x00E0: /* XF: its format id at +2 */
            if (rl >= 4 && w.n_xf < 65536) {
                if (w.n_xf == xf_cap) {
                    xf_cap = xf_cap ? xf_cap * 2 : 256;
                    w.xf_date = xrealloc(w.xf_date, xf_cap);
                }
                unsigned id = le16(r + 2);
                w.xf_date[w.n_xf++] = builtin_may_be_date(id) || w.fmt_date[id];
            }
            break;
        case 0x0200: /* DIMENSION: first row, last row + 1, first column, last column + 1 */
            if (biff8 && rl >= 14) {
                w.rows = le32(r + 4);
                w.cols = le16(r + 10);
            } else if (!biff8 && rl >= 10) {
                w.rows = le16(r + 2);
                w.cols = le16(r + 6);
            } else
                ok = false;
            break;
        case 0x0203: /* NUMBER: row, column, xf, double */
            if (rl >= 14) {
                double v;
                memcpy(&v, r + 6, sizeof v);
                bad_date |= !walk_number_ok(&w, le16(r + 4), v);
            }
            if (rl >= 4)
                walk_cell(&w, le16(r), le16(r + 2));
            break;
        case 0x027E: /* RK: row, column, xf, rk */
            if (rl >= 10)
                bad_date |= !walk_number_ok(&w, le16(r + 4), rk_value(le32(r + 6)));
            if (rl >= 4)
                walk_cell(&w, le16(r), le16(r + 2));
            break;
        case 0x00BD: /* MULRK: row, first column, (xf, rk) ..., last column */
        case 0x00BE: /* MULBLANK: row, first column, xf ..., last column */
            if (rl >= 6) {
                for (size_t i = 4; type == 0x00BD && i + 6 + 2 <= rl; i += 6)
                    bad_date |= !walk_number_ok(&w, le16(r + i), rk_value(le32(r + i + 2)));
                walk_cell(&w, le16(r), le16(r + 2));
                walk_cell(&w, le16(r), le16(r + rl - 2));
            }
            break;
        case 0x00FD: /* LABELSST */
        case 0x0204: /* LABEL */
        case 0x0205: /* BOOLERR */
        case 0x0201: /* BLANK */
        case 0x0006: /* FORMULA */
        case 0x00D6: /* RSTRING */
            if (rl >= 4)
                walk_cell(&w, le16(r), le16(r + 2));
            break;
        default:
            break;
        }
        if (w.cells > XLS_MAX_CELLS)
            break;
    }
    walk_end_sheet(&w);
    if (ok && w.cells > XLS_MAX_CELLS) {
        snprintf(err, errlen,
                 "工作簿的使用范围太大（各工作表共 %llu 个单元格，最多 %u 个）：请删除多余的空行、空列和其他工作表后再导入",
                 (unsigned long long)w.cells, XLS_MAX_CELLS);
        ok = false;
    } else if (ok && bad_date) {
        snprintf(err, errlen, "工作簿中有超出 9999-12-31 的日期单元格：请检查设置为日期格式的数字");
        ok = false;
    } else if (!ok && !err[0])
        snprintf(err, errlen, "文件已损坏，无法按 Excel 97–2003 工作簿（.xls）读取");
    free(w.fmt_date);
    free(w.xf_date);
    return ok;
}

/* ---- reading through libfreexl ------------------------------------------- */

static const char *freexl_message(int rc)
{
    switch (rc) {
    case FREEXL_INSUFFICIENT_MEMORY:
        return "内存不足，无法读取这个 .xls 文件";
    case FREEXL_INVALID_CHARACTER:
    case FREEXL_UNSUPPORTED_CHARSET:
        return ".xls 文件中有无法识别的文字编码：请在 Excel 或 WPS 中另存为 .xlsx 后再导入";
    default:
        return "文件已损坏，无法按 Excel 97–2003 工作簿（.xls）读取";
    }
}

typedef struct CellTmp {
    unsigned col;
    char *text;
    bool date;
} CellTmp;

/* libfreexl's own reading, in whatever process calls it. */
static bool read_inproc(const unsigned char *data, size_t len, XlsxSheet *out, char *err, size_t errlen)
{
    int fd = memfd_create("gongzhi-xls", MFD_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "无法读取 .xls 文件（内存文件不可用）");
        return false;
    }
    for (size_t done = 0; done < len;) {
        ssize_t k = write(fd, data + done, len - done);
        if (k <= 0) {
            close(fd);
            snprintf(err, errlen, "无法读取 .xls 文件（内存文件写入失败）");
            return false;
        }
        done += (size_t)k;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    const void *h = NULL;
    int rc = freexl_open(path, &h);
    close(fd); /* libfreexl opened its own descriptor, or failed */
    unsigned info = 0, rows = 0;
    unsigned short cols = 0;
    if (rc == FREEXL_OK && freexl_get_info(h, FREEXL_BIFF_PASSWORD, &info) == FREEXL_OK && info == FREEXL_BIFF_OBFUSCATED) {
        freexl_close(h);
        snprintf(err, errlen, "工作簿设置了打开密码：请在 Excel 或 WPS 中取消密码后另存，再导入");
        return false;
    }
    if (rc == FREEXL_OK && (freexl_get_info(h, FREEXL_BIFF_SHEET_COUNT, &info) != FREEXL_OK || info == 0))
        rc = FREEXL_BIFF_WORKBOOK_NOT_FOUND;
    if (rc == FREEXL_OK)
        rc = freexl_select_active_worksheet(h, 0);
    if (rc == FREEXL_OK)
        rc = freexl_worksheet_dimensions(h, &rows, &cols);
    if (rc != FREEXL_OK) {
        freexl_close(h);
        snprintf(err, errlen, "%s", freexl_message(rc));
        return false;
    }

    bool ok = true;
    int rows_cap = 0;
    CellTmp *tmp = xrealloc(NULL, (size_t)(cols ? cols : 1) * sizeof *tmp);
    for (unsigned r = 0; r < rows && ok; r++) {
        int n = 0;
        unsigned width = 0;
        for (unsigned short c = 0; c < cols && ok; c++) {
            FreeXL_CellValue v;
            if (freexl_get_cell_value(h, r, c, &v) != FREEXL_OK)
                continue;
            char num[40];
            const char *text = NULL;
            bool date = false;
            switch (v.type) {
            case FREEXL_CELL_INT:
                snprintf(num, sizeof num, "%d", v.value.int_value);
                text = num;
                break;
            case FREEXL_CELL_DOUBLE:
                /* 15 significant digits, as Excel keeps: an 18-digit ID in a
                 * number cell shows up as the damaged number it is. */
                snprintf(num, sizeof num, "%.15g", v.value.double_value);
                text = num;
                break;
            case FREEXL_CELL_TEXT:
            case FREEXL_CELL_SST_TEXT:
                text = v.value.text_value;
                break;
            case FREEXL_CELL_DATE:
            case FREEXL_CELL_DATETIME:
            case FREEXL_CELL_TIME:
                text = v.value.text_value;
                date = true;
                break;
            default:
                break;
            }
            if (!text || !text[0])
                continue;
            if (c >= XLS_MAX_COLS) {
                snprintf(err, errlen, "第 %u 行在第 %d 列之后还有内容：最多支持 %d 列", r + 1, XLS_MAX_COLS, XLS_MAX_COLS);
                ok = false;
                break;
            }
            size_t tl = strlen(text) + 1;
            tmp[n++] = (CellTmp){c, memcpy(xrealloc(NULL, tl), text, tl), date};
            width = c + 1u;
        }
        if (!ok || n == 0) {
            for (int i = 0; i < n; i++)
                free(tmp[i].text);
            continue;
        }
        if (out->n_rows >= XLS_MAX_ROWS) {
            for (int i = 0; i < n; i++)
                free(tmp[i].text);
            snprintf(err, errlen, "工作表超过 %d 行，请分成几个文件导入", XLS_MAX_ROWS);
            ok = false;
            break;
        }
        if (out->n_rows == rows_cap) {
            rows_cap = rows_cap ? rows_cap * 2 : 64;
            out->rows = xrealloc(out->rows, (size_t)rows_cap * sizeof *out->rows);
        }
        XlsxRow *row = &out->rows[out->n_rows++];
        row->line = (int)r + 1;
        row->n_cells = (int)width;
        row->cells = xrealloc(NULL, width * sizeof *row->cells);
        for (unsigned i = 0; i < width; i++)
            row->cells[i] = NULL;
        for (int i = 0; i < n; i++) {
            row->cells[tmp[i].col] = tmp[i].text;
            if (tmp[i].date)
                out->date_cells[tmp[i].col]++;
        }
        for (unsigned i = 0; i < width; i++)
            if (!row->cells[i])
                row->cells[i] = memcpy(xrealloc(NULL, 1), "", 1);
    }
    free(tmp);
    freexl_close(h);
    if (!ok)
        xlsx_sheet_free(out);
    return ok;
}

/* ---- libfreexl in a child process ---------------------------------------------------------
 *
 * The checks above stop the files that cost memory or time; they cannot
 * stop every malformed stream libfreexl misreads (make fuzz found a
 * 7 KB file on which freexl_open reads 98 KB past its buffer). The
 * library is Debian's and unmaintained upstream, so it runs in a forked
 * child with a CPU limit: whatever it does there ends with the child, and
 * the parent, which takes the result over a pipe and checks every length
 * in it, answers a clear error. glibc makes malloc usable in the child of
 * a threaded process; the child touches nothing else of the server. */

#include <errno.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>

#define XLS_RESULT_MAX (64u << 20) /* bytes the child may send: more than XLS_MAX_ROWS x XLS_MAX_COLS of text */

typedef struct Out {
    unsigned char *p;
    size_t len, cap;
} Out;

static void out_put(Out *o, const void *p, size_t n)
{
    if (o->len + n > o->cap) {
        o->cap = (o->len + n) * 2;
        o->p = xrealloc(o->p, o->cap);
    }
    memcpy(o->p + o->len, p, n);
    o->len += n;
}

static void out_u32(Out *o, uint32_t v)
{
    out_put(o, &v, sizeof v);
}

static void out_str(Out *o, const char *s)
{
    uint32_t n = (uint32_t)strlen(s);
    out_u32(o, n);
    out_put(o, s, n);
}

/* The child's message: u32 ok; ok: n_rows, each (line, n_cells, each cell
 * (len, bytes)), then XLSX_DATE_COLS counts; not ok: the error text. */
static void child_run(const unsigned char *data, size_t len, int wfd)
{
    struct rlimit cpu = {10, 10};
    setrlimit(RLIMIT_CPU, &cpu);
    int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (devnull >= 0)
        dup2(devnull, 2); /* the library's complaints (or a sanitizer's) are not the server's log */
    XlsxSheet s;
    memset(&s, 0, sizeof s);
    char err[256] = "";
    Out o = {0};
    bool ok = read_inproc(data, len, &s, err, sizeof err);
    out_u32(&o, ok ? 1u : 0u);
    if (ok) {
        out_u32(&o, (uint32_t)s.n_rows);
        for (int i = 0; i < s.n_rows; i++) {
            out_u32(&o, (uint32_t)s.rows[i].line);
            out_u32(&o, (uint32_t)s.rows[i].n_cells);
            for (int k = 0; k < s.rows[i].n_cells; k++)
                out_str(&o, s.rows[i].cells[k]);
        }
        for (int c = 0; c < XLSX_DATE_COLS; c++)
            out_u32(&o, (uint32_t)s.date_cells[c]);
    } else {
        out_str(&o, err);
    }
    for (size_t done = 0; done < o.len;) {
        ssize_t k = write(wfd, o.p + done, o.len - done);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            _exit(3);
        done += (size_t)k;
    }
    _exit(0);
}

typedef struct In {
    const unsigned char *p;
    size_t len, at;
    bool bad;
} In;

static uint32_t in_u32(In *in)
{
    uint32_t v = 0;
    if (in->bad || in->len - in->at < sizeof v) {
        in->bad = true;
        return 0;
    }
    memcpy(&v, in->p + in->at, sizeof v);
    in->at += sizeof v;
    return v;
}

static char *in_str(In *in)
{
    uint32_t n = in_u32(in);
    if (in->bad || in->len - in->at < n) {
        in->bad = true;
        return NULL;
    }
    char *s = xrealloc(NULL, (size_t)n + 1);
    memcpy(s, in->p + in->at, n);
    s[n] = '\0';
    in->at += n;
    return s;
}

/* Rebuilds the sheet from the child's message; false on any length that
 * does not fit (a child that died mid-write). */
static bool parse_result(const unsigned char *p, size_t len, XlsxSheet *out, char *err, size_t errlen, bool *read_ok)
{
    In in = {p, len, 0, false};
    *read_ok = in_u32(&in) == 1;
    if (in.bad)
        return false;
    if (!*read_ok) {
        char *e = in_str(&in);
        if (!e)
            return false;
        snprintf(err, errlen, "%s", e);
        free(e);
        return true;
    }
    uint32_t n = in_u32(&in);
    if (in.bad || n > XLS_MAX_ROWS)
        return false;
    out->rows = n ? xrealloc(NULL, (size_t)n * sizeof *out->rows) : NULL;
    for (uint32_t i = 0; i < n; i++) {
        XlsxRow *row = &out->rows[i];
        row->line = (int)in_u32(&in);
        uint32_t cells = in_u32(&in);
        if (in.bad || cells > XLS_MAX_COLS) {
            out->n_rows = (int)i;
            return false;
        }
        row->n_cells = 0;
        row->cells = xrealloc(NULL, (size_t)(cells ? cells : 1) * sizeof *row->cells);
        out->n_rows = (int)i + 1;
        for (uint32_t k = 0; k < cells; k++) {
            char *c = in_str(&in);
            if (!c)
                return false;
            row->cells[row->n_cells++] = c;
        }
    }
    for (int c = 0; c < XLSX_DATE_COLS; c++)
        out->date_cells[c] = (int)in_u32(&in);
    return !in.bad && in.at == in.len;
}

bool xls_read_first_sheet(const unsigned char *data, size_t len, XlsxSheet *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    if (errlen)
        err[0] = 0;
    if (!xls_is_ole2(data, len)) {
        snprintf(err, errlen, "不是 Excel 97–2003 工作簿（.xls）");
        return false;
    }
    if (!check_workbook_streams(data, len, err, errlen))
        return false;
    err[0] = 0;

    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
        snprintf(err, errlen, "无法读取 .xls 文件（系统资源不足）");
        return false;
    }
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        snprintf(err, errlen, "无法读取 .xls 文件（系统资源不足）");
        return false;
    }
    if (pid == 0) {
        close(fds[0]);
        child_run(data, len, fds[1]);
    }
    close(fds[1]);
    Out got = {0};
    bool too_big = false;
    for (;;) {
        unsigned char chunk[65536];
        ssize_t k = read(fds[0], chunk, sizeof chunk);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        if (got.len + (size_t)k > XLS_RESULT_MAX) {
            too_big = true;
            kill(pid, SIGKILL);
            break;
        }
        out_put(&got, chunk, (size_t)k);
    }
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    bool read_ok = false;
    bool sound = !too_big && WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
                 parse_result(got.p, got.len, out, err, errlen, &read_ok);
    free(got.p);
    if (!sound) {
        xlsx_sheet_free(out);
        snprintf(err, errlen, "无法读取这个 .xls 文件：文件已损坏或格式异常，请在 Excel 或 WPS 中另存为 .xlsx 后再导入");
        return false;
    }
    if (!read_ok)
        xlsx_sheet_free(out);
    return read_ok;
}
