/*
 * class20_dte_setup.c - the commands that set a Class 2.0 modem up for a session, send
 * or receive (docs/class20-notes.md 1.1).
 */
#include "class20_dte_private.h"

#include <stdio.h>

/* --- setup (docs/class20-notes.md 1.1) ------------------------------------------------ */

void c20_format_params(char *out, size_t size, const char *prefix, const dte_params *p)
{
    snprintf(out, size, "%s%X,%X,%X,%X,%X,%X,%X,%X", prefix, p->vr, p->br, p->wd, p->ln,
             p->df, p->ec, p->bf, p->st);
}

/* AT+FLI="id": printable characters except the quote, 20 at most. */
static void format_id(char *out, size_t size, const char *id)
{
    char clean[21];
    size_t n = 0;
    for (; id && *id && n < 20; id++)
        if (*id >= 0x20 && *id < 0x7f && *id != '"')
            clean[n++] = *id;
    clean[n] = '\0';
    snprintf(out, size, "AT+FLI=\"%s\"", clean);
}

/* The setup efax -o0 sends (docs/class20-notes.md 1.1, 5), with +FCC/+FIS as HylaFAX sets
 * them. Our capabilities: VR as given, up to 14400 bit/s, A4, any length, MH or MR - never
 * MMR or ECM on the line (docs/class20-notes.md 3.4). */
int c20_setup(session *s, const char *local_id, unsigned vr)
{
    const dte_params ours = {vr, 5, 0, 2, 1, 0, 0, 0};
    char fcc[48], fis[48], fli[40];
    c20_format_params(fcc, sizeof(fcc), "AT+FCC=", &ours);
    c20_format_params(fis, sizeof(fis), "AT+FIS=", &ours);
    format_id(fli, sizeof(fli), local_id);
    s->dis = s->dcs = ours; /* until the modem reports otherwise */
    const char *const commands[] = {
        /* Class 2.0: +F commands, hex +FHS codes, DLE ppm (docs/class20-notes.md 5) */
        "AT+FCLASS=2.0",
        "AT+FNR=1,1,1,0", /* report +FIS: (DIS), +FCS: (DCS), +FCI:/+FTI:; no NSF */
        "AT+FLO=1",       /* XON/XOFF, the flow control serial, pty and TCP all carry (4) */
        /* direct bit order: page bytes LSB first (docs/class20-notes.md 4, 6) */
        "AT+FBO=0",
        "AT+FCR=1",       /* able to receive (docs/class20-notes.md 2) */
        fcc,              /* what the DCE may do */
        fis,              /* what we offer; our DIS when we receive */
        fli,              /* our TSI / CSI */
    };
    c20_drain(s, 0); /* what an earlier session left unread */
    /* ATE0V1Q0: no echo, result words (we parse words), results on. Line noise before it
     * makes one bad line with it, answered ERROR: so one ERROR is allowed. */
    reply kind = c20_command(s, "ATE0V1Q0", COMMAND_TIMEOUT_MS);
    if (kind == REPLY_ERROR)
        kind = c20_command(s, "ATE0V1Q0", COMMAND_TIMEOUT_MS);
    if (kind != REPLY_OK)
        return c20_step_failed(s, kind, "ATE0V1Q0");
    for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
        kind = c20_command(s, commands[i], COMMAND_TIMEOUT_MS);
        if (kind != REPLY_OK)
            return c20_step_failed(s, kind, commands[i]);
    }
    return 0;
}

/* "fine, MR, 14400 bit/s" */
void c20_describe(const dte_params *p, char *out, size_t size)
{
    snprintf(out, size, "%s, %s, %u bit/s", p->vr & 1u ? "fine" : "normal",
             p->df ? "MR" : "MH", (p->br + 1) * 2400u);
}
