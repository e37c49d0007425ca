/*
 * byte_queue.h - a growable FIFO of bytes: what the DCE has said and the line has not
 * yet taken.
 */
#ifndef MODEMSIM_BYTE_QUEUE_H
#define MODEMSIM_BYTE_QUEUE_H

#include <stddef.h>

typedef struct byte_queue {
    unsigned char *data;
    size_t head, tail, cap;   /* bytes [head, tail) are queued */
    int failed;               /* an allocation failed: bytes were lost */
} byte_queue;

void byte_queue_init(byte_queue *q);
void byte_queue_free(byte_queue *q);
void byte_queue_put(byte_queue *q, const void *data, size_t len);
void byte_queue_puts(byte_queue *q, const char *text);
size_t byte_queue_length(const byte_queue *q);
const unsigned char *byte_queue_peek(const byte_queue *q);  /* the oldest bytes */
void byte_queue_drop(byte_queue *q, size_t len);            /* after they were written */
void byte_queue_clear(byte_queue *q);

#endif /* MODEMSIM_BYTE_QUEUE_H */
