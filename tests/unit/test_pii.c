/* test_pii.c: GB 11643 check digits, masking, the key file, encryption and keyed hashes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "grid/pii.h"

static char g_dir[64];
static char g_key1[128], g_key2[128];

static void write_file(const char *path, const void *data, size_t n, mode_t mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, data, n), (ssize_t)n);
    close(fd);
}

static void check_char_table(void **state)
{
    static const struct { const char *first17; char want; } cases[] = {
        {"11010519491231002", 'X'},
        {"51010419800101123", '6'},
        {"51010420000229001", '1'},
        {"44030319900307123", '3'},
        {"51010419850615331", 'X'},
        {"1101051949123100", 0},   /* 16 digits */
        {"1101051949123100A", 0},  /* not a digit */
        {"", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(pii_id_check_char(cases[i].first17), cases[i].want);
    assert_int_equal(pii_id_check_char(NULL), 0);
}

static void id_valid_table(void **state)
{
    static const struct { const char *id; bool ok; } cases[] = {
        {"11010519491231002X", true},
        {"11010519491231002x", true},   /* lower-case x accepted */
        {"110105194912310020", false},  /* every other check character is wrong */
        {"110105194912310021", false},
        {"110105194912310029", false},
        {"11010519491231003X", false},  /* one digit changed */
        {"21010519491231002X", false},
        {"11010519491231002", false},   /* 17 characters */
        {"11010519491231002X1", false}, /* 19 characters */
        {" 11010519491231002X", false},
        {"510104198001011236", true},
        {"510104200002290011", true},   /* 2000 was a leap year */
        {"510104190002290015", false},  /* 1900 was not */
        {"510104194902300010", false},  /* 30 February 1949 */
        {"510104198013010011", false},  /* month 13 */
        {"510104198001000019", false},  /* day 0 */
        {"510104189912310013", false},  /* before 1900 */
        {"510104209912310019", false},  /* in the future */
        {"000000198001010013", true},   /* the region code is not checked */
        {"51010419850615331X", true},
        {"", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (pii_id_valid(cases[i].id) != cases[i].ok)
            fail_msg("pii_id_valid(\"%s\") should be %d", cases[i].id, cases[i].ok);
    }
    assert_false(pii_id_valid(NULL));
}

static void phone_valid_table(void **state)
{
    assert_true(pii_phone_valid("13812341234"));
    assert_true(pii_phone_valid("19900000000"));
    assert_false(pii_phone_valid("23812341234"));
    assert_false(pii_phone_valid("1381234123"));
    assert_false(pii_phone_valid("138123412345"));
    assert_false(pii_phone_valid("1381234123a"));
    assert_false(pii_phone_valid("138-1234-1234"));
    assert_false(pii_phone_valid(""));
    assert_false(pii_phone_valid(NULL));
}

static void mask_table(void **state)
{
    static const struct { const char *in, *id, *phone; } cases[] = {
        {"11010519491231002X", "110105********002X", "110****002X"},
        {"13812341234", "********", "138****1234"},
        {"02886001234", "********", "028****1234"},
        {"028-86001234", "028-86********1234", "028****1234"},
        {"1234567", "********", "****"},
        {"", "", ""},
        {"张三李四王五赵六钱七孙八", "********", "****"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char id[19], ph[32];
        pii_mask_id(cases[i].in, id);
        pii_mask_phone(cases[i].in, ph);
        assert_string_equal(id, cases[i].id);
        assert_string_equal(ph, cases[i].phone);
    }
    char id[19], ph[32];
    pii_mask_id(NULL, id);
    pii_mask_phone(NULL, ph);
    assert_string_equal(id, "");
    assert_string_equal(ph, "");
}

/* Phone and ID numbers typed into free text, masked as the register masks
 * them; what counts as one number is pinned here case by case. */
static void text_masking_table(void **state)
{
    static const struct { const char *in, *want; } cases[] = {
        /* the plain shapes */
        {"请打电话13812341234联系", "请打电话138****1234联系"},
        {"身份证11010519491231002X", "身份证110105********002X"},
        {"身份证11010519491231002x。", "身份证110105********002x。"},
        {"110105194912310021", "110105********0021"},
        {"老身份证110105491231002", "老身份证110105*****1002"},
        {"座机 02887654321 转 8", "座机 028****4321 转 8"},
        {"座机075587654321", "座机0755****4321"},
        /* separators inside one number */
        {"座机028-87654321", "座机028-****4321"},
        {"(0755)8765-4321", "(0755)****-4321"},
        {"138 1234 5678", "138 **** 5678"},
        {"138-1234-5678和139-8765-4321", "138-****-5678和139-****-4321"},
        {"电话\xe3\x80\x80" "138\xe3\x80\x80" "1234\xe3\x80\x80" "5678", "电话\xe3\x80\x80" "138\xe3\x80\x80****\xe3\x80\x80" "5678"},
        {"138\xef\xbc\x8d" "1234\xef\xbc\x8d" "5678", "138\xef\xbc\x8d****\xef\xbc\x8d" "5678"},
        {"110105 19491231 002X", "110105 ******** 002X"},
        {"+86 138 1234 5678", "+86 138 **** 5678"},
        {"8613812345678", "86138****5678"},
        /* two numbers one space apart are two numbers */
        {"13812345678 13987654321", "138****5678 139****4321"},
        /* full-width digits and X */
        {"\xef\xbc\x91\xef\xbc\x93\xef\xbc\x98\xef\xbc\x91\xef\xbc\x92\xef\xbc\x93\xef\xbc\x94"
         "\xef\xbc\x95\xef\xbc\x96\xef\xbc\x97\xef\xbc\x98",
         "\xef\xbc\x91\xef\xbc\x93\xef\xbc\x98****\xef\xbc\x95\xef\xbc\x96\xef\xbc\x97\xef\xbc\x98"},
        {"11010519491231002\xef\xbc\xb8", "110105********002\xef\xbc\xb8"},
        /* inside longer digit runs: all but the last 4 go */
        {"订单20240601138123456789", "订单****************6789"},
        {"138123456789", "********6789"},
        {"1234567", "***4567"},
        /* what is not a phone or ID number stays */
        {"2024-06-01 停水", "2024-06-01 停水"},
        {"2024-06-01 13812345678", "2024-06-01 138****5678"},
        {"2024 13812345678", "2024 138****5678"},
        {"0755-87654321", "0755-****4321"},
        {"门牌 3单元302，车牌川A12345", "门牌 3单元302，车牌川A12345"},
        {"费用 12 000 000 元", "费用 12 000 000 元"},
        {"123456", "123456"},
        {"10086", "10086"},
        {"X光 3X", "X光 3X"},
        {"138  1234", "138  1234"},
        {"", ""},
    };
    Arena *a = arena_new();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *got = pii_mask_text(a, cases[i].in);
        if (strcmp(got, cases[i].want) != 0)
            fail_msg("pii_mask_text(\"%s\") = \"%s\", want \"%s\"", cases[i].in, got, cases[i].want);
    }
    assert_null(pii_mask_text(a, NULL));
    arena_free(a);
}

static void key_file_rules(void **state)
{
    char err[256];
    struct stat st;
    assert_true(pii_key_create(g_key1, err, sizeof err));
    assert_int_equal(stat(g_key1, &st), 0);
    assert_int_equal(st.st_size, 32);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_true(pii_key_loaded());

    /* never overwrites */
    assert_false(pii_key_create(g_key1, err, sizeof err));
    assert_non_null(strstr(err, "exists"));

    char bad[160];
    snprintf(bad, sizeof bad, "%s/short.key", g_dir);
    write_file(bad, "0123456789", 10, 0600);
    assert_false(pii_key_load(bad, err, sizeof err));
    assert_non_null(strstr(err, "expected 32"));
    unlink(bad);

    snprintf(bad, sizeof bad, "%s/missing.key", g_dir);
    assert_false(pii_key_load(bad, err, sizeof err));

    /* a group-readable key still loads, with a warning in the log: the
     * warning is caught here and checked, so the suite's output shows no
     * WARN line that only looks like a failure */
    unsigned char raw[32];
    memset(raw, 7, sizeof raw);
    write_file(g_key2, raw, sizeof raw, 0640);
    chmod(g_key2, 0640);
    char logged[512] = "";
    fflush(stderr);
    int saved = dup(STDERR_FILENO);
    FILE *cap = tmpfile();
    assert_true(saved >= 0 && cap != NULL);
    dup2(fileno(cap), STDERR_FILENO);
    bool loaded = pii_key_load(g_key2, err, sizeof err);
    fflush(stderr);
    dup2(saved, STDERR_FILENO);
    close(saved);
    rewind(cap);
    size_t n = fread(logged, 1, sizeof logged - 1, cap);
    logged[n] = '\0';
    fclose(cap);
    assert_true(loaded);
    assert_non_null(strstr(logged, " WARN key file is readable by group or others; run: chmod 600 on it\n"));
    /* the other tests use this key as "another key", quietly */
    assert_int_equal(chmod(g_key2, 0600), 0);
    assert_true(pii_key_load(g_key1, err, sizeof err));
}

static void encrypt_round_trip(void **state)
{
    char err[256];
    assert_true(pii_key_load(g_key1, err, sizeof err));
    const char *plain[] = {"11010519491231002X", "13812341234", "", "张三 住 1栋2单元301"};
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
        char *s = pii_encrypt(plain[i]);
        assert_non_null(s);
        if (plain[i][0])
            assert_null(strstr(s, plain[i]));
        char *p = pii_decrypt(s);
        assert_non_null(p);
        assert_string_equal(p, plain[i]);
        free(p);
        free(s);
    }
    /* a random nonce: the same value encrypts differently each time */
    char *a = pii_encrypt("13812341234"), *b = pii_encrypt("13812341234");
    assert_string_not_equal(a, b);
    free(a);
    free(b);
}

static void tampered_or_foreign_text_is_refused(void **state)
{
    char err[256];
    assert_true(pii_key_load(g_key1, err, sizeof err));
    char *s = pii_encrypt("11010519491231002X");
    assert_non_null(s);
    size_t n = strlen(s);
    for (size_t pos = 0; pos + 4 < n; pos += 7) {
        char *t = strdup(s);
        t[pos] = t[pos] == 'A' ? 'B' : 'A';
        char *p = pii_decrypt(t);
        assert_null(p);
        free(t);
    }
    char *cut = strndup(s, n - 4);
    assert_null(pii_decrypt(cut));
    free(cut);
    assert_null(pii_decrypt(""));
    assert_null(pii_decrypt("not base64 at all!"));
    assert_null(pii_decrypt(NULL));

    /* the same text under another key does not open */
    assert_true(pii_key_load(g_key2, err, sizeof err));
    assert_null(pii_decrypt(s));
    assert_true(pii_key_load(g_key1, err, sizeof err));
    char *p = pii_decrypt(s);
    assert_non_null(p);
    free(p);
    free(s);
}

static void hash_is_stable_normalised_and_keyed(void **state)
{
    char err[256];
    char h1[33], h2[33], h3[33], h4[33], other[33];
    assert_true(pii_key_load(g_key1, err, sizeof err));
    pii_hash("11010519491231002X", h1);
    pii_hash("11010519491231002X", h2);
    pii_hash("  11010519491231002x\t", h3);
    pii_hash("13812341234", other);
    assert_int_equal(strlen(h1), 32);
    assert_int_equal(strspn(h1, "0123456789abcdef"), 32);
    assert_string_equal(h1, h2);
    assert_string_equal(h1, h3);
    assert_string_not_equal(h1, other);

    assert_true(pii_key_load(g_key2, err, sizeof err));
    pii_hash("11010519491231002X", h4);
    assert_string_not_equal(h1, h4);
    assert_true(pii_key_load(g_key1, err, sizeof err));
}

static void tag_vocabulary(void **state)
{
    assert_string_equal(pii_tag_canonical("独居"), "lives_alone");
    assert_string_equal(pii_tag_canonical(" 低保 "), "low_income");
    assert_string_equal(pii_tag_canonical("特殊关爱"), "special_care");
    assert_string_equal(pii_tag_canonical("Lives_Alone"), "lives_alone");
    assert_string_equal(pii_tag_canonical("党员"), "party_member");
    assert_null(pii_tag_canonical("富豪"));
    assert_null(pii_tag_canonical(""));
    assert_null(pii_tag_canonical(NULL));

    assert_string_equal(pii_tag_label_zh("disabled"), "残疾");
    assert_string_equal(pii_tag_label_zh("something_else"), "something_else");

    const char *sensitive[] = {"lives_alone", "disabled", "health", "child", "low_income", "special_care",
                               "独居", "残疾", "健康", "儿童", "低保", "特殊关爱"};
    for (size_t i = 0; i < sizeof sensitive / sizeof sensitive[0]; i++)
        assert_true(pii_tag_sensitive(sensitive[i]));
    assert_false(pii_tag_sensitive("party_member"));
    assert_false(pii_tag_sensitive("volunteer"));
    assert_false(pii_tag_sensitive("unknown"));

    int n = 0;
    for (const char *const *t = g_pii_tags; *t; t++, n++) {
        assert_string_equal(pii_tag_canonical(*t), *t);
        assert_string_equal(pii_tag_canonical(pii_tag_label_zh(*t)), *t);
    }
    assert_true(n >= 6);
}

static int setup(void **state)
{
    snprintf(g_dir, sizeof g_dir, "/tmp/gz-pii-XXXXXX");
    if (!mkdtemp(g_dir))
        return -1;
    snprintf(g_key1, sizeof g_key1, "%s/one.key", g_dir);
    snprintf(g_key2, sizeof g_key2, "%s/two.key", g_dir);
    return 0;
}

static int teardown(void **state)
{
    unlink(g_key1);
    unlink(g_key2);
    rmdir(g_dir);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(check_char_table),
        cmocka_unit_test(id_valid_table),
        cmocka_unit_test(phone_valid_table),
        cmocka_unit_test(mask_table),
        cmocka_unit_test(text_masking_table),
        cmocka_unit_test(key_file_rules),
        cmocka_unit_test(encrypt_round_trip),
        cmocka_unit_test(tampered_or_foreign_text_is_refused),
        cmocka_unit_test(hash_is_stable_normalised_and_keyed),
        cmocka_unit_test(tag_vocabulary),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
