/*
 * tests: libFuzzer target of the xl.cfg(5) grammar and the typed config:
 * any bytes are parsed as a config chunk, turned into a
 * libxl_domain_config and printed as JSON.  Must never crash or leak.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "libxl_config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    XLU_Config *cfg;
    struct libxl_domain_config dc;
    char *json;

    if (size > (1 << 20))
        return 0;
    cfg = xlu_cfg_init(NULL, "fuzz");
    if (!cfg)
        return 0;
    xlu_cfg_readdata(cfg, (const char *)data, (int)size);
    libxl_domain_config_init(&dc);
    libxl_domain_config_from_xlu(&dc, cfg);
    json = libxl_domain_config_to_json(&dc);
    libxl_domain_config_dispose(&dc);
    libxl_domain_config_init(&dc);
    if (json)
        libxl_domain_config_from_json(&dc, json, NULL);
    free(json);
    libxl_domain_config_dispose(&dc);
    xlu_cfg_destroy(cfg);
    return 0;
}
