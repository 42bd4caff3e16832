/*
 * xenstore tools: the multi-call binary behind xenstore-read, -write,
 * -rm, -ls, -list, -exists, -chmod, -watch (and `xenstore <mode>`), with
 * the options, output formats and exit codes of Xen 4.17's tools.
 * xenstore-control lives in cli_control.c.
 */
#define _GNU_SOURCE
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <xenstore.h>

#include "cli.h"

enum mode { M_NONE, M_CHMOD, M_EXISTS, M_LIST, M_LS, M_READ, M_RM,
            M_WRITE, M_WATCH };

struct opts {
    enum mode mode;
    int prefix, tidy, upto, recurse, raw, nr_watches;
    int max_width, desired_width, whole_path;
};

/* Output is held back until the transaction commits (it may rerun). */
static char *obuf;
static size_t olen, ocap;

static void out_raw(const char *d, size_t n)
{
    if (olen + n > ocap) {
        ocap = olen + n + 1024;
        obuf = realloc(obuf, ocap);
        if (!obuf)
            err(1, "malloc");
    }
    memcpy(obuf + olen, d, n);
    olen += n;
}

static void __attribute__((format(printf, 1, 2))) out(const char *fmt, ...)
{
    va_list ap;
    char *s;
    int n;

    va_start(ap, fmt);
    n = vasprintf(&s, fmt, ap);
    va_end(ap);
    if (n < 0)
        err(1, "output");
    out_raw(s, (size_t)n);
    free(s);
}

static void usage(enum mode m, int with_mode, const char *prog)
{
    static const struct { const char *name, *args; } u[] = {
        [M_NONE] = { "", "<mode> [-h] [...]" },
        [M_CHMOD] = { "chmod ", "[-h] [-u] [-r] [-s] key <mode [modes...]>" },
        [M_EXISTS] = { "exists ", "[-h] [-p] [-s] key [...]" },
        [M_LIST] = { "list ", "[-h] [-p] [-s] key [...]" },
        [M_LS] = { "ls ", "[-h] [-f] [-p] [-s] [path]" },
        [M_READ] = { "read ", "[-h] [-p] [-s] [-R] key [...]" },
        [M_RM] = { "rm ", "[-h] [-s] [-t] key [...]" },
        [M_WRITE] = { "write ", "[-h] [-s] [-R] key value [...]" },
        [M_WATCH] = { "watch ", "[-h] [-n NR] key" },
    };

    errx(1, "Usage: %s %s%s", prog, with_mode ? u[m].name : "", u[m].args);
}

static char *sanitised(const char *v, unsigned int len)
{
    char *s = cli_sanitise(v, len);

    if (!s)
        err(1, "malloc");
    return s;
}

static char *join(const char *path, const char *name)
{
    char *p;
    size_t l = strlen(path);

    if (asprintf(&p, "%s%s%s", path, l && path[l - 1] == '/' ? "" : "/",
                 name) < 0)
        err(1, "malloc");
    return p;
}

/* One line of xenstore-ls: name or full path, value, permissions. */
static void ls_line(struct xs_handle *h, const struct opts *o,
                    const char *path, const char *name, int depth)
{
    unsigned int len, np, i;
    int w = 0, tag = (int)strlen(" = \"...\"");
    char *val, *s;
    struct xs_permissions *p;

    if (o->whole_path) {
        fputs(path, stdout);
    } else {
        for (; w < depth; w++)
            putchar(' ');
        w += printf("%.*s", o->max_width - tag - w, name);
    }
    val = strlen(path) < XENSTORE_ABS_PATH_MAX + 1024 ?
          xs_read(h, XBT_NULL, path, &len) : NULL;
    if (!val) {
        printf(":\n");
    } else {
        s = sanitised(val, len);
        if (o->max_width < w + (int)len + tag) {
            printf(" = \"%.*s\\...\"", o->max_width - tag - w, s);
        } else {
            w += printf(" = \"%s\"", s);
            if (o->prefix) {
                int lim = o->desired_width < o->max_width ?
                          o->desired_width : o->max_width;
                putchar(' ');
                for (w++; w < lim; w++)
                    putchar((w & 1) ? '.' : ' ');
            }
        }
        free(s);
    }
    free(val);
    if (o->prefix) {
        p = xs_get_permissions(h, XBT_NULL, path, &np);
        if (!p) {
            warn("\ncould not access permissions for %s", name);
        } else {
            char buf[MAX_STRLEN(unsigned int) + 1];

            fputs("  (", stdout);
            for (i = 0; i < np; i++) {
                if (i)
                    putchar(',');
                if (!xs_perm_to_string(&p[i], buf, sizeof(buf)))
                    strcpy(buf, "?");
                fputs(buf, stdout);
            }
            putchar(')');
            free(p);
        }
    }
    putchar('\n');
}

static void do_ls(struct xs_handle *h, const struct opts *o,
                  const char *path, int depth)
{
    unsigned int num, i;
    char **e = xs_directory(h, XBT_NULL, path, &num);

    if (!e) {
        if (depth && errno == ENOENT)
            return;   /* removed while we walked: move on */
        err(1, "xs_directory (%s)", path);
    }
    for (i = 0; i < num; i++) {
        char *child = join(path, e[i]);

        ls_line(h, o, child, e[i], depth);
        do_ls(h, o, child, depth + 1);
        free(child);
    }
    free(e);
}

static void do_chmod(struct xs_handle *h, xs_transaction_t t, char *path,
                     struct xs_permissions *p, int np, int upto, int rec)
{
    if (!path[0])
        return;
    if (!xs_set_permissions(h, t, path, p, (unsigned int)np))
        err(1, "Error occurred setting permissions on '%s'", path);
    if (upto) {
        char *sep = strrchr(path, '/');

        if (!sep)
            errx(1, "Unable to locate path separator '/' in '%s'", path);
        *sep = '\0';
        do_chmod(h, t, path, p, np, 1, 0);
        *sep = '/';
    }
    if (rec) {
        unsigned int n, i;
        char **e = xs_directory(h, t, path, &n);

        for (i = 0; e && i < n; i++) {
            char *child = join(path, e[i]);

            do_chmod(h, t, child, p, np, 0, 1);
            free(child);
        }
        free(e);
    }
}

static int do_rm(struct xs_handle *h, xs_transaction_t t, const char *path,
                 int tidy)
{
    char *p = strdup(path), *slash;
    int rc = 0;

    if (!p)
        return 1;
    for (;;) {
        unsigned int len, num;
        char *val, **list;

        if (!xs_rm(h, t, p)) {
            warnx("could not remove path %s", p);
            rc = 1;
            break;
        }
        /* -t: also remove parents left empty and without a value. */
        if (!tidy || !(slash = strrchr(p, '/')))
            break;
        *slash = '\0';
        val = xs_read(h, t, p, &len);
        list = val && len == 0 ? xs_directory(h, t, p, &num) : NULL;
        free(val);
        free(list);
        if (!list || num)
            break;
    }
    free(p);
    return rc;
}

static int do_chmod_args(struct xs_handle *h, xs_transaction_t t,
                         const struct opts *o, char **argv)
{
    int np = 0, i;
    struct xs_permissions *p;

    while (argv[1 + np])
        np++;
    p = calloc((size_t)np + 1, sizeof(*p));
    if (!p)
        err(1, "malloc");
    for (i = 0; i < np; i++) {
        const char *a = argv[1 + i];

        p[i].id = (unsigned int)atoi(a + 1);
        switch (a[0]) {
        case 'n': p[i].perms = XS_PERM_NONE; break;
        case 'r': p[i].perms = XS_PERM_READ; break;
        case 'w': p[i].perms = XS_PERM_WRITE; break;
        case 'b': p[i].perms = XS_PERM_READ | XS_PERM_WRITE; break;
        default:
            errx(1, "Invalid permission specification: '%c'", a[0]);
        }
    }
    do_chmod(h, t, argv[0], p, np, o->upto, o->recurse);
    free(p);
    return 0;
}

static int do_watch(struct xs_handle *h, const struct opts *o, char **keys)
{
    int count;

    for (; *keys; keys++)
        if (!xs_watch(h, *keys, *keys))
            errx(1, "Unable to add watch on %s\n", *keys);
    for (count = 0; o->nr_watches == -1 || count < o->nr_watches; count++) {
        unsigned int num;
        char **v = xs_read_watch(h, &num);

        if (!v) {
            if (errno == EINTR || errno == EAGAIN)
                continue;
            err(1, "xs_read_watch");
        }
        printf("%s\n", v[XS_WATCH_PATH]);
        fflush(stdout);
        free(v);
    }
    return 0;
}

static int do_read(struct xs_handle *h, xs_transaction_t t,
                   const struct opts *o, const char *key)
{
    unsigned int len;
    char *val = xs_read(h, t, key, &len), *s;

    if (!val) {
        warnx("couldn't read path %s", key);
        return 1;
    }
    if (o->prefix)
        out("%s: ", key);
    if (o->raw) {
        out_raw(val, len);
    } else {
        s = sanitised(val, len);
        out("%s\n", s);
        free(s);
    }
    free(val);
    return 0;
}

static int do_write(struct xs_handle *h, xs_transaction_t t,
                    const struct opts *o, const char *key, const char *v)
{
    unsigned int len = (unsigned int)strlen(v);
    char *buf = malloc(len + 1);
    int rc = 0;

    if (!buf)
        err(1, "malloc");
    if (o->raw)
        memcpy(buf, v, len + 1);
    else
        cli_unsanitise(buf, &len, v);
    if (!xs_write(h, t, key, buf, len)) {
        warnx("could not write path %s", key);
        rc = 1;
    }
    free(buf);
    return rc;
}

static int do_list(struct xs_handle *h, xs_transaction_t t,
                   const struct opts *o, const char *key)
{
    unsigned int num, i;
    char **l = xs_directory(h, t, key, &num);

    if (!l) {
        warnx("could not list path %s", key);
        return 1;
    }
    for (i = 0; i < num; i++) {
        if (o->prefix)
            out("%s/", key);
        out("%s\n", l[i]);
    }
    free(l);
    return 0;
}

static int perform(struct xs_handle *h, xs_transaction_t t,
                   const struct opts *o, int argc, char **argv)
{
    int i = 0, rc = 0;
    char *v;

    if (o->mode == M_LS) {
        do_ls(h, o, argc ? argv[0] : "/", 0);
        for (i = 1; i < argc; i++)
            do_ls(h, o, argv[i], 0);
        return 0;
    }
    if (o->mode == M_CHMOD)
        return do_chmod_args(h, t, o, argv);
    if (o->mode == M_WATCH)
        return do_watch(h, o, argv);
    while (i < argc && !rc) {
        switch (o->mode) {
        case M_READ: rc = do_read(h, t, o, argv[i]); break;
        case M_WRITE: rc = do_write(h, t, o, argv[i], argv[i + 1]); i++;
            break;
        case M_RM: rc = do_rm(h, t, argv[i], o->tidy); break;
        case M_LIST: rc = do_list(h, t, o, argv[i]); break;
        case M_EXISTS:
            v = xs_read(h, t, argv[i], NULL);
            rc = v ? 0 : 1;
            free(v);
            break;
        default: errx(1, "invalid mode %d", o->mode);
        }
        i++;
    }
    return rc;
}

static enum mode lookup_mode(const char *m)
{
    static const char *const names[] = {
        [M_CHMOD] = "chmod", [M_EXISTS] = "exists", [M_LIST] = "list",
        [M_LS] = "ls", [M_READ] = "read", [M_RM] = "rm",
        [M_WRITE] = "write", [M_WATCH] = "watch",
    };
    size_t i;

    for (i = 1; i < sizeof(names) / sizeof(names[0]); i++)
        if (!strcmp(m, names[i]))
            return (enum mode)i;
    errx(1, "unknown mode %s\n", m);
}

/* Option letter c allowed in mode m? */
static int allowed(enum mode m, int c)
{
    switch (c) {
    case 'f': return m == M_LS;
    case 'p': return m == M_READ || m == M_LIST || m == M_LS;
    case 't': return m == M_RM;
    case 'u': case 'r': return m == M_CHMOD;
    case 'n': return m == M_WATCH;
    case 'R': return m == M_READ || m == M_WRITE;
    default: return 1;
    }
}

static void parse(struct opts *o, int argc, char **argv, int sw)
{
    static const struct option lo[] = {
        { "help", 0, 0, 'h' }, { "flat", 0, 0, 'f' },
        { "prefix", 0, 0, 'p' }, { "tidy", 0, 0, 't' },
        { "upto", 0, 0, 'u' }, { "recurse", 0, 0, 'r' },
        { "number", 1, 0, 'n' }, { "raw", 0, 0, 'R' }, { 0, 0, 0, 0 },
    };
    int c;

    while ((c = getopt_long(argc - sw, argv + sw, "hfspturn:R", lo,
                            NULL)) != -1) {
        if (c == 'h' || !allowed(o->mode, c))
            usage(o->mode, sw, argv[0]);
        switch (c) {
        case 'f':
            o->max_width = INT_MAX / 2;
            o->desired_width = 0;
            o->whole_path = 1;
            break;
        case 'p': o->prefix = 1; break;
        case 't': o->tidy = 1; break;
        case 'u': o->upto = 1; break;
        case 'r': o->recurse = 1; break;
        case 'n': o->nr_watches = atoi(optarg); break;
        case 'R': o->raw = 1; break;
        default: break;   /* -s (ignored) and unknown options */
        }
    }
}

int main(int argc, char **argv)
{
    struct opts o = { .nr_watches = -1, .max_width = 80,
                      .desired_width = 60 };
    const char *cmd = strrchr(argv[0], '/');
    struct xs_handle *h;
    xs_transaction_t t = XBT_NULL;
    int sw, nargs, txn, rc;
    struct winsize ws;

    cmd = cmd ? cmd + 1 : argv[0];
    if (!strcmp(cmd, "xenstore-control"))
        return cli_control_main(argc, argv);
    if (!strncmp(cmd, "xenstore-", 9)) {
        sw = 0;
        cmd += 9;
    } else if (argc < 2) {
        usage(M_NONE, 0, argv[0]);
    } else {
        cmd = argv[1];
        sw = 1;
    }
    o.mode = lookup_mode(cmd);
    parse(&o, argc, argv, sw);
    nargs = argc - sw - optind;
    if (o.mode == M_WRITE && nargs % 2 == 1)
        usage(o.mode, sw, argv[0]);
    if (o.mode != M_LS && nargs == 0)
        usage(o.mode, sw, argv[0]);
    txn = o.mode == M_READ ? nargs > 1 : o.mode == M_WRITE ? nargs > 2 :
          o.mode == M_LS || o.mode == M_WATCH ? 0 : 1;
    if (o.mode == M_LS) {
        memset(&ws, 0, sizeof(ws));
        if (!ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws))
            o.max_width = ws.ws_col - 2;
    }
    h = xs_open(0);
    if (!h)
        err(1, "xs_open");
    for (;;) {
        if (txn && (t = xs_transaction_start(h)) == XBT_NULL)
            errx(1, "couldn't start transaction");
        rc = perform(h, t, &o, nargs, argv + sw + optind);
        if (!txn || xs_transaction_end(h, t, rc != 0))
            break;
        if (rc || errno != EAGAIN)
            errx(1, "couldn't end transaction");
        olen = 0;
    }
    if (olen)
        fwrite(obuf, 1, olen, stdout);
    free(obuf);
    xs_close(h);
    return rc;
}
