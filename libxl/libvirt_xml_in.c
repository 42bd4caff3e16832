/*
 * libxlutil (config formats): libvirt domain XML -> typed domain config.
 * Reads the elements libvirt's xen-xl converter maps (formatdomain
 * names); anything else is reported as not converted, with its path and
 * line.  Disks and interfaces go through the xl.cfg device spec parsers,
 * so they are checked exactly as a disk= or vif= entry would be.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <uuid/uuid.h>

#include "libxl_libvirt.h"
#include "config_internal.h"
#include "libvirt_xml_internal.h"

void libxl__lv_say(struct libxl__lv_rd *r, int error, long line,
                   const char *fmt, ...)
{
    va_list ap;

    if (error)
        r->errors++;
    if (!r->report)
        return;
    fprintf(r->report, "%s:%ld: %s: ", r->name, line,
            error ? "error" : "warning");
    va_start(ap, fmt);
    vfprintf(r->report, fmt, ap);
    va_end(ap);
    fputc('\n', r->report);
}

void libxl__lv_not_converted(struct libxl__lv_rd *r, xmlNode *n)
{
    xmlChar *path = xmlGetNodePath(n);

    libxl__lv_say(r, 0, xmlGetLineNo(n),
                  "element %s is not converted "
                  "(left out)",
                  path ? (const char *)path : (const char *)n->name);
    xmlFree(path);
}

int libxl__lv_is(const xmlNode *n, const char *name)
{
    return !xmlStrcmp(n->name, (const xmlChar *)name);
}

char *libxl__lv_attr(xmlNode *n, const char *a)
{
    return (char *)xmlGetProp(n, (const xmlChar *)a);
}

char *libxl__lv_text(xmlNode *n)
{
    xmlChar *t = xmlNodeGetContent(n);
    const char *s = t ? (const char *)t : "";
    size_t len;
    char *r;

    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    len = strlen(s);
    while (len && strchr(" \t\n\r", s[len - 1]))
        len--;
    r = strndup(s, len);
    xmlFree(t);
    if (!r)
        abort();
    return r;
}

static void free_strv(char **v)
{
    char **p;

    for (p = v; p && *p; p++)
        free(*p);
    free(v);
}

static void set_text(xmlNode *n, char **dst)
{
    free(*dst);
    *dst = libxl__lv_text(n);
}

/* A memory size in KiB from its text and unit= (formatdomain's units). */
static int memory_kib(struct libxl__lv_rd *r, xmlNode *n, int64_t *kib)
{
    static const struct { const char *u; unsigned long long f; } units[] = {
        { "b", 1 }, { "bytes", 1 }, { "KB", 1000 }, { "k", 1024 },
        { "KiB", 1024 }, { "MB", 1000000 }, { "M", 1ULL << 20 },
        { "MiB", 1ULL << 20 }, { "GB", 1000000000 }, { "G", 1ULL << 30 },
        { "GiB", 1ULL << 30 }, { "TB", 1000000000000ULL },
        { "T", 1ULL << 40 }, { "TiB", 1ULL << 40 },
    };
    char *unit = libxl__lv_attr(n, "unit"), *t = libxl__lv_text(n), *end;
    unsigned long long v, f = 1024, bytes;
    size_t i;
    int rc = -EINVAL;

    if (unit) {
        for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
            if (!strcmp(unit, units[i].u))
                break;
        if (i == sizeof(units) / sizeof(units[0])) {
            libxl__lv_say(r, 1, xmlGetLineNo(n), "<%s>: unknown unit `%s'",
                          (const char *)n->name, unit);
            goto out;
        }
        f = units[i].f;
    }
    errno = 0;
    v = strtoull(t, &end, 10);
    if (!*t || *end || errno || *t == '-' || v == 0 ||
        v > (1ULL << 52) / f) {
        libxl__lv_say(r, 1, xmlGetLineNo(n), "<%s>: `%s' is not a memory size",
                      (const char *)n->name, t);
        goto out;
    }
    bytes = v * f;
    *kib = (int64_t)((bytes + 1023) / 1024);
    if (*kib % 1024) {
        libxl__lv_say(r, 0, xmlGetLineNo(n),
                      "<%s>: %lld KiB rounded up to %lld MiB "
                      "(xl.cfg counts memory in MiB)",
                      (const char *)n->name, (long long)*kib,
                      (long long)(*kib + 1023) / 1024);
        *kib = (*kib + 1023) / 1024 * 1024;
    }
    rc = 0;
out:
    xmlFree(unit);
    free(t);
    return rc;
}

static int count(struct libxl__lv_rd *r, xmlNode *n, const char *what,
                 const char *s, int *v)
{
    char *end;
    long l;

    errno = 0;
    l = strtol(s, &end, 10);
    if (!*s || *end || errno || l < 1 || l > 4096) {
        libxl__lv_say(r, 1, xmlGetLineNo(n),
                      "%s `%s' is not a number from 1 to 4096", what, s);
        return -EINVAL;
    }
    *v = (int)l;
    return 0;
}

static void read_vcpu(struct libxl__lv_rd *r, xmlNode *n,
                      struct libxl_domain_config *c)
{
    char *t = libxl__lv_text(n), *cur = libxl__lv_attr(n, "current");
    int max, avail;

    if (!count(r, n, "<vcpu>", t, &max)) {
        avail = max;
        if (cur && !count(r, n, "<vcpu current=>", cur, &avail) &&
            avail > max) {
            libxl__lv_say(r, 1, xmlGetLineNo(n),
                          "<vcpu current='%s'> is more than "
                          "the %d vcpus",
                          cur, max);
            avail = max;
        }
        c->b_info.max_vcpus = max;
        c->b_info.avail_vcpus = avail;
    }
    xmlFree(cur);
    free(t);
}

static void read_uuid(struct libxl__lv_rd *r, xmlNode *n,
                      struct libxl_domain_config *c)
{
    char *t = libxl__lv_text(n);

    if (uuid_parse(t, c->c_info.uuid))
        libxl__lv_say(r, 1, xmlGetLineNo(n), "<uuid>: `%s' is not a UUID", t);
    else
        c->c_info.uuid_set = 1;
    free(t);
}

static void read_os_type(struct libxl__lv_rd *r, xmlNode *n,
                         struct libxl_domain_config *c)
{
    char *t = libxl__lv_text(n), *machine = libxl__lv_attr(n, "machine");

    if (!strcmp(t, "hvm"))
        c->c_info.type = LIBXL_DOMAIN_TYPE_HVM;
    else if (!strcmp(t, "xenpvh") ||
             (machine && !strcmp(machine, "xenpvh") &&
              (!strcmp(t, "linux") || !strcmp(t, "xen"))))
        c->c_info.type = LIBXL_DOMAIN_TYPE_PVH;
    else if (!strcmp(t, "linux") || !strcmp(t, "xen"))
        c->c_info.type = LIBXL_DOMAIN_TYPE_PV;
    else
        libxl__lv_say(r, 1, xmlGetLineNo(n),
                      "<os><type>: `%s' is not linux, xen, "
                      "xenpvh or hvm",
                      t);
    xmlFree(machine);
    free(t);
}

static void read_os(struct libxl__lv_rd *r, xmlNode *os,
                    struct libxl_domain_config *c)
{
    struct libxl_domain_build_info *b = &c->b_info;
    xmlNode *n;

    for (n = os->children; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (libxl__lv_is(n, "type"))
            read_os_type(r, n, c);
        else if (libxl__lv_is(n, "kernel"))
            set_text(n, &b->kernel);
        else if (libxl__lv_is(n, "initrd"))
            set_text(n, &b->ramdisk);
        else if (libxl__lv_is(n, "cmdline"))
            set_text(n, &b->cmdline);
        else
            libxl__lv_not_converted(r, n);
    }
}

static void read_bootloader_args(xmlNode *n, struct libxl_domain_config *c)
{
    char *t = libxl__lv_text(n), *tok, *save = NULL;
    char **v;
    int k = 0;

    v = calloc(strlen(t) / 2 + 2, sizeof(*v));
    if (!v)
        abort();
    for (tok = strtok_r(t, " \t\n", &save); tok;
         tok = strtok_r(NULL, " \t\n", &save))
        v[k++] = libxl__strdup_or_abort(tok);
    free(t);
    free_strv(c->b_info.bootloader_args);
    c->b_info.bootloader_args = v;
}

static void read_action(struct libxl__lv_rd *r, xmlNode *n, int *action)
{
    char *t = libxl__lv_text(n);
    int a = libxl__lv_action_from_name(t);

    if (a < 0)
        libxl__lv_say(r, 1, xmlGetLineNo(n),
                      "<%s>: unknown action `%s' (destroy, "
                      "restart, preserve, rename-restart, coredump-destroy or "
                      "coredump-restart)",
                      (const char *)n->name, t);
    else
        *action = a;
    free(t);
}

static void read_top(struct libxl__lv_rd *r, xmlNode *n,
                     struct libxl_domain_config *c, int *have_current)
{
    struct libxl_domain_build_info *b = &c->b_info;
    int64_t kib;

    if (libxl__lv_is(n, "name"))
        set_text(n, &c->c_info.name);
    else if (libxl__lv_is(n, "uuid"))
        read_uuid(r, n, c);
    else if (libxl__lv_is(n, "memory")) {
        if (!memory_kib(r, n, &kib)) {
            b->max_memkb = kib;
            if (!*have_current)
                b->target_memkb = kib;
        }
    } else if (libxl__lv_is(n, "currentMemory")) {
        if (!memory_kib(r, n, &kib)) {
            b->target_memkb = kib;
            *have_current = 1;
        }
    } else if (libxl__lv_is(n, "vcpu"))
        read_vcpu(r, n, c);
    else if (libxl__lv_is(n, "os"))
        read_os(r, n, c);
    else if (libxl__lv_is(n, "bootloader"))
        set_text(n, &b->bootloader);
    else if (libxl__lv_is(n, "bootloader_args"))
        read_bootloader_args(n, c);
    else if (libxl__lv_is(n, "on_poweroff"))
        read_action(r, n, &c->on_poweroff);
    else if (libxl__lv_is(n, "on_reboot"))
        read_action(r, n, &c->on_reboot);
    else if (libxl__lv_is(n, "on_crash"))
        read_action(r, n, &c->on_crash);
    else if (libxl__lv_is(n, "devices"))
        libxl__lv_read_devices(r, n, c);
    else
        libxl__lv_not_converted(r, n);
}

static void check_memory(struct libxl__lv_rd *r, xmlNode *root,
                         struct libxl_domain_config *c)
{
    struct libxl_domain_build_info *b = &c->b_info;

    if (b->max_memkb && b->target_memkb > b->max_memkb) {
        libxl__lv_say(r, 1, xmlGetLineNo(root),
                      "<currentMemory> (%lld KiB) is more "
                      "than <memory> (%lld KiB)",
                      (long long)b->target_memkb, (long long)b->max_memkb);
    } else if (!b->max_memkb && b->target_memkb) {
        b->max_memkb = b->target_memkb;
    }
}

/* libxml2's structured error callback: each problem as an error. */
static void xml_error(void *arg, xmlErrorPtr e)
{
    struct libxl__lv_rd *r = arg;
    char *msg = strdup(e->message ? e->message : "cannot parse");
    size_t len;

    if (!msg)
        abort();
    len = strlen(msg);
    while (len && msg[len - 1] == '\n')
        msg[--len] = 0;
    libxl__lv_say(r, e->level != XML_ERR_WARNING, e->line, "malformed XML: %s",
                  msg);
    free(msg);
}

/* The document, or NULL after "name:line: error: malformed XML: ...". */
static xmlDoc *parse(struct libxl__lv_rd *r, const char *xml, int len)
{
    xmlParserCtxt *ctxt = xmlNewParserCtxt();
    xmlDoc *doc;
    int errors = r->errors;

    if (!ctxt)
        abort();
    /* Thread-local in libxml2; put back as it was afterwards. */
    xmlSetStructuredErrorFunc(r, xml_error);
    doc = xmlCtxtReadMemory(ctxt, xml, len, r->name, NULL,
                            XML_PARSE_NONET | XML_PARSE_BIG_LINES);
    xmlSetStructuredErrorFunc(NULL, NULL);
    if (!doc || !ctxt->wellFormed || r->errors > errors) {
        if (r->errors == errors)
            libxl__lv_say(r, 1, 1, "malformed XML");
        xmlFreeDoc(doc);
        doc = NULL;
    }
    xmlFreeParserCtxt(ctxt);
    return doc;
}

int libxl_domain_config_from_libvirt_xml(struct libxl_domain_config *c,
                                         const char *xml, int len,
                                         const char *name, FILE *report)
{
    struct libxl__lv_rd r = { name ? name : "<xml>", report, 0 };
    xmlDoc *doc = parse(&r, xml, len);
    xmlNode *root, *n;
    char *type;
    int have_current = 0;

    if (!doc)
        return -EINVAL;
    root = xmlDocGetRootElement(doc);
    if (!root || !libxl__lv_is(root, "domain")) {
        libxl__lv_say(&r, 1, root ? xmlGetLineNo(root) : 1,
                      "the root element is "
                      "<%s>, not <domain>",
                      root ? (const char *)root->name : "");
        goto out;
    }
    type = libxl__lv_attr(root, "type");
    if (type && strcmp(type, "xen"))
        libxl__lv_say(&r, 0, xmlGetLineNo(root),
                      "<domain type='%s'> is not a Xen "
                      "domain: converted as one",
                      type);
    xmlFree(type);
    for (n = root->children; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE)
            read_top(&r, n, c, &have_current);
    check_memory(&r, root, c);
    if (!c->c_info.name)
        libxl__lv_say(&r, 1, xmlGetLineNo(root), "<domain> has no <name>");
out:
    xmlFreeDoc(doc);
    return r.errors ? -EINVAL : 0;
}
