/*
 * dte_page.h - a page as a Class 2.0 DTE sends it after +FDT's CONNECT: the T.4 stream
 * (MH, LSB first as with +FBO=0, with RTC), every DLE doubled, then DLE and the
 * post-page message (',' MPS, ';' EOM, '.' EOP). Shared by the modem-sim suites and
 * the modem benchmark, which all play the DTE.
 */
#ifndef FSPKIT_DTE_PAGE_H
#define FSPKIT_DTE_PAGE_H

#include <stddef.h>

#include "fax_page.h"

/* Returns a malloc'd buffer and its length, or NULL with the reason in `why`. */
unsigned char *dte_page_data(const fax_page *page, char ppm, size_t *len, char *why,
                             size_t why_size);

#endif /* FSPKIT_DTE_PAGE_H */
