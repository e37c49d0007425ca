/*
 * hold_points.h - named protocol points where the remote fax machine can be frozen.
 *
 * A test arms one point (`hold mid-page 2 4096` on the control socket); when the
 * session reaches it, the remote side stops making progress and a "held" event goes
 * out; `release` lets it go on. The DCE keeps reading the DTE meanwhile, so an abort
 * aimed at the point is answered at once (but at `ending`, the point that holds the answer) (docs/control.md, class20-notes.md section 7).
 *
 * Points, one per distinct protocol state:
 *   sending side:   after-dial, after-connect, phase-b, mid-page P BYTES,
 *                   post-page-ppr P, between-pages P, before-hangup
 *   receiving side: ring, answering, rx-mid-page P BYTES, rx-post-page P
 *   either side:    ending - the DTE ended the page or the call (DLE ETX, an abort byte,
 *                   CAN, AT+FKS): the DCE took it, but its answer waits for `release`,
 *                   as a real DCE's does while it sends DCN (about 1 s)
 * P counts pages from 1; BYTES counts page data bytes (after DLE unstuffing).
 */
#ifndef MODEMSIM_HOLD_POINTS_H
#define MODEMSIM_HOLD_POINTS_H

#include <stddef.h>

typedef enum hold_kind {
    HOLD_NONE = 0,
    HOLD_AFTER_DIAL,
    HOLD_AFTER_CONNECT,
    HOLD_PHASE_B,
    HOLD_MID_PAGE,
    HOLD_POST_PAGE_PPR,
    HOLD_BETWEEN_PAGES,
    HOLD_BEFORE_HANGUP,
    HOLD_RING,
    HOLD_ANSWERING,
    HOLD_RX_MID_PAGE,
    HOLD_RX_POST_PAGE,
    HOLD_ENDING
} hold_kind;

typedef struct hold_point {
    hold_kind kind;
    unsigned page;      /* for the page points */
    unsigned long bytes;/* for mid-page / rx-mid-page */
} hold_point;

/* Parses "mid-page 2 4096" (words separated by spaces). Returns 0, or -1 with the
 * reason in `why`. */
int hold_point_parse(const char *text, hold_point *point, char *why, size_t why_size);

/* "mid-page 2 4096": the canonical text of a point. */
void hold_point_format(const hold_point *point, char *buf, size_t size);

/* Does the armed point match the session reaching `reached`? For the mid-page points
 * `reached.bytes` is how many bytes of the page have gone by: the hold fires at the
 * first moment that count reaches the armed one. */
int hold_point_matches(const hold_point *armed, const hold_point *reached);

#endif /* MODEMSIM_HOLD_POINTS_H */
