/*
 * libxl (config model): the vif spec mini-language of
 * xl-network-configuration(5): comma-separated key=value pairs, MAC
 * addresses, rate=RATE/s[@INTERVAL], trusted/untrusted flags.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config_internal.h"

static int parse_mac(const char *s, uint8_t mac[6])
{
    int i;
    char *end;

    for (i = 0; i < 6; i++) {
        if (!isxdigit((unsigned char)s[0]) || !isxdigit((unsigned char)s[1]))
            return -1;
        mac[i] = (uint8_t)strtoul((char[3]){ s[0], s[1], 0 }, &end, 16);
        s += 2;
        if (i < 5 && *s++ != ':')
            return -1;
    }
    return *s ? -1 : 0;
}

/* "10Mb/s@20ms" -> bytes per interval and interval in microseconds. */
static int parse_rate(struct libxl_device_nic *n, const char *s)
{
    char *end;
    double v = strtod(s, &end);
    double mult = 1, bytes, interval = 50000;
    const char *u = end;

    if (end == s || v < 0)
        return -1;
    if (*u == 'K' || *u == 'M' || *u == 'G') {
        mult = *u == 'K' ? 1e3 : *u == 'M' ? 1e6 : 1e9;
        u++;
    }
    if (*u == 'B')
        ;
    else if (*u == 'b')
        mult /= 8;
    else
        return -1;
    u++;
    if (strncmp(u, "/s", 2))
        return -1;
    u += 2;
    if (*u == '@') {
        double iv = strtod(u + 1, &end);

        if (end == u + 1 || iv <= 0)
            return -1;
        if (!strcmp(end, "s"))
            interval = iv * 1e6;
        else if (!strcmp(end, "ms"))
            interval = iv * 1e3;
        else if (!strcmp(end, "us") || !*end)
            interval = iv;
        else
            return -1;
    } else if (*u) {
        return -1;
    }
    bytes = v * mult * interval / 1e6;
    if (bytes < 1 || bytes > (double)UINT64_MAX || interval > UINT32_MAX)
        return -1;
    n->rate_bytes_per_interval = (uint64_t)bytes;
    n->rate_interval_usecs = (uint32_t)interval;
    return 0;
}

static void put(char **f, const char *v)
{
    free(*f);
    *f = libxl__strdup_or_abort(v);
}

static const char *nic_kv(struct libxl_device_nic *n, const char *k,
                          const char *v)
{
    char *end;

    if (!strcmp(k, "mac")) {
        if (parse_mac(v, n->mac))
            return "invalid mac address (expected XX:XX:XX:XX:XX:XX)";
        n->mac_set = 1;
    } else if (!strcmp(k, "bridge"))
        put(&n->bridge, v);
    else if (!strcmp(k, "gatewaydev") || !strcmp(k, "netdev"))
        put(&n->gatewaydev, v);
    else if (!strcmp(k, "type")) {
        if (!strcmp(v, "ioemu"))
            n->nictype = LIBXL_NIC_TYPE_VIF_IOEMU;
        else if (!strcmp(v, "vif"))
            n->nictype = LIBXL_NIC_TYPE_VIF;
        else
            return "invalid type (ioemu or vif)";
    } else if (!strcmp(k, "model"))
        put(&n->model, v);
    else if (!strcmp(k, "vifname"))
        put(&n->ifname, v);
    else if (!strcmp(k, "script"))
        put(&n->script, v);
    else if (!strcmp(k, "ip"))
        put(&n->ip, v);
    else if (!strcmp(k, "backend"))
        put(&n->backend_domname, v);
    else if (!strcmp(k, "forwarddev"))
        put(&n->coloft_forwarddev, v);
    else if (!strcmp(k, "rate")) {
        if (parse_rate(n, v))
            return "invalid rate (expected RATE/s[@INTERVAL], e.g. "
                   "10Mb/s@20ms)";
    } else if (!strcmp(k, "devid") || !strcmp(k, "mtu")) {
        long l = strtol(v, &end, 0);

        if (!*v || *end || l < 0 || l > 65535)
            return "invalid number";
        if (k[0] == 'd')
            n->devid = (int)l;
        else
            n->mtu = (int)l;
    } else if (!strcmp(k, "accel")) {
        return "accel is no longer supported";
    } else
        return "unknown vif parameter";
    return NULL;
}

int libxl__parse_nic(struct libxl_device_nic *n, const char *spec,
                     char **err_r)
{
    char *buf = libxl__strdup_or_abort(spec), *p = buf, *t, *eq, *e;
    const char *err = NULL;

    while (p && !err) {
        t = p;
        p = strchr(p, ',');
        if (p)
            *p++ = 0;
        while (isspace((unsigned char)*t))
            t++;
        e = t + strlen(t);
        while (e > t && isspace((unsigned char)e[-1]))
            *--e = 0;
        if (!*t)
            continue;
        if (!strcmp(t, "trusted") || !strcmp(t, "untrusted")) {
            n->trusted.val = t[0] == 't' ? LIBXL_DEFBOOL_TRUE
                                         : LIBXL_DEFBOOL_FALSE;
            continue;
        }
        eq = strchr(t, '=');
        if (!eq) {
            *err_r = libxl__xasprintf("invalid vif parameter `%s' "
                                      "(expected key=value)", t);
            free(buf);
            return -EINVAL;
        }
        *eq = 0;
        err = nic_kv(n, t, eq + 1);
        if (err)
            *err_r = libxl__xasprintf("%s: `%s=%s'", err, t, eq + 1);
    }
    free(buf);
    return err ? -EINVAL : 0;
}

LIBXL_TYPES_API int libxl_device_nic_parse(struct libxl_device_nic *n,
                                           const char *spec, char **err_r)
{
    return libxl__parse_nic(n, spec, err_r);
}
