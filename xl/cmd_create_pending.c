/*
 * xl: placeholder for `create` until the config part's xl/cmd_create.c
 * is in the tree.  Weak, so that file's definition replaces it at link
 * time without any change here; this file is deleted afterwards.
 */
#include "config.h"

#include "xl.h"

__attribute__((weak)) int cmd_create(struct xl_env *env, int argc,
                                     char **argv)
{
    (void)argc;
    (void)argv;
    return xl_not_supported(env);
}
