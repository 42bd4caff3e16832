/*
 * tests: unit tests of the device spec mini-languages (disk, vif), the
 * vdev -> devid mapping and the typed config built from xl.cfg text.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config_internal.h"

static struct libxl_device_disk disk(const char *spec, int ok)
{
    struct libxl_device_disk d;
    char *err = NULL;
    int rc;

    libxl_device_disk_init(&d);
    rc = libxl__parse_disk(&d, spec, &err);
    if (ok)
        ck_assert_msg(rc == 0, "%s: %s", spec, err ? err : "");
    else
        ck_assert_msg(rc == -EINVAL && err, "%s accepted", spec);
    free(err);
    return d;
}

START_TEST(vdev_devid)
{
    ck_assert_int_eq(libxl_vdev_to_devid("xvda"), 51712);
    ck_assert_int_eq(libxl_vdev_to_devid("xvdb1"), 51729);
    ck_assert_int_eq(libxl_vdev_to_devid("xvdq"), (1 << 28) | (16 << 8));
    ck_assert_int_eq(libxl_vdev_to_devid("xvdaa"), (1 << 28) | (26 << 8));
    ck_assert_int_eq(libxl_vdev_to_devid("hda"), 3 << 8);
    ck_assert_int_eq(libxl_vdev_to_devid("hdb"), (3 << 8) | 64);
    ck_assert_int_eq(libxl_vdev_to_devid("hdc"), 22 << 8);
    ck_assert_int_eq(libxl_vdev_to_devid("sda2"), (8 << 8) | 2);
    ck_assert_int_eq(libxl_vdev_to_devid("hde"), -1);
    ck_assert_int_eq(libxl_vdev_to_devid("vda"), -1);
    ck_assert_int_eq(libxl_vdev_to_devid("xvd"), -1);
    ck_assert_int_eq(libxl_vdev_to_devid("xvda0"), -1);
}
END_TEST

START_TEST(disk_forms)
{
    struct libxl_device_disk d;

    d = disk("/dev/vg/guest-volume,,hda", 1);
    ck_assert_str_eq(d.pdev_path, "/dev/vg/guest-volume");
    ck_assert_str_eq(d.vdev, "hda");
    ck_assert_int_eq(d.format, LIBXL_DISK_FORMAT_RAW);
    ck_assert_int_eq(d.readwrite, 1);
    libxl_device_disk_dispose(&d);

    d = disk("format=raw, vdev=hda, access=rw, target=/dev/vg/a,b", 1);
    ck_assert_str_eq(d.pdev_path, "/dev/vg/a,b");
    libxl_device_disk_dispose(&d);

    d = disk("/root/image.iso,,hdc,cdrom", 1);
    ck_assert_int_eq(d.is_cdrom, 1);
    ck_assert_int_eq(d.readwrite, 0);
    ck_assert_int_eq(d.removable, 1);
    libxl_device_disk_dispose(&d);

    d = disk(",hdc:cdrom,r", 1);
    ck_assert_ptr_null(d.pdev_path);
    ck_assert_int_eq(d.format, LIBXL_DISK_FORMAT_EMPTY);
    libxl_device_disk_dispose(&d);

    d = disk("phy:/dev/vg/lv,xvda,w", 1);
    ck_assert_str_eq(d.pdev_path, "/dev/vg/lv");
    ck_assert_str_eq(d.vdev, "xvda");
    libxl_device_disk_dispose(&d);

    d = disk("tap:qcow2:/img.q2,xvdb,r", 1);
    ck_assert_int_eq(d.format, LIBXL_DISK_FORMAT_QCOW2);
    ck_assert_int_eq(d.readwrite, 0);
    libxl_device_disk_dispose(&d);

    d = disk("nbd:host:1234,xvdc,w", 1);
    ck_assert_str_eq(d.script, "block-nbd");
    ck_assert_str_eq(d.pdev_path, "host:1234");
    libxl_device_disk_dispose(&d);

    d = disk("/i.qcow2,qcow2,xvdd,ro,backendtype=qdisk,discard,trusted", 1);
    ck_assert_int_eq(d.backend, LIBXL_DISK_BACKEND_QDISK);
    ck_assert_int_eq(d.discard_enable.val, LIBXL_DEFBOOL_TRUE);
    libxl_device_disk_dispose(&d);
}
END_TEST

START_TEST(disk_errors)
{
    struct libxl_device_disk d;

    d = disk("/x", 0);
    libxl_device_disk_dispose(&d);
    d = disk("/x,raw,vda", 0);
    libxl_device_disk_dispose(&d);
    d = disk("/x,raw,xvda,rx", 0);
    libxl_device_disk_dispose(&d);
    d = disk("/x,raw,xvda,w,extra", 0);
    libxl_device_disk_dispose(&d);
    d = disk("vdev=xvda,format=vmdk,target=/x", 0);
    libxl_device_disk_dispose(&d);
    d = disk("vdev=xvda,colour=red,target=/x", 0);
    libxl_device_disk_dispose(&d);
    d = disk("vdev=xvda", 0);
    libxl_device_disk_dispose(&d);
}
END_TEST

START_TEST(vif_forms)
{
    struct libxl_device_nic n;
    char *err = NULL;

    libxl_device_nic_init(&n);
    ck_assert_int_eq(libxl__parse_nic(&n, "mac=00:16:3E:01:02:ff, "
                                      "bridge=br0,rate=1MB/s,untrusted",
                                      &err), 0);
    ck_assert_int_eq(n.mac[2], 0x3e);
    ck_assert_int_eq(n.mac[5], 0xff);
    ck_assert_str_eq(n.bridge, "br0");
    ck_assert_int_eq(n.rate_interval_usecs, 50000);
    ck_assert_int_eq(n.rate_bytes_per_interval, 50000);
    ck_assert_int_eq(n.trusted.val, LIBXL_DEFBOOL_FALSE);
    libxl_device_nic_dispose(&n);

    ck_assert_int_eq(libxl__parse_nic(&n, "", &err), 0);
    ck_assert_int_eq(libxl__parse_nic(&n, "rate=8Kb/s@1s", &err), 0);
    ck_assert_int_eq(n.rate_bytes_per_interval, 1000);
    libxl_device_nic_dispose(&n);

    ck_assert_int_eq(libxl__parse_nic(&n, "mac=00:16:3e:01:02", &err),
                     -EINVAL);
    free(err);
    ck_assert_int_eq(libxl__parse_nic(&n, "rate=10Mb", &err), -EINVAL);
    free(err);
    ck_assert_int_eq(libxl__parse_nic(&n, "bridge", &err), -EINVAL);
    free(err);
    ck_assert_int_eq(libxl__parse_nic(&n, "speed=1", &err), -EINVAL);
    ck_assert_str_eq(err, "unknown vif parameter: `speed=1'");
    free(err);
    libxl_device_nic_dispose(&n);
}
END_TEST

START_TEST(pci_specs)
{
    static const char *const good[] = {
        "01:00.0", "0000:01:00.1", "03:00.*", "02:1f.7@8",
        "01:00.0,permissive=1,rdm_policy=relaxed", "01:00.0, seize=1",
    };
    static const char *const bad[] = {
        "", "1:0", "01:20.0", "01:00.8", "xx:00.0", "01:00.0,perm=1",
        "01:00.0,permissive=yes", "01:00.0,seize", "00000:01:00.0",
    };
    char *err = NULL;
    size_t i;

    for (i = 0; i < sizeof(good) / sizeof(good[0]); i++)
        ck_assert_msg(libxl__check_pci(good[i], &err) == 0, "%s: %s",
                      good[i], err);
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        ck_assert_msg(libxl__check_pci(bad[i], &err) == -EINVAL,
                      "%s accepted", bad[i]);
        free(err);
    }
}
END_TEST

START_TEST(typed_config)
{
    static const char text[] =
        "name='g'\ntype='hvm'\nmemory=512\nvcpus=2\nboot='dc'\n"
        "on_crash='coredump-restart'\nvif=['bridge=xenbr0']\n"
        "disk=['/d,raw,hda,w']\nviridian=1\nsoundhw='hda'\n";
    struct libxl_domain_config dc;
    XLU_Config *cfg = xlu_cfg_init(NULL, "t");
    char *json;

    ck_assert_int_eq(xlu_cfg_readdata(cfg, text, sizeof(text) - 1), 0);
    libxl_domain_config_init(&dc);
    ck_assert_int_eq(libxl_domain_config_from_xlu(&dc, cfg), 0);
    ck_assert_int_eq(dc.c_info.type, LIBXL_DOMAIN_TYPE_HVM);
    ck_assert_int_eq(dc.b_info.target_memkb, 512 * 1024);
    ck_assert_int_eq(dc.b_info.max_memkb, 512 * 1024);
    ck_assert_int_eq(dc.on_crash, LIBXL_ACTION_ON_SHUTDOWN_COREDUMP_RESTART);
    ck_assert_int_eq(dc.num_nics, 1);
    ck_assert_int_eq(dc.num_disks, 1);
    ck_assert_int_eq(dc.num_unsupported, 1);
    ck_assert_str_eq(dc.unsupported[0], "soundhw");
    ck_assert_uint_eq(dc.b_info.viridian_enable, 0x67);
    json = libxl_domain_config_to_json(&dc);
    ck_assert_ptr_nonnull(strstr(json, "\"on_crash\": \"coredump_restart\""));
    ck_assert_ptr_nonnull(strstr(json, "\"boot\": \"dc\""));
    free(json);
    libxl_domain_config_dispose(&dc);
    xlu_cfg_destroy(cfg);

    cfg = xlu_cfg_init(NULL, "t");
    ck_assert_int_eq(xlu_cfg_readdata(cfg, "type='xen'\nmemory=0", 19), 0);
    libxl_domain_config_init(&dc);
    ck_assert_int_eq(libxl_domain_config_from_xlu(&dc, cfg), -EINVAL);
    /* type, memory, name, and no kernel for the (default) PV type */
    ck_assert_int_eq(xlu_cfg_errors(cfg), 4);
    libxl_domain_config_dispose(&dc);
    xlu_cfg_destroy(cfg);
}
END_TEST

/* cfg -> config -> JSON -> config -> JSON is stable for the corpus. */
START_TEST(json_round_trip)
{
    static const char *const names[] = {
        "reference-minimal-pv", "xlcfg5-pv-example", "xlcfg5-hvm-example",
        "disk-examples", "seed001-debian-pv-install",
        "seed001-debian-pv-pygrub", "overrides", "devices-hvm", "devices-pv",
        "xlcfg5-vsnd", "xlcfg5-cpuid", "xlcfg5-cpuid-xend",
    };
    const char *top = getenv("top_srcdir");
    struct libxl_domain_config a, b;
    char *path, *j1, *j2, *err = NULL;
    size_t i;

    ck_assert_ptr_nonnull(top);
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        XLU_Config *cfg = xlu_cfg_init(NULL, names[i]);

        path = libxl__xasprintf("%s/tests/cli/cfg/%s.cfg", top, names[i]);
        ck_assert_int_eq(xlu_cfg_readfile(cfg, path), 0);
        libxl_domain_config_init(&a);
        ck_assert_int_eq(libxl_domain_config_from_xlu(&a, cfg), 0);
        j1 = libxl_domain_config_to_json(&a);
        libxl_domain_config_init(&b);
        ck_assert_int_eq(libxl_domain_config_from_json(&b, j1, &err), 0);
        j2 = libxl_domain_config_to_json(&b);
        ck_assert_str_eq(j1, j2);
        ck_assert_int_eq(b.num_disks, a.num_disks);
        ck_assert_int_eq(b.num_vsnds, a.num_vsnds);
        if (a.num_disks)
            ck_assert_int_eq(b.disks[0].devid, a.disks[0].devid);
        free(j1);
        free(j2);
        free(path);
        libxl_domain_config_dispose(&a);
        libxl_domain_config_dispose(&b);
        xlu_cfg_destroy(cfg);
    }
    libxl_domain_config_init(&b);
    ck_assert_int_eq(libxl_domain_config_from_json(&b, "[1", &err), -EINVAL);
    ck_assert_ptr_nonnull(strstr(err, "invalid JSON"));
    free(err);
    libxl_domain_config_dispose(&b);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cfg_dev");
    TCase *tc = tcase_create("devices");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, vdev_devid);
    tcase_add_test(tc, disk_forms);
    tcase_add_test(tc, disk_errors);
    tcase_add_test(tc, vif_forms);
    tcase_add_test(tc, pci_specs);
    tcase_add_test(tc, typed_config);
    tcase_add_test(tc, json_round_trip);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
