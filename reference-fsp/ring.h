/*
 * ring.h - the ring packet a virtual device posts for an incoming call (VDEV-5..7).
 */
#ifndef REFSP_RING_H
#define REFSP_RING_H

#include "faxdev.h"

/* Posts one ring for device `device_id` on FaxDevVirtualDeviceCreation's port and key:
 * a LINEMESSAGE from LocalAlloc(LPTR, ...), hDevice the device ID, dwParam1
 * LINEDEVSTATE_RINGING, the rest 0. Nothing is posted when the allocation fails. */
void ring_post(HANDLE port, ULONG_PTR key, DWORD device_id);

#endif /* REFSP_RING_H */
