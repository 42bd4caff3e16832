/*
 * xl: `xl config-convert` — converts a domain configuration between
 * xl.cfg(5) and libvirt domain XML (what `virsh domxml-from-native
 * xen-xl` / `domxml-to-native xen-xl` do), through the typed config.
 * Touches no hypervisor.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xl.h"
#include "libxl_config.h"
#include "libxl_libvirt.h"

enum fmt { FMT_XL, FMT_LIBVIRT_XML, FMT_BAD };

static enum fmt fmt_of(const char *s)
{
    if (!strcmp(s, "xl") || !strcmp(s, "xl.cfg"))
        return FMT_XL;
    if (!strcmp(s, "libvirt-xml"))
        return FMT_LIBVIRT_XML;
    fprintf(stderr, "xl: config-convert: unknown format `%s' (xl or "
            "libvirt-xml)\n", s);
    return FMT_BAD;
}

/* The whole file (malloc'd, *len_r bytes), or NULL (message printed). */
static char *slurp(const char *file, int *len_r)
{
    FILE *f = fopen(file, "r");
    char *buf = NULL;
    size_t len = 0, cap = 0, r;

    if (!f) {
        fprintf(stderr, "xl: config-convert: cannot read `%s': %s\n", file,
                strerror(errno));
        return NULL;
    }
    do {
        if (cap - len < 4096) {
            cap = cap ? cap * 2 : 8192;
            buf = realloc(buf, cap);
            if (!buf)
                abort();
        }
        r = fread(buf + len, 1, cap - len, f);
        len += r;
    } while (r && len < (1 << 26));
    if (ferror(f) || len >= (1 << 26)) {
        fprintf(stderr, "xl: config-convert: cannot read `%s': %s\n", file,
                ferror(f) ? strerror(errno) : "larger than 64 MiB");
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len_r = (int)len;
    return buf;
}

static int from_libvirt_xml(struct libxl_domain_config *dc, const char *file)
{
    int len, rc;
    char *xml = slurp(file, &len), *out;

    if (!xml)
        return EXIT_FAILURE;
    rc = libxl_domain_config_from_libvirt_xml(dc, xml, len, file, stderr);
    free(xml);
    if (rc) {
        fprintf(stderr, "xl: config-convert: `%s' not converted\n", file);
        return EXIT_FAILURE;
    }
    out = libxl_domain_config_to_xlcfg(dc);
    if (!out) {
        fprintf(stderr, "xl: config-convert: out of memory\n");
        return EXIT_FAILURE;
    }
    fputs(out, stdout);
    free(out);
    return EXIT_SUCCESS;
}

/* Warn about each key of cfg the conversion leaves out. */
static void warn_left_out(XLU_Config *cfg)
{
    const char **keys = xlu_cfg_key_names(cfg), **k;
    const XLU_ConfigValue *v;

    for (k = keys; k && *k; k++) {
        if (libxl_libvirt_xml_converts_key(*k))
            continue;
        v = xlu_cfg_get_value(cfg, *k);
        fprintf(stderr, "%s: warning: key `%s' is not converted to libvirt "
                "XML (left out)\n", v ? xlu_cfg_value_where(v) : "?", *k);
    }
    free(keys);
}

static int from_xl(struct libxl_domain_config *dc, const char *file,
                   int argc, char **argv)
{
    XLU_Config *cfg = xlu_cfg_init(stderr, file);
    int rc, bad = 0, i;
    char *out;

    if (!cfg)
        abort();
    rc = xlu_cfg_readfile(cfg, file);
    if (rc && rc != -EINVAL) {
        fprintf(stderr, "xl: config-convert: cannot read `%s': %s\n", file,
                strerror(-rc));
        xlu_cfg_destroy(cfg);
        return EXIT_FAILURE;
    }
    bad = rc != 0;
    if (argc)
        xlu_cfg_set_chunk_name(cfg, "<command line>");
    for (i = 0; i < argc; i++)
        if (xlu_cfg_readdata(cfg, argv[i], (int)strlen(argv[i])))
            bad = 1;
    if (libxl_domain_config_from_xlu(dc, cfg))
        bad = 1;
    if (bad) {
        fprintf(stderr, "xl: config-convert: `%s': %d error%s\n", file,
                xlu_cfg_errors(cfg), xlu_cfg_errors(cfg) == 1 ? "" : "s");
        xlu_cfg_destroy(cfg);
        return EXIT_FAILURE;
    }
    warn_left_out(cfg);
    /* The uuid xl would make up at create time is not part of the file. */
    if (!xlu_cfg_get_value(cfg, "uuid"))
        dc->c_info.uuid_set = 0;
    xlu_cfg_destroy(cfg);
    out = libxl_domain_config_to_libvirt_xml(dc, file, stderr);
    if (!out) {
        fprintf(stderr, "xl: config-convert: out of memory\n");
        return EXIT_FAILURE;
    }
    fputs(out, stdout);
    free(out);
    return EXIT_SUCCESS;
}

int cmd_config_convert(struct xl_env *env, int argc, char **argv)
{
    static const struct option longopts[] = {
        { "from", required_argument, NULL, 'F' },
        { "to", required_argument, NULL, 'T' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    struct libxl_domain_config dc;
    enum fmt from = FMT_XL, to = FMT_XL;
    const char *file;
    int opt, rc;

    while ((opt = xl_getopt(env, argc, argv, "hF:T:", longopts)) != -1) {
        switch (opt) {
        case XL_OPT_HELP:
        case XL_OPT_USAGE:
            return XL_OPT_EXIT(opt);
        case 'F': from = fmt_of(optarg); break;
        case 'T': to = fmt_of(optarg); break;
        default: break;
        }
    }
    if (from == FMT_BAD || to == FMT_BAD)
        return 2;
    if (from == to) {
        fprintf(stderr, "xl: config-convert: give --from libvirt-xml or "
                "--to libvirt-xml (both sides are %s)\n",
                from == FMT_XL ? "xl.cfg" : "libvirt XML");
        return 2;
    }
    file = argv[optind++];
    if (from == FMT_LIBVIRT_XML && optind < argc) {
        fprintf(stderr, "xl: config-convert: key=value settings only apply "
                "to an xl.cfg file\n");
        return 2;
    }
    libxl_domain_config_init(&dc);
    if (from == FMT_LIBVIRT_XML)
        rc = from_libvirt_xml(&dc, file);
    else
        rc = from_xl(&dc, file, argc - optind, argv + optind);
    libxl_domain_config_dispose(&dc);
    return rc;
}
