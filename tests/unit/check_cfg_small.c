/*
 * tests: unit tests of the small device specs (vfb, vkb, channel, p9,
 * vtpm, usbctrl, usbdev), of viridian/cpuid/vnuma/spice in the typed
 * config, of libxl_device_nic_random_mac and of their JSON; the HVM
 * platform keys and the guest clock keys.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "config_internal.h"

/* Parse text into dc (init'ed here); returns the number of errors. */
static int from_text(struct libxl_domain_config *dc, const char *text)
{
    XLU_Config *cfg = xlu_cfg_init(NULL, "t");
    int n;

    ck_assert_int_eq(xlu_cfg_readdata(cfg, text, (int)strlen(text)), 0);
    libxl_domain_config_init(dc);
    libxl_domain_config_from_xlu(dc, cfg);
    n = xlu_cfg_errors(cfg);
    xlu_cfg_destroy(cfg);
    return n;
}

START_TEST(vfb_vkb)
{
    struct libxl_domain_config dc;

    ck_assert_int_eq(from_text(&dc, "name='g'\nkernel='/k'\n"
                     "vfb=['vnc=1,vnclisten=0.0.0.0,vncdisplay=2,"
                     "vncpasswd=pw,keymap=fr', 'sdl=1,opengl=0,display=:1,"
                     "xauthority=/x']\nvkb=['backend-type=qemu,"
                     "unique-id=k0,feature-disable-pointer=1,width=640']\n"),
                     0);
    ck_assert_int_eq(dc.num_vfbs_t, 2);
    ck_assert_int_eq(dc.vfbs_t[0].vnc_enable.val, LIBXL_DEFBOOL_TRUE);
    ck_assert_str_eq(dc.vfbs_t[0].vnc_listen, "0.0.0.0");
    ck_assert_int_eq(dc.vfbs_t[0].vnc_display, 2);
    ck_assert_str_eq(dc.vfbs_t[0].vnc_passwd, "pw");
    ck_assert_str_eq(dc.vfbs_t[0].keymap, "fr");
    ck_assert_int_eq(dc.vfbs_t[1].devid, 1);
    ck_assert_int_eq(dc.vfbs_t[1].sdl_opengl.val, LIBXL_DEFBOOL_FALSE);
    ck_assert_str_eq(dc.vfbs_t[1].sdl_xauthority, "/x");
    /* one vkb per vfb, then the vkb= ones */
    ck_assert_int_eq(dc.num_vkbs, 3);
    ck_assert_int_eq(dc.vkbs[2].devid, 2);
    ck_assert_int_eq(dc.vkbs[2].backend_type, LIBXL_VKB_BACKEND_QEMU);
    ck_assert_str_eq(dc.vkbs[2].unique_id, "k0");
    ck_assert_uint_eq(dc.vkbs[2].width, 640);
    /* not an unsupported key: the create check refuses vfb= and vkb=
     * with the reason (QEMU serves them; tests/cli/xl/qemudev.sh) */
    ck_assert_int_eq(dc.num_unsupported, 0);
    libxl_domain_config_dispose(&dc);
}
END_TEST

START_TEST(channel_p9_vtpm_usb)
{
    struct libxl_domain_config dc;

    ck_assert_int_eq(from_text(&dc, "name='g'\nkernel='/k'\n"
                     "channel=['name=n0,connection=pty',"
                     "'name=n1,connection=SOCKET,path=/s']\n"
                     "p9=['tag=t,security_model=none,path=/p,backend=d0']\n"
                     "vtpm=['backend=tpm,uuid=b9e5ee8c-4fb5-4e0a-98b9-"
                     "2ff6c6e7b3e9']\nusbctrl=['type=pv,version=3,ports=15']\n"
                     "usbdev=['hostbus=2,hostaddr=5']\n"
                     "vdispl=['connectors=c:640x480']\n"), 0);
    ck_assert_int_eq(dc.num_channels_t, 2);
    ck_assert_int_eq(dc.channels_t[0].connection,
                     LIBXL_CHANNEL_CONNECTION_PTY);
    ck_assert_int_eq(dc.channels_t[1].connection,
                     LIBXL_CHANNEL_CONNECTION_SOCKET);
    ck_assert_str_eq(dc.channels_t[1].path, "/s");
    ck_assert_int_eq(dc.num_channels, 2);   /* the string list is kept */
    ck_assert_int_eq(dc.num_p9s, 1);
    ck_assert_str_eq(dc.p9s[0].backend_domname, "d0");
    ck_assert_int_eq(dc.num_vtpms, 1);
    ck_assert_int_eq(dc.vtpms[0].uuid_set, 1);
    ck_assert_uint_eq(dc.vtpms[0].uuid[0], 0xb9);
    ck_assert_int_eq(dc.num_usbctrls, 1);
    ck_assert_int_eq(dc.usbctrls[0].type, LIBXL_USBCTRL_TYPE_PV);
    ck_assert_int_eq(dc.usbctrls[0].version, 3);
    ck_assert_int_eq(dc.usbctrls[0].ports, 15);
    ck_assert_int_eq(dc.num_usbdevs, 1);
    ck_assert_int_eq(dc.usbdevs[0].ctrl, -1);
    ck_assert_int_eq(dc.usbdevs[0].hostaddr, 5);
    ck_assert_int_eq(dc.num_vdispls, 1);
    ck_assert_str_eq(dc.vdispls[0].connectors[0].unique_id, "c");
    ck_assert_uint_eq(dc.vdispls[0].connectors[0].height, 480);
    /* vtpm, usbctrl, usbdev, vdispl: typed, not acted on yet (channel=
     * and p9= are refused by the create check, with the reason) */
    ck_assert_int_eq(dc.num_unsupported, 4);
    for (int i = 0; i < dc.num_unsupported; i++)
        ck_assert(strcmp(dc.unsupported[i], "channel") &&
                  strcmp(dc.unsupported[i], "p9"));
    libxl_domain_config_dispose(&dc);

    ck_assert_int_eq(from_text(&dc, "name='g'\nkernel='/k'\n"
                     "channel=['connection=pty','name=a,connection=pty,"
                     "path=/x']\np9=['tag=t']\nvtpm=['uuid=1']\n"
                     "usbctrl=['ports=0']\nusbdev=['hostbus=1,port=40']\n"),
                     6);
    ck_assert_int_eq(dc.num_channels_t, 0);
    ck_assert_int_eq(dc.num_p9s, 0);
    libxl_domain_config_dispose(&dc);
}
END_TEST

START_TEST(vsnd)
{
    struct libxl_domain_config dc;
    const struct libxl_vsnd_pcm *pcm;

    ck_assert_int_eq(from_text(&dc, "name='g'\nkernel='/k'\n"
                     "vsnd=[['card, short-name=A, sample-rates=8000;48000',"
                     "'stream, unique-id=s0, type=P, channels-max=2',"
                     "'pcm, name=p1, sample-formats=s8;A_LAW',"
                     "'stream, type=c', 'stream, buffer-size=0x1000']]\n"),
                     0);
    ck_assert_int_eq(dc.num_vsnds, 1);
    ck_assert_str_eq(dc.vsnds[0].short_name, "A");
    ck_assert_int_eq(dc.vsnds[0].params.num_sample_rates, 2);
    ck_assert_uint_eq(dc.vsnds[0].params.sample_rates[1], 48000);
    /* a stream before any pcm makes one, as Xen's xl does */
    ck_assert_int_eq(dc.vsnds[0].num_vsnd_pcms, 2);
    pcm = &dc.vsnds[0].pcms[0];
    ck_assert_ptr_null(pcm->name);
    ck_assert_int_eq(pcm->num_vsnd_streams, 1);
    ck_assert_int_eq(pcm->streams[0].type, LIBXL_VSND_STREAM_TYPE_P);
    ck_assert_uint_eq(pcm->streams[0].params.channels_max, 2);
    pcm = &dc.vsnds[0].pcms[1];
    ck_assert_str_eq(pcm->name, "p1");
    ck_assert_int_eq(pcm->params.num_sample_formats, 2);
    ck_assert_int_eq(pcm->params.sample_formats[1], 22);    /* a_law */
    ck_assert_int_eq(pcm->num_vsnd_streams, 2);
    ck_assert_int_eq(pcm->streams[0].type, LIBXL_VSND_STREAM_TYPE_C);
    ck_assert_uint_eq(pcm->streams[1].params.buffer_size, 0x1000);
    /* typed, but not acted on yet: xl create refuses it by name */
    ck_assert_int_eq(dc.num_unsupported, 1);
    ck_assert_str_eq(dc.unsupported[0], "vsnd");
    libxl_domain_config_dispose(&dc);

    ck_assert_int_eq(from_text(&dc, "name='g'\nkernel='/k'\n"
                     "vsnd=[['card, long-name'], 'card', ['pcm, type=p'],"
                     "['stream, type=q'], ['stream, sample-rates=1;x']]\n"),
                     5);
    ck_assert_int_eq(dc.num_vsnds, 0);
    libxl_domain_config_dispose(&dc);
}
END_TEST

START_TEST(viridian_cpuid_vnuma_spice)
{
    struct libxl_domain_config dc;

    ck_assert_int_eq(from_text(&dc, "name='g'\ntype='hvm'\nmemory=1024\n"
                     "viridian=['all','!stimer']\ncpuid='host,tm=0,sse3=0'\n"
                     "vnuma=[['pnode=0','size=512','vcpus=0-1',"
                     "'vdistances=10,21'],['pnode=1','size=512','vcpus=2-3',"
                     "'vdistances=21,10']]\nvcpus=4\nspice=1\nspiceport=5900\n"
                     "spicepasswd='s'\nspicevdagent=1\n"), 0);
    ck_assert_uint_eq(dc.b_info.viridian_enable, (1u << 13) - 1);
    ck_assert_uint_eq(dc.b_info.viridian_disable, 1u << LIBXL_VIRIDIAN_STIMER);
    ck_assert_str_eq(dc.b_info.cpuid[0], "host");
    ck_assert_str_eq(dc.b_info.cpuid[2], "sse3=0");
    ck_assert_ptr_null(dc.b_info.cpuid[3]);
    ck_assert_int_eq(dc.b_info.cpuid_xend, 0);
    ck_assert_int_eq(dc.b_info.num_vnuma_nodes, 2);
    ck_assert_uint_eq(dc.b_info.vnuma_nodes[1].memkb, 512 * 1024);
    ck_assert_uint_eq(dc.b_info.vnuma_nodes[1].pnode, 1);
    ck_assert_uint_eq(dc.b_info.vnuma_nodes[0].distances[1], 21);
    ck_assert_str_eq(dc.b_info.vnuma_nodes[1].vcpus, "2-3");
    ck_assert_int_eq(dc.b_info.spice.port, 5900);
    ck_assert_int_eq(dc.b_info.spice.vdagent.val, LIBXL_DEFBOOL_TRUE);
    libxl_domain_config_dispose(&dc);

    /* vnodes not adding up to memory; bad xend cpuid register */
    ck_assert_int_eq(from_text(&dc, "name='g'\ntype='hvm'\nmemory=1024\n"
                     "vnuma=[['size=512','vcpus=0']]\n"
                     "cpuid=['1:eax=0101']\nviridian='yes'\n"), 3);
    libxl_domain_config_dispose(&dc);
    ck_assert_int_eq(from_text(&dc, "name='g'\ntype='hvm'\nviridian=0\n"
                     "cpuid=['0x80000001,0:ecx=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                     "x0']\n"), 0);
    ck_assert_uint_eq(dc.b_info.viridian_enable, 0);
    ck_assert_int_eq(dc.b_info.cpuid_xend, 1);
    libxl_domain_config_dispose(&dc);
}
END_TEST

START_TEST(random_mac)
{
    struct libxl_device_nic a, b;

    libxl_device_nic_init(&a);
    libxl_device_nic_init(&b);
    ck_assert_int_eq(libxl_device_nic_random_mac(&a), 0);
    ck_assert_int_eq(libxl_device_nic_random_mac(&b), 0);
    ck_assert_int_eq(a.mac_set, 1);
    ck_assert_uint_eq(a.mac[0], 0x00);
    ck_assert_uint_eq(a.mac[1], 0x16);
    ck_assert_uint_eq(a.mac[2], 0x3e);
    ck_assert_uint_eq(a.mac[3] & 0x80, 0);
    /* 23 random bits: two equal draws are (almost) impossible */
    ck_assert(memcmp(a.mac, b.mac, 6) != 0 ||
              (libxl_device_nic_random_mac(&b) == 0 &&
               memcmp(a.mac, b.mac, 6) != 0));
}
END_TEST

START_TEST(json_of_devices)
{
    struct libxl_domain_config dc;
    char *json;

    ck_assert_int_eq(from_text(&dc, "name='g'\nkernel='/k'\n"
                     "vfb=['vnc=1']\nchannel=['name=n,connection=socket,"
                     "path=/s']\nusbdev=['hostbus=1,hostaddr=2']\n"), 0);
    json = libxl_domain_config_to_json(&dc);
    ck_assert_ptr_nonnull(strstr(json, "\"vfbs\": ["));
    ck_assert_ptr_nonnull(strstr(json, "\"vkbs\": ["));
    ck_assert_ptr_nonnull(strstr(json, "\"connection.socket\": {"));
    ck_assert_ptr_nonnull(strstr(json, "\"type.hostdev\": {"));
    free(json);
    libxl_domain_config_dispose(&dc);
}
END_TEST

START_TEST(platform_keys)
{
    struct libxl_domain_config dc, back;
    char *json, *err = NULL;

    ck_assert_int_eq(from_text(&dc, "name='g'\ntype='hvm'\nacpi_s3=0\n"
                     "acpi_s4=1\nxen_platform_pci=0\n"
                     "vendor_device='XenServer'\nlocaltime=1\n"
                     "rtc_timeoffset='-7200'\n"
                     "device_model_args=['-a','b']\n"
                     "device_model_args_hvm='-c'\nhdtype='ahci'\n"
                     "usbversion=3\n"), 0);
    ck_assert_int_eq(dc.b_info.hdtype, LIBXL_HDTYPE_AHCI);
    ck_assert_int_eq(dc.b_info.usbversion, 3);
    ck_assert_int_eq(dc.b_info.acpi_s3.val, LIBXL_DEFBOOL_FALSE);
    ck_assert_int_eq(dc.b_info.acpi_s4.val, LIBXL_DEFBOOL_TRUE);
    ck_assert_int_eq(dc.b_info.xen_platform_pci.val, LIBXL_DEFBOOL_FALSE);
    ck_assert_int_eq(dc.b_info.vendor_device, LIBXL_VENDOR_DEVICE_XENSERVER);
    ck_assert_int_eq(dc.b_info.localtime, 1);
    ck_assert_int_eq(dc.b_info.rtc_timeoffset, -7200);
    ck_assert_str_eq(dc.b_info.dm_args[1], "b");
    ck_assert_ptr_null(dc.b_info.dm_args[2]);
    ck_assert_str_eq(dc.b_info.dm_args_hvm[0], "-c");
    ck_assert_int_eq(dc.num_unsupported, 0);
    /* The stored config (Xen's JSON) gives them back. */
    json = libxl_domain_config_to_json(&dc);
    libxl_domain_config_init(&back);
    ck_assert_int_eq(libxl_domain_config_from_json(&back, json, &err), 0);
    ck_assert_int_eq(back.b_info.acpi_s3.val, LIBXL_DEFBOOL_FALSE);
    ck_assert_int_eq(back.b_info.xen_platform_pci.val, LIBXL_DEFBOOL_FALSE);
    ck_assert_int_eq(back.b_info.vendor_device,
                     LIBXL_VENDOR_DEVICE_XENSERVER);
    ck_assert_int_eq(back.b_info.localtime, 1);
    ck_assert_int_eq(back.b_info.rtc_timeoffset, -7200);
    ck_assert_str_eq(back.b_info.dm_args[0], "-a");
    ck_assert_str_eq(back.b_info.dm_args_hvm[0], "-c");
    ck_assert_int_eq(back.b_info.hdtype, LIBXL_HDTYPE_AHCI);
    ck_assert_int_eq(back.b_info.usbversion, 3);
    free(json);
    libxl_domain_config_dispose(&back);
    libxl_domain_config_dispose(&dc);

    /* A PV guest: the clock keys; the device model ones stay refused. */
    ck_assert_int_eq(from_text(&dc, "name='g'\nkernel='/k'\n"
                     "rtc_timeoffset=60\ndevice_model_args=['-S']\n"
                     "acpi_s3=0\n"), 0);
    ck_assert_int_eq(dc.b_info.rtc_timeoffset, 60);
    ck_assert_int_eq(dc.num_unsupported, 2);
    ck_assert_str_eq(dc.unsupported[0], "acpi_s3");
    ck_assert_str_eq(dc.unsupported[1], "device_model_args");
    libxl_domain_config_dispose(&dc);

    /* Bad values */
    ck_assert_int_eq(from_text(&dc, "name='g'\ntype='hvm'\n"
                     "vendor_device='qemu'\nrtc_timeoffset=3000000000\n"
                     "xen_platform_pci='yes'\n"
                     "device_model_args=['-S',['x']]\nhdtype='scsi'\n"
                     "usbversion=4\n"), 6);
    libxl_domain_config_dispose(&dc);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cfg_small");
    TCase *tc = tcase_create("small");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, vfb_vkb);
    tcase_add_test(tc, channel_p9_vtpm_usb);
    tcase_add_test(tc, vsnd);
    tcase_add_test(tc, viridian_cpuid_vnuma_spice);
    tcase_add_test(tc, random_mac);
    tcase_add_test(tc, json_of_devices);
    tcase_add_test(tc, platform_keys);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
