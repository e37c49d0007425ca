/*
 * config.h - how the reference FSP is configured: the registry, as an FSP is
 * configured on Windows (LOAD-7: configuration storage is the FSP's own business).
 *
 *   HKEY_LOCAL_MACHINE\Software\FSPKit\ReferenceFSP     (the fax service's machine-wide
 *   HKEY_CURRENT_USER\Software\FSPKit\ReferenceFSP       settings; the per-user key is
 *                                                        read when the machine key is
 *                                                        absent, so tests need no admin)
 *     DeviceCount       REG_DWORD  1..8 virtual devices (default 1)
 *     DeviceNamePrefix  REG_SZ     the service appends a number (default "FSPKit Reference Fax ")
 *     DeviceIdPrefix    REG_DWORD  at least 8 (VDEV-4: nonzero); device IDs are prefix + 0, 1, ... (
 *                                  default 0x52460000)
 *     Devices\N\Line    REG_SZ     device N's modem line: "COM5" or "tcp:127.0.0.1:4001"
 *                                  (required for every device)
 *     Devices\N\StationId REG_SZ   our TSI/CSI, at most 20 characters (default "FSPKit")
 *     Devices\N\RtnRetries REG_DWORD how often a page answered RTN is sent again (default 2)
 *
 * docs/reference-fsp.md documents the same keys for people.
 */
#ifndef REFSP_CONFIG_H
#define REFSP_CONFIG_H

#include <windows.h>

#define REFSP_MAX_DEVICES 8
#define REFSP_CONFIG_KEY L"Software\\FSPKit\\ReferenceFSP"

typedef struct refsp_device_config {
    wchar_t line[260];          /* "COM5", "\\\\.\\COM12", "tcp:HOST:PORT" */
    char station_id[21];        /* printable ASCII, for +FLI */
    DWORD rtn_retries;
} refsp_device_config;

typedef struct refsp_config {
    DWORD device_count;
    wchar_t name_prefix[128];   /* fits FaxDevVirtualDeviceCreation's 128 WCHARs (VDEV-3) */
    DWORD id_prefix;
    refsp_device_config devices[REFSP_MAX_DEVICES];
} refsp_config;

/* Reads the settings into *config (no heap: it may run before FaxDevInitialize, INIT-9).
 * FALSE with SetLastError(ERROR_BAD_CONFIGURATION) when a device has no Line or a value
 * is out of range; a debugger sees why through OutputDebugString. */
BOOL config_read(refsp_config *config);

#endif /* REFSP_CONFIG_H */
