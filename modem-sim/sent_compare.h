/*
 * sent_compare.h - did what reached the remote carry the document the FSP was given?
 *
 * The remote keeps the pages it confirmed (MCF) of the last call the DTE placed. This
 * compares them with the document, pixel for pixel, and allows exactly what a correct
 * sender may change:
 *   - the resolution it negotiated (docs/class20-notes.md; issue 14): a fine (196 lpi)
 *     document sent at normal (98 lpi) has one row per two - either of them, or their
 *     union or intersection, as senders merge them; a normal one sent at fine has each
 *     row twice;
 *   - a branding header at the top of each page (SEND-10): the top SENT_BRANDING_MM may
 *     differ, drawn over the page or added above it (the page longer by that much);
   - white rows at the bottom of a page left out (senders trim trailing white space).
 * Anything else is a difference: a page changed, missing, extra, cut short (a row left
 * out that is not white) or grown.
 */
#ifndef MODEMSIM_SENT_COMPARE_H
#define MODEMSIM_SENT_COMPARE_H

#include <stddef.h>

#include "fax_page.h"

#define SENT_BRANDING_MM 12

typedef enum sent_match {
    SENT_SAME,       /* every page arrived as the document has it */
    SENT_FEWER,      /* the pages that arrived are right, but not all of them did */
    SENT_DIFFERENT   /* a page that arrived is not the document's (or one too many) */
} sent_match;

/* Compares `received` (at `received_yres` lpi) with `document`. On SENT_FEWER and
 * SENT_DIFFERENT, `why` says where ("page 2 row 40: first difference at x=17"); on
 * SENT_SAME it says what was allowed ("branding: top 30 rows not compared on page 1"),
 * or is empty. */
sent_match sent_compare(const fax_doc *document, const fax_doc *received, char *why,
                        size_t why_size);

const char *sent_match_name(sent_match match);

#endif /* MODEMSIM_SENT_COMPARE_H */
