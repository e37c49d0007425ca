/*
 * pe_image.h - just enough of the PE/COFF format to tell what a file is before anyone
 * loads it: DLL or EXE, which architecture, and which DLLs it imports.
 *
 * The parser works on a byte buffer and trusts nothing in it (every offset is bounds-
 * checked), so it is shared by fake-faxsvc.exe (to explain a load failure in one line),
 * by the native fspconform (to pick the x86 or x64 host) and by a libFuzzer target.
 * Portable C11, no Windows headers.
 */
#ifndef FSPKIT_PE_IMAGE_H
#define FSPKIT_PE_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#define PE_MACHINE_I386  0x014cu
#define PE_MACHINE_AMD64 0x8664u

#define PE_MAX_IMPORTS 64

typedef enum pe_verdict {
    PE_OK,
    PE_NOT_PE,          /* no MZ/PE signature: text, an ELF file, a truncated file ... */
    PE_TRUNCATED        /* headers point past the end of the file */
} pe_verdict;

typedef struct pe_info {
    uint16_t machine;         /* PE_MACHINE_* or another IMAGE_FILE_MACHINE value */
    int is_dll;               /* IMAGE_FILE_DLL set */
    int is_pe32_plus;         /* 64-bit optional header */
    size_t import_count;      /* names in imports[], at most PE_MAX_IMPORTS */
    char imports[PE_MAX_IMPORTS][64]; /* imported DLL names, as written in the file */
    const char *problem;      /* with PE_NOT_PE/PE_TRUNCATED: what was wrong, for people */
} pe_info;

/* Examine `size` bytes of a file image. Never reads outside the buffer. */
pe_verdict pe_probe(const unsigned char *data, size_t size, pe_info *info);

/* "x86", "x64", or "machine 0x1c4" (into buf) for anything else. */
const char *pe_machine_name(uint16_t machine, char *buf, size_t bufsize);

#endif /* FSPKIT_PE_IMAGE_H */
