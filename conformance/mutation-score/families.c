/*
 * families.c - the kit's mutant families (see families.h).
 */
#include "families.h"

#include <string.h>

/* The reference FSP reads its devices from the registry (docs/reference-fsp.md): its
 * .reg puts device 0 on COM5, where --line puts modem-sim. Every job-level defect needs
 * that line; the load-time ones stop before it matters. */
static const char *const reference_options[] = {
    "--line", "COM5", "--setup", "conformance/reference-fsp.reg", NULL,
};
/* vfsp (conformance/testfsp/) needs no set-up; its ring mutant is rung by copying the
 * fax into vfsp's inbox folder, which is one per Wine prefix (each worker has its own). */
static const char *const virtual_options[] = {NULL};

static const mutant_family families[] = {
    /* a reference FSP's modem session is seconds long; an abort aimed at a modem hold
     * point that never acts is seen 10 s later */
    {"reference", "conformance/mutants", "mutants", reference_options, "10", NULL},
    {"reference", "conformance/modem-mutants", "modem-mutants", reference_options, "10", NULL},
    /* vfsp's operations take milliseconds: 5 s is long past any of them */
    {"virtual", "conformance/testfsp/mutants", "vfsp-mutants", virtual_options, "5",
     "copy \"%FSPKIT_RING_FILE%\" \"%TEMP%\\vfsp-inbox\\call.tif\""},
};

const mutant_family *mutant_families(size_t *count)
{
    *count = sizeof(families) / sizeof(families[0]);
    return families;
}

const mutant_family *mutant_family_find(const char *name)
{
    for (size_t i = 0; i < sizeof(families) / sizeof(families[0]); i++)
        if (strcmp(families[i].name, name) == 0)
            return &families[i];
    return NULL;
}
