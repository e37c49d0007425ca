/*
 * Mutant settings_key_all_access: the FSP opens its settings key asking for
 * KEY_ALL_ACCESS - the default of many a registry wrapper - although it only reads it.
 * Under the fax service the FSP runs as NetworkService, which has no such right on
 * HKLM, so the open fails there and the FSP starts with no devices. Breaks LOAD-3: a
 * hosted FSP must not ask for KEY_ALL_ACCESS.
 *
 * mutant-link: -Wl,--wrap=config_read
 * breaks: LOAD-3 FAIL
 */
#include "config.h"

BOOL __real_config_read(refsp_config *config);
BOOL __wrap_config_read(refsp_config *config);

BOOL __wrap_config_read(refsp_config *config)
{
    HKEY key;
    /* the breach: every right asked for, to read two values */
    if (RegOpenKeyExW(HKEY_CURRENT_USER, REFSP_CONFIG_KEY, 0, KEY_ALL_ACCESS, &key) ==
        ERROR_SUCCESS)
        RegCloseKey(key);
    return __real_config_read(config);
}
