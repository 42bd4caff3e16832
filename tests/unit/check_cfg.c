/*
 * tests: unit tests of the xl.cfg(5) grammar (libxlutil): values,
 * escapes, +=, overrides, error positions, typographic quotes, Python
 * detection and "did you mean" suggestions.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "libxlutil.h"

static char *report_buf;
static size_t report_len;
static FILE *report;

static XLU_Config *parse(const char *text, int *rc_out)
{
    XLU_Config *cfg;
    int rc;

    free(report_buf);
    report_buf = NULL;
    report = open_memstream(&report_buf, &report_len);
    ck_assert_ptr_nonnull(report);
    cfg = xlu_cfg_init(report, "t.cfg");
    ck_assert_ptr_nonnull(cfg);
    rc = xlu_cfg_readdata(cfg, text, (int)strlen(text));
    fflush(report);
    if (rc_out)
        *rc_out = rc;
    return cfg;
}

static const char *reported(XLU_Config *cfg)
{
    (void)cfg;
    fflush(report);
    return report_buf ? report_buf : "";
}

static void done(XLU_Config *cfg)
{
    xlu_cfg_destroy(cfg);
    fclose(report);
    report = NULL;
}

static const char *str(XLU_Config *cfg, const char *k)
{
    const char *s = NULL;

    ck_assert_int_eq(xlu_cfg_get_string(cfg, k, &s, 0), 0);
    return s;
}

START_TEST(values)
{
    int rc;
    long l;
    XLU_ConfigList *list;
    int n;
    XLU_Config *cfg = parse("a = 1\nb='x'; c = \"y\"\n# comment\n"
                            "d=0x10\ne=010\nf=[1,[2,3],]\n"
                            "g = [ 'p',\n  'q' ]\nlast.key_1=7", &rc);

    ck_assert_int_eq(rc, 0);
    ck_assert_int_eq(xlu_cfg_get_long(cfg, "a", &l, 0), 0);
    ck_assert_int_eq(l, 1);
    ck_assert_str_eq(str(cfg, "b"), "x");
    ck_assert_str_eq(str(cfg, "c"), "y");
    ck_assert_int_eq(xlu_cfg_get_long(cfg, "d", &l, 0), 0);
    ck_assert_int_eq(l, 16);
    ck_assert_int_eq(xlu_cfg_get_long(cfg, "e", &l, 0), 0);
    ck_assert_int_eq(l, 8);
    ck_assert_int_eq(xlu_cfg_get_list(cfg, "f", &list, &n, 0), 0);
    ck_assert_int_eq(n, 2);
    ck_assert_str_eq(xlu_cfg_get_listitem(list, 0), "1");
    ck_assert_ptr_null(xlu_cfg_get_listitem(list, 1));
    ck_assert_int_eq(xlu_cfg_value_type(xlu_cfg_get_listitem2(list, 1)),
                     XLU_LIST);
    ck_assert_int_eq(xlu_cfg_get_list(cfg, "g", &list, &n, 0), 0);
    ck_assert_int_eq(n, 2);
    ck_assert_str_eq(xlu_cfg_get_listitem(list, 1), "q");
    ck_assert_int_eq(xlu_cfg_get_long(cfg, "last.key_1", &l, 0), 0);
    ck_assert_int_eq(l, 7);
    ck_assert_int_eq(xlu_cfg_get_long(cfg, "nokey", &l, 0), -ESRCH);
    ck_assert_str_eq(reported(cfg), "");
    done(cfg);
}
END_TEST

START_TEST(escapes)
{
    int rc;
    XLU_Config *cfg = parse("a=\"\\x41\\102\\n\\t\\\\\\\"'\"\n"
                            "b='x\\101y'\nc='it\\'s'\n", &rc);

    ck_assert_int_eq(rc, 0);
    ck_assert_str_eq(str(cfg, "a"), "AB\n\t\\\"'");
    ck_assert_str_eq(str(cfg, "b"), "xAy");
    ck_assert_str_eq(str(cfg, "c"), "it's");
    done(cfg);

    cfg = parse("a='\\q'\nb='\\0'\n", &rc);
    ck_assert_int_eq(rc, -EINVAL);
    ck_assert_int_eq(xlu_cfg_errors(cfg), 2);
    ck_assert_ptr_nonnull(strstr(reported(cfg), "t.cfg:1:4: error: invalid"
                                 " escape"));
    ck_assert_ptr_nonnull(strstr(reported(cfg), "t.cfg:2:4: error: NUL"));
    done(cfg);
}
END_TEST

START_TEST(plus_equals_and_duplicates)
{
    int rc, n;
    long l;
    XLU_ConfigList *list;
    XLU_Config *cfg = parse("a='s'\na+='t'\nb=[1]\nb+=[2,3]\nc=1\nc=2\n"
                            "d+='new'\n", &rc);

    ck_assert_int_eq(rc, 0);
    ck_assert_str_eq(str(cfg, "a"), "st");
    ck_assert_int_eq(xlu_cfg_get_list(cfg, "b", &list, &n, 0), 0);
    ck_assert_int_eq(n, 3);
    ck_assert_str_eq(xlu_cfg_get_listitem(list, 2), "3");
    ck_assert_int_eq(xlu_cfg_get_long(cfg, "c", &l, 0), 0);
    ck_assert_int_eq(l, 2);
    ck_assert_str_eq(str(cfg, "d"), "new");
    done(cfg);

    cfg = parse("a='s'\na+=[1]\nb=1\nb+=2\n", &rc);
    ck_assert_int_eq(rc, -EINVAL);
    ck_assert_ptr_nonnull(strstr(reported(cfg), "t.cfg:2:1: error: can't "
                                 "add a list to a string"));
    ck_assert_ptr_nonnull(strstr(reported(cfg), "t.cfg:4:1: error: can't "
                                 "use += with numbers"));
    done(cfg);
}
END_TEST

START_TEST(overrides)
{
    int rc;
    XLU_Config *cfg = parse("memory=512\nname='a'\n", &rc);
    long l;

    ck_assert_int_eq(rc, 0);
    xlu_cfg_set_chunk_name(cfg, "<command line>");
    ck_assert_int_eq(xlu_cfg_readdata(cfg, "memory=1024", 11), 0);
    ck_assert_int_eq(xlu_cfg_get_long(cfg, "memory", &l, 0), 0);
    ck_assert_int_eq(l, 1024);
    ck_assert_int_eq(xlu_cfg_readdata(cfg, "x=-", 3), -EINVAL);
    ck_assert_ptr_nonnull(strstr(reported(cfg), "<command line>:1:3:"));
    done(cfg);
}
END_TEST

START_TEST(errors_all_reported)
{
    int rc;
    XLU_Config *cfg = parse("name='ok'\nA=1\nmemory = 'x\nvcpus 2\n"
                            "disk=[ 'a' 'b' ]\nfine=1\n", &rc);

    ck_assert_int_eq(rc, -EINVAL);
    ck_assert_int_eq(xlu_cfg_errors(cfg), 4);
    ck_assert_ptr_nonnull(strstr(reported(cfg),
                                 "t.cfg:2:1: error: unexpected character 'A'"
                                 "\n    A=1\n    ^\n"));
    ck_assert_ptr_nonnull(strstr(reported(cfg), "t.cfg:3:10: error: "
                                 "unterminated string"));
    ck_assert_ptr_nonnull(strstr(reported(cfg), "t.cfg:4:7: error: expected"
                                 " '=' or '+=', found `2'"));
    ck_assert_ptr_nonnull(strstr(reported(cfg), "t.cfg:5:12: error: expected"
                                 " ',' or ']'"));
    ck_assert_str_eq(str(cfg, "name"), "ok");
    ck_assert_str_eq(str(cfg, "fine"), "1");
    done(cfg);
}
END_TEST

START_TEST(types_and_ranges)
{
    int rc, b;
    long l;
    const char *s;
    XLU_Config *cfg = parse("l=[1]\ns='abc'\nn=300\nt=1\n", &rc);

    ck_assert_int_eq(rc, 0);
    ck_assert_int_eq(xlu_cfg_get_string(cfg, "l", &s, 0), -EINVAL);
    ck_assert_ptr_nonnull(strstr(reported(cfg), "t.cfg:1:3: error: parameter"
                                 " `l' is a list but should be a single"));
    ck_assert_int_eq(xlu_cfg_get_long(cfg, "s", &l, 0), -EINVAL);
    ck_assert_ptr_nonnull(strstr(reported(cfg), "`s' is not a valid number"));
    ck_assert_int_eq(xlu_cfg_get_bounded_long(cfg, "n", 0, 255, &l, 0),
                     -ERANGE);
    ck_assert_ptr_nonnull(strstr(reported(cfg), "t.cfg:3:3: error: "
                                 "parameter `n' is out of range: 300"));
    ck_assert_int_eq(xlu_cfg_get_defbool(cfg, "t", &b, 0), 0);
    ck_assert_int_eq(b, 1);
    done(cfg);
}
END_TEST

START_TEST(typographic_and_python)
{
    int rc;
    XLU_Config *cfg = parse("name=\xe2\x80\x9cvm\xe2\x80\x9d\n", &rc);

    ck_assert_int_eq(rc, -EINVAL);
    ck_assert_ptr_nonnull(strstr(reported(cfg), "t.cfg:1:6: error: "
                                 "typographic quote \xe2\x80\x9c: use a "
                                 "plain \" quote instead"));
    done(cfg);

    cfg = parse("memory = 256 * 2\nkernel = '/boot/' + 'vmlinuz'\n", &rc);
    ck_assert_int_eq(rc, -EINVAL);
    ck_assert_int_eq(xlu_cfg_looks_like_python(cfg), 1);
    ck_assert_ptr_nonnull(strstr(reported(cfg), "looks like a Python"));
    done(cfg);
}
END_TEST

START_TEST(suggestions)
{
    static const char *const known[] = { "memory", "maxmem", "name", NULL };
    int rc;
    long l;
    XLU_Config *cfg = parse("memroy=1\nname='x'\nzzzzzz=1\n", &rc);

    ck_assert_int_eq(rc, 0);
    ck_assert_int_eq(xlu_cfg_get_long(cfg, "name", &l, 1), -EINVAL);
    ck_assert_int_eq(xlu_cfg_warn_unused(cfg, known), 2);
    ck_assert_ptr_nonnull(strstr(reported(cfg), "t.cfg:1:8: warning: unknown"
                                 " key `memroy' ignored; did you mean "
                                 "`memory'?"));
    ck_assert_ptr_nonnull(strstr(reported(cfg), "unknown key `zzzzzz' "
                                 "ignored\n"));
    done(cfg);
}
END_TEST

START_TEST(no_crash_on_garbage)
{
    static const char *const inputs[] = {
        "", "\n\n", "[", "a=[", "a=[[[[", "a='", "a=\"\\", "a=\"\\x\"",
        "a=]", "=", "+=", "a+", "\xff\xfe", "a=[1,,2]", "a=1 2",
        "a=\xe2\x80", "a=\"\\777\"",
    };
    size_t i;
    int rc;

    for (i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
        XLU_Config *cfg = parse(inputs[i], &rc);

        done(cfg);
    }
}
END_TEST

static Suite *cfg_suite(void)
{
    Suite *s = suite_create("cfg");
    TCase *tc = tcase_create("grammar");

    tcase_add_test(tc, values);
    tcase_add_test(tc, escapes);
    tcase_add_test(tc, plus_equals_and_duplicates);
    tcase_add_test(tc, overrides);
    tcase_add_test(tc, errors_all_reported);
    tcase_add_test(tc, types_and_ranges);
    tcase_add_test(tc, typographic_and_python);
    tcase_add_test(tc, suggestions);
    tcase_add_test(tc, no_crash_on_garbage);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(cfg_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    free(report_buf);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
