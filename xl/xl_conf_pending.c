/*
 * xl: xl.conf(5) key parsing while libxlutil (the xl.cfg grammar) is not
 * in the tree: the defaults are kept and xl_conf_load() says so at -v.
 * Replaced by the libxlutil-based parser once libxlutil.h exists.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>

#include "xl.h"

int xl_conf_parse(struct xl_conf *c, const char *path, FILE *report);

int xl_conf_parse(struct xl_conf *c, const char *path, FILE *report)
{
    (void)c;
    (void)path;
    (void)report;
    return -ENOSYS;
}
