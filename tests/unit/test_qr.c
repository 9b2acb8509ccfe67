/* test_qr.c: the SVG of a QR code read back into modules: a square of
 * 4v+17 modules, the three finder patterns, the timing lines, the same
 * modules libqrencode computed, and the refusals. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <qrencode.h>

#include "core/qr.h"

#define MAXW 200

typedef struct Grid {
    int side; /* viewBox side, quiet zone included */
    unsigned char m[MAXW][MAXW];
} Grid;

/* Reads "viewBox" and every "M x y" of the path back into a module grid. */
static void read_svg(const char *svg, Grid *g)
{
    memset(g, 0, sizeof *g);
    int a, b;
    const char *vb = strstr(svg, "viewBox=\"0 0 ");
    assert_non_null(vb);
    assert_int_equal(sscanf(vb, "viewBox=\"0 0 %d %d\"", &a, &b), 2);
    assert_int_equal(a, b);
    assert_true(a < MAXW);
    g->side = a;
    const char *d = strstr(svg, " d=\"");
    assert_non_null(d);
    for (const char *p = strchr(d + 4, 'M'); p; p = strchr(p + 1, 'M')) {
        int x, y;
        assert_int_equal(sscanf(p, "M%d %dh1v1h-1z", &x, &y), 2);
        assert_true(x >= 0 && x < g->side && y >= 0 && y < g->side);
        g->m[y][x] = 1;
    }
}

/* A finder pattern with its top-left module at (x, y): dark ring, light ring, dark 3x3. */
static void check_finder(const Grid *g, int x, int y)
{
    for (int j = 0; j < 7; j++)
        for (int i = 0; i < 7; i++) {
            int ring = i == 0 || i == 6 || j == 0 || j == 6;
            int core = i >= 2 && i <= 4 && j >= 2 && j <= 4;
            assert_int_equal(g->m[y + j][x + i], ring || core);
        }
}

static void test_structure(void **state)
{
    (void)state;
    static const char *const texts[] = {"https://gz.example.cn/notices/12", "GZB:41:1203:0123456789abcdef",
                                        "合江亭社区公示 第3号", "x"};
    for (size_t k = 0; k < sizeof texts / sizeof texts[0]; k++) {
        Buf b;
        buf_init(&b);
        assert_true(qr_svg(&b, texts[k], "二维码"));
        const char *svg = buf_str(&b);
        assert_int_equal(strncmp(svg, "<svg ", 5), 0);
        assert_non_null(strstr(svg, "aria-label=\"二维码\""));
        Grid *g = calloc(1, sizeof *g);
        read_svg(svg, g);
        int w = g->side - 8;
        assert_int_equal((w - 17) % 4, 0);
        /* the quiet zone is light */
        for (int i = 0; i < g->side; i++)
            for (int q = 0; q < 4; q++) {
                assert_int_equal(g->m[q][i], 0);
                assert_int_equal(g->m[g->side - 1 - q][i], 0);
                assert_int_equal(g->m[i][q], 0);
                assert_int_equal(g->m[i][g->side - 1 - q], 0);
            }
        check_finder(g, 4, 4);
        check_finder(g, 4 + w - 7, 4);
        check_finder(g, 4, 4 + w - 7);
        /* timing lines on row and column 6 alternate, dark first */
        for (int i = 8; i < w - 8; i++) {
            assert_int_equal(g->m[4 + 6][4 + i], i % 2 == 0);
            assert_int_equal(g->m[4 + i][4 + 6], i % 2 == 0);
        }
        /* exactly the modules the encoder computed */
        QRcode *q = QRcode_encodeString8bit(texts[k], 0, QR_ECLEVEL_M);
        assert_non_null(q);
        assert_int_equal(q->width, w);
        for (int y = 0; y < w; y++)
            for (int x = 0; x < w; x++)
                assert_int_equal(g->m[4 + y][4 + x], q->data[y * w + x] & 1);
        QRcode_free(q);
        /* the same text, the same bytes */
        Buf again;
        buf_init(&again);
        assert_true(qr_svg(&again, texts[k], "二维码"));
        assert_string_equal(buf_str(&again), svg);
        buf_free(&again);
        free(g);
        buf_free(&b);
    }
}

static void test_refusals(void **state)
{
    (void)state;
    Buf b;
    buf_init(&b);
    assert_false(qr_svg(&b, "", NULL));
    assert_false(qr_svg(&b, NULL, NULL));
    /* version 40-M holds 2331 bytes; 3000 fit no version */
    char *big = malloc(3001);
    memset(big, 'a', 3000);
    big[3000] = 0;
    assert_false(qr_svg(&b, big, NULL));
    assert_int_equal(strlen(buf_str(&b)), 0);
    free(big);
    buf_free(&b);
}

static void test_label_escaped(void **state)
{
    (void)state;
    Buf b;
    buf_init(&b);
    assert_true(qr_svg(&b, "a", "<\"x\">"));
    assert_null(strstr(buf_str(&b), "<\"x\">"));
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_structure),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_label_escaped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
