/*
 * vfsp variant device_id_is_an_index: an FSP written for the other reading of an
 * UNCONFIRMED point - like Microsoft's SampleFSP, its FaxDevStartJob takes DeviceId as
 * the index of the device (0..n-1) and looks it up in its device table directly, while
 * its rings name devices by prefix + index. Given the documented virtual device ID
 * (VDEV-10, prefix + index) it looks past its table and crashes, as SampleFSP does.
 * The kit must find the reading that works, say so (a WARN naming the DeviceId) and
 * judge it on that reading, not fail it.
 *
 * mutant-export: FaxDevStartJob=variant_start_job
 */
#include "vfsp.h"

typedef struct device_slot {
    DWORD jobs;   /* jobs started on it */
} device_slot;

static device_slot slot0, slot1;
static device_slot *const device_table[2] = {&slot0, &slot1};

BOOL WINAPI variant_start_job(HLINE line, DWORD device_id, PHANDLE fax_handle, HANDLE port,
                              ULONG_PTR key)
{
    /* no bounds check, as in SampleFSP: a DeviceId past the table finds no slot */
    device_slot *slot = device_id < 2 ? device_table[device_id] : NULL;
    InterlockedIncrement((volatile LONG *)&slot->jobs);
    return FaxDevStartJob(line, device_id, fax_handle, port, key);
}
