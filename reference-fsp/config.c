/*
 * config.c - the reference FSP's registry settings (see config.h).
 */
#include "config.h"

#include <stdio.h>
#include <wchar.h>

#define DEFAULT_NAME_PREFIX L"FSPKit Reference Fax "
#define DEFAULT_ID_PREFIX 0x52460000u /* 'RF' in the high word: nonzero, recognisable */
#define DEFAULT_STATION_ID "FSPKit"
#define DEFAULT_RTN_RETRIES 2

/* The machine-wide key if it exists, else the per-user one. */
static HKEY open_settings(void)
{
    HKEY key;
    if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, REFSP_CONFIG_KEY, 0, KEY_READ, &key) == ERROR_SUCCESS)
        return key;
    if (RegOpenKeyExW(HKEY_CURRENT_USER, REFSP_CONFIG_KEY, 0, KEY_READ, &key) == ERROR_SUCCESS)
        return key;
    return NULL;
}

static DWORD read_dword(HKEY key, const wchar_t *sub, const wchar_t *name, DWORD fallback)
{
    DWORD value, size = sizeof(value);
    if (RegGetValueW(key, sub, name, RRF_RT_REG_DWORD, NULL, &value, &size) != ERROR_SUCCESS)
        return fallback;
    return value;
}

/* TRUE when the value exists; `text` gets it, NUL-terminated (truncated to count). */
static BOOL read_text(HKEY key, const wchar_t *sub, const wchar_t *name, wchar_t *text,
                      DWORD count)
{
    DWORD size = count * sizeof(wchar_t);
    return RegGetValueW(key, sub, name, RRF_RT_REG_SZ, NULL, text, &size) == ERROR_SUCCESS &&
           text[0] != L'\0';
}

static BOOL refuse(const wchar_t *why)
{
    OutputDebugStringW(why);
    SetLastError(ERROR_BAD_CONFIGURATION);
    return FALSE;
}

/* Devices\N: the line is required; the station ID is kept to printable ASCII, since it
 * goes into AT+FLI="..." (a quote would end the string). */
static BOOL read_device(HKEY key, DWORD index, refsp_device_config *device)
{
    wchar_t sub[64], station[21];
    _snwprintf(sub, 64, L"Devices\\%lu", (unsigned long)index);
    sub[63] = L'\0';
    if (!read_text(key, sub, L"Line", device->line, ARRAYSIZE(device->line)))
        return refuse(L"refsp: a device has no Line value (Devices\\N\\Line)\n");
    if (!read_text(key, sub, L"StationId", station, ARRAYSIZE(station)))
        wcscpy(station, L"" DEFAULT_STATION_ID);
    size_t n = 0;
    for (const wchar_t *c = station; *c && n < sizeof(device->station_id) - 1; c++)
        if (*c >= 0x20 && *c < 0x7F && *c != L'"')
            device->station_id[n++] = (char)*c;
    device->station_id[n] = '\0';
    device->rtn_retries = read_dword(key, sub, L"RtnRetries", DEFAULT_RTN_RETRIES);
    return device->rtn_retries <= 10 ? TRUE
                                     : refuse(L"refsp: RtnRetries is above 10\n");
}

BOOL config_read(refsp_config *config)
{
    ZeroMemory(config, sizeof(*config));
    HKEY key = open_settings();
    if (!key)
        return refuse(L"refsp: no settings under Software\\FSPKit\\ReferenceFSP\n");
    config->device_count = read_dword(key, NULL, L"DeviceCount", 1);
    config->id_prefix = read_dword(key, NULL, L"DeviceIdPrefix", DEFAULT_ID_PREFIX);
    if (!read_text(key, NULL, L"DeviceNamePrefix", config->name_prefix,
                   ARRAYSIZE(config->name_prefix)))
        wcscpy(config->name_prefix, DEFAULT_NAME_PREFIX);
    /* VDEV-4: nonzero; and at least REFSP_MAX_DEVICES, so that a device ID and a device
     * index (which StartJob also takes, provider_device) can never be confused. */
    BOOL ok = config->device_count >= 1 && config->device_count <= REFSP_MAX_DEVICES &&
              config->id_prefix >= REFSP_MAX_DEVICES;
    if (!ok)
        refuse(L"refsp: DeviceCount must be 1..8 and DeviceIdPrefix at least 8\n");
    for (DWORD i = 0; ok && i < config->device_count; i++)
        ok = read_device(key, i, &config->devices[i]);
    DWORD error = GetLastError();
    RegCloseKey(key);
    SetLastError(error); /* ERR-2: the reason stays what refuse() said */
    return ok;
}
