/*
 * exports.h - the EXP clauses: which of the contract's exports a DLL has, under which
 * names (docs/contract.md section 1).
 */
#ifndef FAKE_FAXSVC_RULES_EXPORTS_H
#define FAKE_FAXSVC_RULES_EXPORTS_H

#include <stddef.h>

#include "verdict.h"

/* What the loader found for one export of the contract. */
typedef struct export_fact {
    const char *name;          /* "FaxDevSend" */
    int required;              /* EXP-1 names it */
    int present;               /* found under its plain name */
    const char *decorated;     /* a stdcall-decorated export of it ("_FaxDevSend@12"), or NULL */
    unsigned decorated_bytes;  /* the @N of that name */
    unsigned x86_arg_bytes;    /* the @N the prototype gives */
} export_fact;

/* EXP-1..5 over every export of the contract. Returns 1 when every required export is
 * there (the host can go on), 0 otherwise. */
int rule_exports(const verdict_sink *sink, const export_fact *exports, size_t count);

#endif /* FAKE_FAXSVC_RULES_EXPORTS_H */
