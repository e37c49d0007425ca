/*
 * remote_fax.c - the far-end fax machine (see remote_fax.h).
 *
 * Copy quality: a page is answered with RTN when it cannot be decoded at all, when
 * more than 5% of its lines are bad, or when more than 10 bad lines come in a row -
 * the kind of rule real receivers use (T.30 leaves the threshold to the receiver).
 * docs/modem-sim.md states it for DTE writers.
 */
#define _DEFAULT_SOURCE
#include "remote_fax.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_line.h"

#define BAD_LINE_PERCENT_LIMIT 5
#define BAD_RUN_LIMIT 10

void remote_fax_init(remote_fax *remote, const remote_config *config)
{
    memset(remote, 0, sizeof(*remote));
    remote->config = *config;
}

static void free_coded(remote_fax *remote)
{
    for (size_t i = 0; remote->coded && i < remote->coded_count; i++) {
        free(remote->coded[i].data[0]);
        free(remote->coded[i].data[1]);
    }
    free(remote->coded);
    remote->coded = NULL;
    remote->coded_count = 0;
}

static void clear_call(remote_fax *remote)
{
    free_coded(remote);
    free(remote->page_data);
    remote->page_data = NULL;
    remote->page_len = remote->page_cap = 0;
    fax_doc_free(&remote->received);
    fax_doc_free(&remote->outgoing_doc);
    remote->in_call = 0;
    remote->rejected_current = 0;
    remote->pages_sent = 0;
    remote->id_given[0] = '\0';
}

void remote_fax_release(remote_fax *remote)
{
    remote_fax_flush_store(remote);
    clear_call(remote);
    fax_doc_free(&remote->last_outgoing.pages);
    fax_doc_free(&remote->last_incoming.document);
}

const dial_rule *remote_fax_dial(remote_fax *remote, const char *dial_string,
                                 const char *local_id)
{
    remote_fax_flush_store(remote);   /* the last call's files, before its fields change */
    clear_call(remote);
    remote->in_call = 1;
    remote->outgoing = 1;
    remote->call_count++;
    remote->rule = dial_plan_lookup(remote->config.plan, dial_string);
    dial_number_of(dial_string, remote->number, sizeof(remote->number));
    snprintf(remote->local_id, sizeof(remote->local_id), "%s", local_id);
    snprintf(remote->remote_id, sizeof(remote->remote_id), "%s", remote->rule->station_id);
    sim_event(remote->config.events, "remote-answer", "%s behaviour=%s id=\"%s\"",
              dial_string, remote_behaviour_name(remote->rule->behaviour), remote->remote_id);
    return remote->rule;
}

void remote_fax_page_bytes(remote_fax *remote, const unsigned char *data, size_t len)
{
    if (remote->page_cap - remote->page_len < len) {
        size_t cap = remote->page_cap ? remote->page_cap : 64 * 1024;
        while (cap - remote->page_len < len)
            cap *= 2;
        unsigned char *grown = realloc(remote->page_data, cap);
        if (!grown) {
            /* Out of memory: drop the data; the page will then fail the copy check. */
            sim_event(remote->config.events, "error", "out of memory holding page data");
            return;
        }
        remote->page_data = grown;
        remote->page_cap = cap;
    }
    memcpy(remote->page_data + remote->page_len, data, len);
    remote->page_len += len;
}

void remote_fax_page_discard(remote_fax *remote)
{
    remote->page_len = 0;
}

int remote_fax_disconnects_on(const remote_fax *remote, unsigned page)
{
    return remote->in_call && remote->outgoing && remote->rule &&
           remote->rule->behaviour == REMOTE_DISCONNECT_PAGE && remote->rule->page == page;
}

/* The dial plan's reject-page rule: RTN for this attempt at `page`? */
static int plan_rejects(const remote_fax *remote, unsigned page)
{
    const dial_rule *rule = remote->rule;
    return rule && rule->behaviour == REMOTE_REJECT_PAGE && rule->page == page &&
           (rule->times == 0 || remote->rejected_current < rule->times);
}

int remote_fax_page_end(remote_fax *remote, unsigned page, fax_ppm ppm)
{
    if (remote_fax_disconnects_on(remote, page))
        return -1;
    fax_page decoded;
    unsigned bad = 0, bad_run = 0;
    char why[256] = "";
    uint16_t yres = remote->session.vr ? FAX_YRES_FINE : FAX_YRES_NORMAL;
    int ok = t4_decode_page(remote->page_data, remote->page_len, remote->session.df,
                            remote->session.order, FAX_A4_WIDTH, yres, &decoded, &bad,
                            &bad_run, why, sizeof(why)) == 0;
    size_t bytes = remote->page_len;
    remote->page_len = 0;

    fax_ppr ppr = PPR_MCF;
    const char *reason = "good";
    if (!ok) {
        ppr = PPR_RTN;
        reason = why[0] ? why : "nothing decodable";
    } else if (bad * 100 > decoded.height * BAD_LINE_PERCENT_LIMIT || bad_run > BAD_RUN_LIMIT) {
        ppr = PPR_RTN;
        reason = "too many bad lines";
    } else if (plan_rejects(remote, page)) {
        ppr = PPR_RTN;
        reason = "dial plan reject-page";
    }
    sim_event(remote->config.events, "page-received", "%u bytes=%zu lines=%u bad=%u ppm=%s "
              "ppr=%s (%s)", page, bytes, ok ? decoded.height : 0, bad,
              ppm == PPM_MPS ? "MPS" : ppm == PPM_EOM ? "EOM" : "EOP",
              ppr == PPR_MCF ? "MCF" : "RTN", reason);

    if (ppr == PPR_MCF) {
        remote->rejected_current = 0;
        if (fax_doc_append(&remote->received, &decoded) != 0) {
            fax_page_free(&decoded);
            sim_event(remote->config.events, "error", "out of memory keeping page %u", page);
        }
    } else {
        remote->rejected_current++;
        if (ok)
            fax_page_free(&decoded);
    }
    return ppr;
}

/* --- calls we place --------------------------------------------------------------------- */

/* `file`, a relative one resolved against docs_dir. */
static void document_path(const remote_fax *remote, const char *file, char *path, size_t size)
{
    if (file[0] != '/' && remote->config.docs_dir)
        snprintf(path, size, "%s/%s", remote->config.docs_dir, file);
    else
        snprintf(path, size, "%s", file);
}

int remote_fax_read_document(const remote_fax *remote, const char *file, fax_doc *doc,
                             char *why, size_t why_size)
{
    char path[1024];
    document_path(remote, file, path, sizeof(path));
    return fax_doc_read_tiff(path, doc, why, why_size);
}

int remote_fax_prepare_ring(remote_fax *remote, const char *file, const char *caller_id,
                            char *why, size_t why_size)
{
    fax_doc doc = {0};
    if (remote_fax_read_document(remote, file, &doc, why, why_size) != 0)
        return -1;
    if (doc.count == 0) {
        snprintf(why, why_size, "%s: no pages", file);
        return -1;
    }
    for (size_t i = 0; i < doc.count; i++) {
        if (doc.pages[i].width != FAX_A4_WIDTH) {
            snprintf(why, why_size, "%s: page %zu is %u pels wide; the simulator sends A4 "
                     "(%d)", file, i + 1, doc.pages[i].width, FAX_A4_WIDTH);
            fax_doc_free(&doc);
            return -1;
        }
    }
    /* Every page coded now, while no call is up: coding a page takes milliseconds, and a
     * DCE that coded it at +FDR would leave the DTE's bytes - an abort - unread meanwhile. */
    coded_page *coded = calloc(doc.count, sizeof(*coded));
    for (size_t i = 0; coded && i < doc.count; i++) {
        for (int mr = 0; mr < 2; mr++) {
            coded[i].data[mr] = t4_encode_page(&doc.pages[i], mr ? FAX_CODING_MR : FAX_CODING_MH,
                                               FAX_MSB_FIRST, 1, 0, &coded[i].len[mr], why,
                                               why_size);
            if (coded[i].data[mr])
                continue;
            for (size_t j = 0; j <= i; j++) {
                free(coded[j].data[0]);
                free(coded[j].data[1]);
            }
            free(coded);
            fax_doc_free(&doc);
            char reason[256];
            snprintf(reason, sizeof(reason), "%s", why);
            snprintf(why, why_size, "%s: cannot code page %zu: %s", file, i + 1, reason);
            return -1;
        }
    }
    if (!coded) {
        fax_doc_free(&doc);
        snprintf(why, why_size, "out of memory");
        return -1;
    }
    remote_fax_flush_store(remote);   /* the last call's files, before its fields change */
    clear_call(remote);
    remote->outgoing_doc = doc;
    remote->coded = coded;
    remote->coded_count = doc.count;
    remote->in_call = 1;
    remote->outgoing = 0;
    remote->call_count++;
    remote->rule = NULL;
    document_path(remote, file, remote->source_path, sizeof(remote->source_path));
    snprintf(remote->remote_id, sizeof(remote->remote_id), "%s",
             caller_id && *caller_id ? caller_id : DIAL_PLAN_DEFAULT_ID);
    return 0;
}

const char *remote_fax_give_id(remote_fax *remote)
{
    memcpy(remote->id_given, remote->remote_id, sizeof(remote->id_given));
    return remote->remote_id;
}

void remote_fax_page_sent(remote_fax *remote)
{
    remote->pages_sent++;
}

unsigned remote_fax_page_count(const remote_fax *remote)
{
    return (unsigned)remote->outgoing_doc.count;
}

int remote_fax_page_vr(const remote_fax *remote, unsigned page)
{
    return remote->outgoing_doc.pages[page - 1].yres == FAX_YRES_FINE;
}

unsigned char *remote_fax_encode_page(remote_fax *remote, unsigned page, size_t *len)
{
    const coded_page *coded = &remote->coded[page - 1];
    int mr = remote->session.df == FAX_CODING_MR;
    unsigned char *data = malloc(coded->len[mr]);
    if (!data) {
        sim_event(remote->config.events, "error", "cannot code page %u: out of memory", page);
        return NULL;
    }
    memcpy(data, coded->data[mr], coded->len[mr]);
    *len = coded->len[mr];
    if (remote->session.order == FAX_LSB_FIRST)   /* +FBO: each byte's bits reversed */
        for (size_t i = 0; i < *len; i++) {
            unsigned char b = data[i], reversed = 0;
            for (int bit = 0; bit < 8; bit++)
                reversed |= (unsigned char)(((b >> bit) & 1) << (7 - bit));
            data[i] = reversed;
        }
    return data;
}

/* --- the end of a call ------------------------------------------------------------------- */

static void write_sidecar(const remote_fax *remote, const char *json_path, const char *tif_name,
                          const char *result, int hangup_code)
{
    json_line line = {0};
    char code[8];
    snprintf(code, sizeof(code), "%02X", (unsigned)hangup_code & 0xffu);
    json_line_begin(&line);
    json_line_u64(&line, "call", remote->inbox_number);
    json_line_str(&line, "number", remote->last_outgoing.number);
    json_line_str(&line, "remote_id", remote->remote_id);
    json_line_str(&line, "local_id", remote->local_id);
    json_line_u64(&line, "pages", remote->last_outgoing.pages.count);
    json_line_str(&line, "resolution", remote->last_outgoing.session.vr ? "fine" : "normal");
    json_line_str(&line, "coding",
                  remote->last_outgoing.session.df == FAX_CODING_MR ? "MR" : "MH");
    json_line_str(&line, "result", result);
    json_line_str(&line, "hangup_code", code);
    json_line_str(&line, "file", remote->last_outgoing.pages.count ? tif_name : NULL);
    size_t len;
    const char *text = json_line_finish(&line, &len);
    char tmp[1108];
    snprintf(tmp, sizeof(tmp), "%s.tmp", json_path);
    FILE *f = text ? fopen(tmp, "w") : NULL;
    if (f && fwrite(text, 1, len, f) == len && fclose(f) == 0)
        rename(tmp, json_path); /* readers see a complete sidecar or none */
    else if (f)
        fclose(f);
    json_line_free(&line);
}

/* The number after the highest call-NNNN.tif or .json already in the inbox: a second
 * run on the same inbox adds to what the first left, it never overwrites it. */
static unsigned next_inbox_number(const char *dir)
{
    unsigned highest = 0;
    DIR *d = opendir(dir);
    struct dirent *entry;
    while (d && (entry = readdir(d)) != NULL) {
        unsigned n;
        char ext[8];
        if (sscanf(entry->d_name, "call-%u.%7s", &n, ext) == 2 &&
            (strcmp(ext, "tif") == 0 || strcmp(ext, "json") == 0) && n > highest)
            highest = n;
    }
    if (d)
        closedir(d);
    return highest + 1;
}

/* The last outgoing call's pages as one TIFF and its sidecar (remote_fax_flush_store). */
static void store_received(remote_fax *remote, const char *result, int hangup_code)
{
    const fax_doc *pages = &remote->last_outgoing.pages;
    if (!remote->config.inbox_dir)
        return;
    char base[64], tif[1100], json[1100], tmp[1108];
    remote->inbox_number = next_inbox_number(remote->config.inbox_dir);
    snprintf(base, sizeof(base), "call-%04u", remote->inbox_number);
    snprintf(tif, sizeof(tif), "%s/%s.tif", remote->config.inbox_dir, base);
    snprintf(json, sizeof(json), "%s/%s.json", remote->config.inbox_dir, base);
    snprintf(tmp, sizeof(tmp), "%s.tmp", tif);
    if (pages->count) {
        char why[256];
        if (fax_doc_write_tiff(tmp, pages, remote->last_outgoing.session.df, FAX_LSB_FIRST, 0,
                               why, sizeof(why)) != 0 || rename(tmp, tif) != 0)
            sim_event(remote->config.events, "error", "cannot store %s: %s", tif, why);
    }
    char name[80];
    snprintf(name, sizeof(name), "%s.tif", base);
    write_sidecar(remote, json, name, result, hangup_code);
    sim_event(remote->config.events, "inbox", "%s pages=%zu result=%s", json,
              pages->count, result);
}

void remote_fax_flush_store(remote_fax *remote)
{
    if (!remote->store_due)
        return;
    remote->store_due = 0;
    store_received(remote, remote->store_result, remote->store_code);
}

void remote_fax_end_call(remote_fax *remote, const char *result, int hangup_code)
{
    if (!remote->in_call)
        return;
    if (remote->outgoing) {
        /* kept for `last-call`: the confirmed pages move there, the rest is copied */
        remote_call_record *last = &remote->last_outgoing;
        fax_doc_free(&last->pages);
        last->pages = remote->received;
        remote->received = (fax_doc){0};
        last->calls++;
        snprintf(last->number, sizeof(last->number), "%s", remote->number);
        snprintf(last->result, sizeof(last->result), "%s", result);
        last->hangup_code = hangup_code;
        last->session = remote->session;
        memcpy(last->id_given, remote->id_given, sizeof(last->id_given));
        /* The inbox files come after the DCE's answer went out (remote_fax_flush_store):
         * writing a TIFF takes milliseconds the DTE would otherwise wait for. */
        remote->store_due = 1;
        snprintf(remote->store_result, sizeof(remote->store_result), "%s", result);
        remote->store_code = hangup_code;
    } else {
        /* kept for `last-incoming`: the document moves there */
        remote_ring_record *last = &remote->last_incoming;
        fax_doc_free(&last->document);
        last->document = remote->outgoing_doc;
        remote->outgoing_doc = (fax_doc){0};
        last->calls++;
        snprintf(last->result, sizeof(last->result), "%s", result);
        last->hangup_code = hangup_code;
        last->pages_sent = remote->pages_sent;
        memcpy(last->id_given, remote->id_given, sizeof(last->id_given));
    }
    sim_event(remote->config.events, "call-end", "result=%s hangup=%02X", result,
              (unsigned)hangup_code & 0xffu);
    clear_call(remote);
}
