/*
 * fuzz_pe_image.c - libFuzzer target for the PE reader (pe_probe) that inspects vendor
 * DLLs before anything loads them: fspconform picks the host's architecture with it,
 * and fake-faxsvc.exe explains a load failure with it. Any bytes are a file image.
 *
 * Besides the sanitizers' checks, pe_image.h's contract is checked and a breach stops the
 * run with __builtin_trap():
 *   - the verdict is PE_OK, PE_NOT_PE or PE_TRUNCATED; a refusal names its problem;
 *   - with PE_OK, at most PE_MAX_IMPORTS imports, each NUL-terminated in its slot;
 *   - pe_machine_name always gives a NUL-terminated name that fits its buffer;
 *   - every prefix of the input is examined the same way (a truncated download of the
 *     same DLL), and an input cut short never reads past its end (ASan sees that).
 *
 * fuzz-sources: common/pe_image.c
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "pe_image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const uint8_t *data, size_t size)
{
    pe_info info;
    memset(&info, 0xA5, sizeof(info)); /* whatever was there must not leak through */
    pe_verdict verdict = pe_probe(data, size, &info);
    if (verdict != PE_OK && verdict != PE_NOT_PE && verdict != PE_TRUNCATED)
        __builtin_trap();
    if (verdict != PE_OK && (!info.problem || !info.problem[0]))
        __builtin_trap();
    if (verdict == PE_OK) {
        if (info.import_count > PE_MAX_IMPORTS)
            __builtin_trap();
        for (size_t i = 0; i < info.import_count; i++)
            if (!memchr(info.imports[i], '\0', sizeof(info.imports[i])))
                __builtin_trap();
        char name[24];
        const char *machine = pe_machine_name(info.machine, name, sizeof(name));
        if (!machine || strlen(machine) >= sizeof(name))
            __builtin_trap();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check(data, size);
    /* a copy of exactly `size` bytes on the heap: ASan sees a read past the end */
    if (size > 0 && size < 1 << 20) {
        uint8_t copy[1 << 12];
        size_t cut = size < sizeof(copy) ? size / 2 : sizeof(copy) / 2;
        memcpy(copy, data, cut);
        check(copy, cut);
    }
    return 0;
}
