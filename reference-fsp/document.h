/*
 * document.h - the reference FSP's pages: the service's TIFF Class F files in and out,
 * and the raw T.4 page data a Class 2.0 modem carries.
 *
 *   send:    FAX_SEND.FileName --document_open/read_page--> one page
 *            --document_encode_page--> T.4
 *   receive: T.4 --document_decode_page--> one page --document_append_page-->
 *            FAX_RECEIVE.FileName
 *   (document_load and document_save_received do the same for a whole document at
 *   once: for tools and tests, whose documents are short.)
 *
 * Portable C11 + libtiff (faxpage does the TIFF and T.4 work): built natively for the
 * Check suite and the fuzzer, and with mingw for the DLL. Nothing here prints; every
 * problem comes back as text in the caller's `why` ("FILE: page 2: row 17: ..."), with
 * libtiff's own words where libtiff had any (faxpage's per-handle handlers keep them).
 *
 * What the service's files are (IMG-1..4): TIFF Class F, MMR (T.6), RowsPerStrip 1,
 * little-endian ("II"). IMG-5 (generic TIFF-F, UNCONFIRMED for Microsoft): 1728 pels
 * wide, XResolution 204, YResolution 98 or 196.
 * - Reading takes more than that: MH, MR or MMR (Compression 3 or 4), FillOrder 1 or 2,
 *   any strips, either byte order. Every page must be 1728 pels wide, and its
 *   YResolution normal (90..105 lpi: 98, 100, 3.85 l/mm) or fine (180..210 lpi: 196,
 *   200, 7.7 l/mm); the page is then taken as exactly 98 or 196 lpi. Writers round the
 *   T.4 resolutions differently (98/196 lpi, 100/200 dpi, lines per cm), and these
 *   ranges take every rounding while keeping anything else (300 dpi scans) out.
 * - Writing gives exactly the service's form: MMR, RowsPerStrip 1, II, FillOrder 2
 *   (LSB2MSB, the T.4 line order, which TIFF-F writers such as HylaFAX use and
 *   fspconform's stand-in service documents have), 1728 wide, 204 x 98/196 dpi.
 * - A page is at most 2 m of paper: 8192 rows at 98 lpi, 16384 at 196 lpi (faxpage's
 *   T.4 decoder stops at 16384 lines, so a longer page could not travel intact).
 *
 * Files (RECV-3; SEND-4):
 * - Windows: the paths are the service's wide strings. document_load opens with
 *   CreateFileW(GENERIC_READ, OPEN_EXISTING), document_save_received with
 *   CreateFileW(GENERIC_READ | GENERIC_WRITE, OPEN_EXISTING) and then truncates: the
 *   service created the file, and a missing file is an error, never created here. Both
 *   share read and write, as libtiff's own TIFFOpenW does. The HANDLE goes to libtiff
 *   through faxpage's *_fd functions (TIFFFdOpenExt: in tif_win32.c the "fd" is the
 *   HANDLE cast to int through intptr_t, sound on Win64 because a kernel handle's
 *   significant bits fit in 32), and libtiff never closes it; we do.
 * - Elsewhere: open(O_RDONLY) and open(O_RDWR | O_TRUNC) without O_CREAT, the same way.
 * - Files are read unmapped (libtiff mode "rm").
 *
 * Memory - an exception to INIT-2/INIT-3, stated here on purpose. provider.h routes the
 * FSP's allocations through provider_alloc (the service's private heap); the pages do
 * not: faxpage and this file use malloc, and libtiff 4.5 uses the CRT's malloc too
 * (_TIFFmalloc in tif_win32.c) and has no allocator hook. Why that is acceptable:
 * - Most of the memory a load or a save uses is libtiff's (strip buffers, directories,
 *   codec state). An allocator hook in faxpage would move only our bitmaps to the
 *   service's heap and leave the rule broken anyway, at the cost of an allocator
 *   argument on every faxpage call (modem-sim, tools and tests share it) or of a global
 *   hook, which would be process-wide mutable state.
 * - What the rule protects: the service destroys the heap when it unloads the DLL
 *   (INIT-4), so nothing allocated from it can outlive the DLL, and it may free blocks
 *   an FSP hands it. No page memory is ever handed to the service, and the rule for
 *   callers below means none outlives the export that made it, so at unload nothing
 *   of ours is left on the CRT heap either.
 * The rule for callers: every fax_doc, fax_page and T.4 buffer from these functions is
 * freed (fax_doc_free, fax_page_free, free) before the export that made it returns.
 * FaxDevSend opens, reads page by page and closes within itself; FaxDevReceive
 * creates, appends page by page and finishes within itself. None of them may be kept in
 * job data across exports.
 */
#ifndef REFSP_DOCUMENT_H
#define REFSP_DOCUMENT_H

#include <stddef.h>
#include <stdint.h>

#include "fax_page.h"

#ifdef _WIN32
#include <wchar.h>
typedef wchar_t document_char;  /* the service's paths are wide */
#else
typedef char document_char;
#endif

#define DOCUMENT_MAX_ROWS_NORMAL 8192   /* 2 m of paper at 98 lpi */
#define DOCUMENT_MAX_ROWS_FINE 16384    /* 2 m of paper at 196 lpi */

/* Copy quality for a received page, as modem-sim's remote judges it (docs/modem-sim.md):
 * a page with more bad lines than this, or a longer run of them, is refused. */
#define DOCUMENT_BAD_LINE_PERCENT_LIMIT 5
#define DOCUMENT_BAD_RUN_LIMIT 10

/* Loads every page of the document at `path` (FAX_SEND.FileName, SEND-4) into `doc`,
 * each page 1728 pels wide at exactly 98 or 196 lpi. Returns 0, or -1 with the reason
 * in `why`: "PATH: does not exist", "PATH: empty file (0 bytes), not a TIFF",
 * "PATH: not a TIFF (it starts with 25 50 44 46)", "PATH: page 2: compression 5 (LZW)
 * is not a fax coding ...", "PATH: page 1: 2048 pels wide ...", "PATH: page 3: row 17:
 * Fax4Decode: Bad code word ...". A damaged page is refused, never sent padded. `doc`
 * is replaced only on success (free it with fax_doc_free). */
int document_load(const document_char *path, fax_doc *doc, char *why, size_t why_size);

/* The document to send, page by page (SEND-4): memory bounded by one page whatever the
 * document's length (a fine A4 page is about 0.5 MB as a bitmap). document_open checks
 * that the file is a TIFF with pages and keeps it open (0, or -1 with the reason, as
 * document_load words it); document_read_page decodes page `index` (from 0) with every
 * check document_load makes, refusing a damaged page, never padding it; document_close
 * closes it. A caller that wants a damaged page refused before the call reads every page
 * once first (send.c does, one at a time, looking for an abort between pages). */
typedef struct document_reader document_reader;
int document_open(const document_char *path, document_reader **reader, char *why,
                  size_t why_size);
size_t document_page_count(const document_reader *reader);
int document_read_page(document_reader *reader, size_t index, fax_page *page, char *why,
                       size_t why_size);
void document_close(document_reader *reader);

/* One page as the raw T.4 data a Class 2.0 DTE sends after CONNECT for the negotiated
 * session: `coding` MH or MR (K = 2 at 98 lpi, 4 at 196), `session_yres`
 * FAX_YRES_NORMAL or FAX_YRES_FINE, bytes in `order` (+FBO=0, "direct", is
 * FAX_LSB_FIRST). A fine page on a normal session loses every other row; a normal
 * page on a fine session has each row sent twice (document.c says why). Every line
 * starts with a byte-aligned EOL, and no fill pads the lines (the DCE inserts fill for
 * the scan time). No RTC: the DCE appends it (docs/class20-notes.md 1.3); modem-sim takes
 * pages with or without it. The page must be 1728 pels wide at 98 or 196 lpi (as
 * document_load gives). Returns 0 with a malloc'd buffer in *data (free it) and its
 * length in *size, or -1 with the reason. */
int document_encode_page(const fax_page *page, fax_coding coding, uint16_t session_yres,
                         fax_bit_order order, unsigned char **data, size_t *size,
                         char *why, size_t why_size);

/* One received page from the raw T.4 data the modem delivered (+FDR, DLE-unstuffed):
 * `coding` MH or MR and `yres` as negotiated (+FCS), bytes in `order`. Lines are 1728
 * pels (Class 2.0 WD 0, the only width this FSP offers). Leading fill, fill before
 * EOLs, RTC and whatever follows RTC are tolerated. A bad line is replaced by the
 * previous good one, as fax receivers do. Returns 0 with the page in `page` (`why`
 * then empty, or naming the first bad line), or -1 with the reason when nothing
 * decodes ("undecodable page: no EOL found in 64 bytes: not a T.4 page") or the copy
 * quality rule above fails ("80 of 1143 lines bad, 12 in a row (first: line 17: bad
 * code)"): the DTE should then answer RTN. */
int document_decode_page(const unsigned char *data, size_t size, fax_coding coding,
                         uint16_t yres, fax_bit_order order, fax_page *page,
                         char *why, size_t why_size);

/* Writes the received pages into the file the service created (FAX_RECEIVE.FileName,
 * RECV-2, RECV-3: opened OPEN_EXISTING, truncated) as MMR, RowsPerStrip 1, II,
 * FillOrder 2, 204 x 98/196 dpi. Every page must be 1728 pels wide at 98 or 196 lpi.
 * Returns 0, or -1 with the reason; a missing file is "PATH: does not exist: the
 * service did not create it (RECV-3)". Pages that are not fax pages are refused before
 * the file is touched; a failure while writing leaves the file empty, never holding a
 * partial TIFF that would pass for a short fax. */
int document_save_received(const document_char *path, const fax_doc *doc, char *why,
                           size_t why_size);

/* The received document, page by page (RECV-2, RECV-3): memory bounded by one page
 * however long the call. document_create opens the file the service created
 * (OPEN_EXISTING) and empties it; document_append_page writes one page as
 * document_save_received would (MMR, RowsPerStrip 1, II, FillOrder 2; PageNumber's
 * total 0, "unknown"); document_finish(keep) flushes and closes it - and unless `keep`
 * and every page went in, leaves the file empty, never a partial TIFF that would pass
 * for a short fax. Each returns 0, or -1 with the reason; document_finish always frees
 * the writer. */
typedef struct document_writer document_writer;
int document_create(const document_char *path, document_writer **writer, char *why,
                    size_t why_size);
int document_append_page(document_writer *writer, const fax_page *page, char *why,
                         size_t why_size);
int document_finish(document_writer *writer, int keep, char *why, size_t why_size);

#endif /* REFSP_DOCUMENT_H */
