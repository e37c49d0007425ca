/*
 * provider.h - what the reference FSP keeps from FaxDevInitialize to FaxDevShutdown.
 *
 * The service calls the exports with no context argument (only job calls carry a
 * FaxHandle), so a DLL has to keep its provider-wide state in one place the exports can
 * reach: this is the only global in the reference FSP, and it is set and cleared only by
 * Initialize and Shutdown.
 */
#ifndef REFSP_PROVIDER_H
#define REFSP_PROVIDER_H

#include "faxdev.h"

typedef struct provider {
    HANDLE heap;   /* the service's private heap for us (INIT-2) */
} provider;

/* Starts the provider on the service's heap. FALSE with SetLastError on failure. */
BOOL provider_start(HANDLE heap);
/* Frees everything provider_start and the jobs left (SHUT-1). */
void provider_stop(void);
/* The running provider, or NULL before Initialize / after Shutdown. */
provider *provider_current(void);

/* INIT-2, INIT-3: every allocation of the FSP goes through these two, on the heap the
 * service gave us. Zero-filled. NULL (with ERROR_NOT_ENOUGH_MEMORY set) on failure or
 * when no provider is running. */
void *provider_alloc(size_t size);
void provider_free(void *block);

#endif /* REFSP_PROVIDER_H */
