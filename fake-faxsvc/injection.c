/*
 * injection.c - host-side injection points (see injection.h).
 */
#include "injection.h"

#include <string.h>

BOOL injection_arm(injection *in, injection_kind kind, unsigned packet)
{
    memset(in, 0, sizeof(*in));
    in->kind = kind;
    in->packet = packet;
    in->reached = CreateEventW(NULL, TRUE, FALSE, NULL);
    in->proceed = CreateEventW(NULL, TRUE, FALSE, NULL);
    if (in->reached && in->proceed)
        return TRUE;
    injection_disarm(in);
    return FALSE;
}

void injection_reach(injection *in, injection_kind kind, DWORD guard_ms)
{
    if (!in || in->kind != kind || !in->reached)
        return;
    SetEvent(in->reached);
    if (kind == INJECT_BEFORE_OPERATION || kind == INJECT_IN_CALLBACK)
        WaitForSingleObject(in->proceed, guard_ms);
}

void injection_count_packet(injection *in, size_t count)
{
    if (in && in->kind == INJECT_AFTER_PACKET && count == in->packet)
        injection_reach(in, INJECT_AFTER_PACKET, 0);
}

void injection_release(injection *in)
{
    if (in && in->proceed)
        SetEvent(in->proceed);
}

void injection_disarm(injection *in)
{
    injection_release(in);
    if (in->reached)
        CloseHandle(in->reached);
    if (in->proceed)
        CloseHandle(in->proceed);
    memset(in, 0, sizeof(*in));
}
