/*
 * families.h - the kit's mutant families: where each family's mutant sources and DLLs
 * are, and the fspconform options its default run takes (the reference FSP's mutants
 * need its modem line and its settings, vfsp's none).
 */
#ifndef MUTATION_FAMILIES_H
#define MUTATION_FAMILIES_H

#include <stddef.h>

typedef struct mutant_family {
    const char *name;             /* "reference", "virtual" */
    const char *source_dir;       /* the mutants' sources, from the source tree's root */
    const char *dll_dir;          /* BUILD/ARCH/<dll_dir>/NAME.dll */
    const char *const *options;   /* fspconform's options for the family (NULL-ended) */
    const char *call_timeout;     /* --call-timeout: a hang or an abort that never acts is
                                     judged in these seconds, not the default 60 */
    const char *ring;             /* --ring for a mutant that declares "needs: ring" */
} mutant_family;

/* Every family, in the order they run; *count receives their number. */
const mutant_family *mutant_families(size_t *count);
/* The family called `name`, or NULL. */
const mutant_family *mutant_family_find(const char *name);

#endif /* MUTATION_FAMILIES_H */
