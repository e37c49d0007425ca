/*
 * pe_image.c - bounds-checked PE header probe (see include/pe_image.h).
 *
 * Layout reference: the public PE/COFF specification. Offsets are read little-endian
 * byte by byte so the code is independent of host endianness and alignment.
 */
#include "pe_image.h"

#include <stdio.h>
#include <string.h>

#define IMAGE_FILE_DLL_FLAG      0x2000u
#define OPTIONAL_MAGIC_PE32      0x10bu
#define OPTIONAL_MAGIC_PE32_PLUS 0x20bu
#define IMPORT_DIRECTORY_INDEX   1
#define IMPORT_DESCRIPTOR_SIZE   20u
#define SECTION_HEADER_SIZE      40u

typedef struct pe_view {
    const unsigned char *data;
    size_t size;
} pe_view;

static int read_u16(const pe_view *v, size_t off, uint16_t *out)
{
    if (off > v->size || v->size - off < 2)
        return 0;
    *out = (uint16_t)(v->data[off] | v->data[off + 1] << 8);
    return 1;
}

static int read_u32(const pe_view *v, size_t off, uint32_t *out)
{
    if (off > v->size || v->size - off < 4)
        return 0;
    *out = (uint32_t)v->data[off] | (uint32_t)v->data[off + 1] << 8 |
           (uint32_t)v->data[off + 2] << 16 | (uint32_t)v->data[off + 3] << 24;
    return 1;
}

/* Map a relative virtual address to a file offset through the section table. */
static int rva_to_offset(const pe_view *v, size_t sections, uint16_t nsections,
                         uint32_t rva, size_t *offset)
{
    for (uint16_t i = 0; i < nsections; i++) {
        size_t sh = sections + (size_t)i * SECTION_HEADER_SIZE;
        uint32_t vsize, vaddr, rawsize, rawptr;
        if (!read_u32(v, sh + 8, &vsize) || !read_u32(v, sh + 12, &vaddr) ||
            !read_u32(v, sh + 16, &rawsize) || !read_u32(v, sh + 20, &rawptr))
            return 0;
        uint32_t span = vsize > rawsize ? vsize : rawsize;
        if (rva >= vaddr && rva - vaddr < span) {
            uint64_t off = (uint64_t)rawptr + (rva - vaddr);
            if (off >= v->size)
                return 0;
            *offset = (size_t)off;
            return 1;
        }
    }
    return 0;
}

static void read_imports(const pe_view *v, size_t sections, uint16_t nsections,
                         uint32_t import_rva, pe_info *info)
{
    size_t desc;
    if (import_rva == 0 || !rva_to_offset(v, sections, nsections, import_rva, &desc))
        return;
    for (size_t i = 0; info->import_count < PE_MAX_IMPORTS; i++) {
        uint32_t name_rva;
        size_t name_off;
        if (!read_u32(v, desc + i * IMPORT_DESCRIPTOR_SIZE + 12, &name_rva) || name_rva == 0)
            return;
        if (!rva_to_offset(v, sections, nsections, name_rva, &name_off))
            return;
        char *dst = info->imports[info->import_count];
        size_t n = 0;
        while (n + 1 < sizeof(info->imports[0]) && name_off + n < v->size &&
               v->data[name_off + n] != '\0') {
            dst[n] = (char)v->data[name_off + n];
            n++;
        }
        dst[n] = '\0';
        if (n > 0)
            info->import_count++;
    }
}

pe_verdict pe_probe(const unsigned char *data, size_t size, pe_info *info)
{
    pe_view v = {data, size};
    uint16_t mz, machine, nsections, opt_size, characteristics, magic;
    uint32_t pe_off, signature, ndirs, import_rva;

    memset(info, 0, sizeof(*info));
    if (!read_u16(&v, 0, &mz) || mz != 0x5a4d) {
        info->problem = "not a PE file (no MZ header)";
        return PE_NOT_PE;
    }
    if (!read_u32(&v, 0x3c, &pe_off) || !read_u32(&v, pe_off, &signature)) {
        info->problem = "truncated: the MZ header points past the end of the file";
        return PE_TRUNCATED;
    }
    if (signature != 0x00004550) {
        info->problem = "an MZ (DOS) file without a PE signature";
        return PE_NOT_PE;
    }
    size_t coff = (size_t)pe_off + 4;
    if (!read_u16(&v, coff, &machine) || !read_u16(&v, coff + 2, &nsections) ||
        !read_u16(&v, coff + 16, &opt_size) || !read_u16(&v, coff + 18, &characteristics)) {
        info->problem = "truncated COFF header";
        return PE_TRUNCATED;
    }
    info->machine = machine;
    info->is_dll = (characteristics & IMAGE_FILE_DLL_FLAG) != 0;

    size_t opt = coff + 20;
    if (!read_u16(&v, opt, &magic)) {
        info->problem = "truncated optional header";
        return PE_TRUNCATED;
    }
    info->is_pe32_plus = magic == OPTIONAL_MAGIC_PE32_PLUS;
    if (magic != OPTIONAL_MAGIC_PE32 && magic != OPTIONAL_MAGIC_PE32_PLUS)
        return PE_OK; /* an object/ROM image: nothing more to learn, still "PE" */

    size_t dirs_count_off = opt + (info->is_pe32_plus ? 108 : 92);
    size_t dirs = dirs_count_off + 4;
    size_t sections = opt + opt_size;
    if (read_u32(&v, dirs_count_off, &ndirs) && ndirs > IMPORT_DIRECTORY_INDEX &&
        read_u32(&v, dirs + IMPORT_DIRECTORY_INDEX * 8, &import_rva))
        read_imports(&v, sections, nsections, import_rva, info);
    return PE_OK;
}

const char *pe_machine_name(uint16_t machine, char *buf, size_t bufsize)
{
    switch (machine) {
    case PE_MACHINE_I386:  return "x86";
    case PE_MACHINE_AMD64: return "x64";
    default:
        snprintf(buf, bufsize, "machine 0x%04x", machine);
        return buf;
    }
}
