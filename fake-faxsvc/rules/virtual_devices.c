/*
 * virtual_devices.c - VDEV rules (see virtual_devices.h).
 */
#include "virtual_devices.h"

void rule_device_creation(const verdict_sink *sink, const device_creation_fact *f)
{
    if (f->count == 0)
        verdict_broken(sink, "VDEV-2", "FaxDevVirtualDeviceCreation returned TRUE with 0 devices");
    else if (f->count > VDEV_PLAUSIBLE_COUNT)
        verdict_doubt(sink, "VDEV-2", "%lu virtual devices (0x%lx): the service creates a "
                      "device for each, and no fax server has more than a few hundred lines - "
                      "an uninitialized count? (the host uses the first %u)",
                      (unsigned long)f->count, (unsigned long)f->count, VDEV_PLAUSIBLE_COUNT);
    else
        verdict_held(sink, "VDEV-2", "%lu virtual device(s)", (unsigned long)f->count);
    uint64_t last_id = (uint64_t)f->id_prefix + (f->count ? f->count - 1 : 0);
    if (f->id_prefix == 0)
        verdict_broken(sink, "VDEV-4", "the device ID prefix is 0; it must be nonzero");
    else if (last_id > 0xFFFFFFFFu)
        verdict_broken(sink, "VDEV-4", "device IDs 0x%lx + 0 .. %lu run past 0xFFFFFFFF and "
                       "wrap around: they are not unique", (unsigned long)f->id_prefix,
                       (unsigned long)f->count - 1);
    else
        verdict_held(sink, "VDEV-4", "device IDs from 0x%lx", (unsigned long)f->id_prefix);
    if (f->bytes_past_name)
        rule_device_creation_overrun(sink, f);
    else if (!f->name_terminated)
        verdict_broken(sink, "VDEV-3", "the device name prefix is not NUL-terminated within "
                       "128 WCHARs");
    else
        verdict_held(sink, "VDEV-3", "the device name prefix is a terminated string");
}

void rule_device_creation_overrun(const verdict_sink *sink, const device_creation_fact *f)
{
    verdict_broken(sink, "VDEV-3", "FaxDevVirtualDeviceCreation wrote %zu byte(s) past the "
                   "end of the 128-WCHAR DeviceNamePrefix buffer", f->bytes_past_name);
}

/* VDEV-5, VDEV-7 on the message: a ring for one of the FSP's own devices, every other
 * field 0. */
static int check_ring_fields(const verdict_sink *sink, const ring_fact *f)
{
    int known = f->device >= f->device_prefix && f->device - f->device_prefix < f->device_count;
    if (f->param1 != f->ringing) {
        verdict_broken(sink, "VDEV-5", "a packet on the VirtualDeviceCreation port with "
                       "dwParam1 0x%llx: the only event is a ring (LINEDEVSTATE_RINGING, 0x%lx)",
                       (unsigned long long)f->param1, (unsigned long)f->ringing);
        return 0;
    }
    if (f->key == f->expected_key)
        verdict_held(sink, "VDEV-5", "a ring (LINEDEVSTATE_RINGING) on the port and key "
                     "VirtualDeviceCreation was given");
    if (!known)
        verdict_broken(sink, "VDEV-7", "ring for device 0x%lx, which is not one of the FSP's "
                       "devices 0x%lx..0x%lx (hDevice is the device ID: prefix + index)",
                       (unsigned long)f->device, (unsigned long)f->device_prefix,
                       (unsigned long)(f->device_prefix + f->device_count - 1));
    else if (f->message_id || f->instance || f->param2 || f->param3)
        verdict_broken(sink, "VDEV-7", "ring for device 0x%lx with nonzero fields (message "
                       "%llu, instance %llu, param2 %llu, param3 %llu); they must be 0",
                       (unsigned long)f->device, (unsigned long long)f->message_id,
                       (unsigned long long)f->instance, (unsigned long long)f->param2,
                       (unsigned long long)f->param3);
    else
        verdict_held(sink, "VDEV-7", "ring for device 0x%lx", (unsigned long)f->device);
    return known;
}

int rule_ring(const verdict_sink *sink, const ring_fact *f, unsigned *bad)
{
    if (f->key != f->expected_key)
        verdict_broken(sink, "VDEV-5", "ring posted with key %llu; VirtualDeviceCreation gave "
                       "key %llu", (unsigned long long)f->key,
                       (unsigned long long)f->expected_key);
    /* VDEV-6: LocalAlloc(LPTR, sizeof(LINEMESSAGE)), posted with that size. */
    if (f->origin != RING_LOCAL_ALLOC) {
        verdict_broken(sink, "VDEV-6", "ring packet 0x%llx is %s; it must come from "
                       "LocalAlloc(LPTR, sizeof(LINEMESSAGE))", (unsigned long long)f->address,
                       f->origin == RING_SERVICE_HEAP
                       ? "a block of the service's private heap"
                       : "not a LocalAlloc block (foreign, freed or on a stack)");
        (*bad)++;
    } else if (f->bytes != f->message_size || f->block_size < f->message_size) {
        verdict_broken(sink, "VDEV-6", "ring packet posted with %lu bytes in a %llu-byte "
                       "block; both must be sizeof(LINEMESSAGE) = %lu", (unsigned long)f->bytes,
                       (unsigned long long)f->block_size, (unsigned long)f->message_size);
        (*bad)++;
    }
    if (f->origin == RING_FOREIGN)
        return 0;
    return check_ring_fields(sink, f);
}

void rule_rings_summary(const verdict_sink *sink, unsigned rings, unsigned bad,
                        size_t unanswered)
{
    if (rings > 0 && bad == 0)
        verdict_held(sink, "VDEV-6", "all %u ring packets were LocalAlloc'd LINEMESSAGEs "
                     "posted with their size", rings);
    if (unanswered > 0)
        verdict_note(sink, "VDEV-8", "%zu ring(s) not answered by the scenario (no 'answer' "
                     "statement took them)", unanswered);
}

void rule_ring_answered(const verdict_sink *sink, const char *where, uint32_t device,
                        uint32_t call_handle)
{
    verdict_note(sink, "VDEV-8", "%s: device 0x%lx rang: StartJob, then FaxDevReceive with "
                 "CallHandle %lu", where, (unsigned long)device, (unsigned long)call_handle);
}

void rule_ring_port_closed(const verdict_sink *sink)
{
    verdict_broken(sink, "VDEV-5", "the FSP closed the completion port "
                   "FaxDevVirtualDeviceCreation gave it: the port is the service's, only to "
                   "be posted to (no ring could reach the service after that)");
}
