/*
 * fuzz_reg_file.c - libFuzzer target for the .reg reader behind `fspconform --setup`
 * (reg_file_parse): vendors' installer files, REGEDIT4 or version 5.00, UTF-16LE or
 * ASCII - or anything else a user passes by mistake.
 *
 * Besides the sanitizers' checks, reg_file.h's contract is checked and a breach stops
 * the run with __builtin_trap():
 *   - the result is 0 or -1; a refusal leaves "PATH:LINE: problem" (starting with the
 *     path given) in `why`, NUL-terminated, and nothing in the reg_file;
 *   - on success every change has a known kind and root, a line within the input's line
 *     count, a subkey; values have a name and `size` bytes of data (a REG_DWORD four);
 *   - parsing the same bytes again gives the same changes (no hidden state).
 *
 * fuzz-sources: common/reg_file.c
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "reg_file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char PATH[] = "fuzz.reg";

static void check_changes(const reg_file *f, size_t size)
{
    for (size_t i = 0; i < f->count; i++) {
        const reg_change *c = &f->changes[i];
        if (c->kind > REG_CHANGE_DELETE_VALUE || c->root > REG_ROOT_CURRENT_CONFIG ||
            !c->subkey || c->line == 0 || c->line > size + 1)
            __builtin_trap();
        if (c->kind == REG_CHANGE_VALUE || c->kind == REG_CHANGE_DELETE_VALUE)
            if (!c->name)
                __builtin_trap();
        if (c->kind == REG_CHANGE_VALUE && c->size > 0 && !c->data)
            __builtin_trap();
        if (c->kind == REG_CHANGE_VALUE && c->type == 4 && c->size != 4)
            __builtin_trap();
        if (c->data && c->size > 0) { /* every byte readable (ASan) */
            volatile unsigned char sum = 0;
            for (size_t b = 0; b < c->size; b++)
                sum ^= c->data[b];
            (void)sum;
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    reg_file first, again;
    char why[256], why_again[256];
    memset(why, 0x5A, sizeof(why));
    int result = reg_file_parse(PATH, data, size, &first, why, sizeof(why));
    if (result != 0 && result != -1)
        __builtin_trap();
    if (result == -1) {
        if (!memchr(why, '\0', sizeof(why)) || strncmp(why, PATH, strlen(PATH)) != 0 ||
            first.count != 0)
            __builtin_trap();
        return 0;
    }
    check_changes(&first, size);
    if (reg_file_parse(PATH, data, size, &again, why_again, sizeof(why_again)) != 0 ||
        again.count != first.count || again.unicode != first.unicode)
        __builtin_trap();
    for (size_t i = 0; i < first.count; i++) {
        const reg_change *a = &first.changes[i], *b = &again.changes[i];
        if (a->kind != b->kind || a->root != b->root || a->line != b->line ||
            strcmp(a->subkey, b->subkey) != 0 || a->type != b->type || a->size != b->size ||
            (a->size && memcmp(a->data, b->data, a->size) != 0))
            __builtin_trap();
    }
    reg_file_free(&again);
    reg_file_free(&first);
    return 0;
}
