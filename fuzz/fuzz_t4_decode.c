/*
 * fuzz_t4_decode.c - libFuzzer target: any bytes, as a modem might receive them after
 * CONNECT, through t4_decode_page in MH and MR and in both bit orders.
 *
 * Beyond the sanitizers' verdict (no read outside the buffer, no leak, no undefined
 * behaviour), the decoder's contract is checked: -1 leaves no page, 0 gives a page of
 * the asked width with at least one good line.
 */
/* fuzz-sources: faxpage/fax_page.c faxpage/t4_stream.c */
#include <stdint.h>
#include <stdlib.h>

#include "fax_page.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void decode_once(const uint8_t *data, size_t size, fax_coding coding,
                        fax_bit_order order)
{
    fax_page page;
    unsigned bad_lines, consecutive_bad;
    char why[128];
    int rc = t4_decode_page(data, size, coding, order, FAX_A4_WIDTH, FAX_YRES_FINE, &page,
                            &bad_lines, &consecutive_bad, why, sizeof(why));
    int broken = rc == 0 ? page.width != FAX_A4_WIDTH || page.height == 0 || !page.bits ||
                               bad_lines >= page.height || consecutive_bad > bad_lines
                         : rc != -1 || page.bits != NULL;
    if (broken)
        abort();    /* libFuzzer keeps the input that broke the contract */
    fax_page_free(&page);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    decode_once(data, size, FAX_CODING_MH, FAX_LSB_FIRST);
    decode_once(data, size, FAX_CODING_MH, FAX_MSB_FIRST);
    decode_once(data, size, FAX_CODING_MR, FAX_LSB_FIRST);
    decode_once(data, size, FAX_CODING_MR, FAX_MSB_FIRST);
    return 0;
}
