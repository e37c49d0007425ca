/*
 * byte_queue.c - growable byte FIFO (see byte_queue.h).
 */
#include "byte_queue.h"

#include <stdlib.h>
#include <string.h>

void byte_queue_init(byte_queue *q)
{
    memset(q, 0, sizeof(*q));
}

void byte_queue_free(byte_queue *q)
{
    free(q->data);
    byte_queue_init(q);
}

void byte_queue_put(byte_queue *q, const void *data, size_t len)
{
    if (q->cap - q->tail < len && q->head > 0) {
        /* Slide the live bytes to the front before growing. */
        memmove(q->data, q->data + q->head, q->tail - q->head);
        q->tail -= q->head;
        q->head = 0;
    }
    if (q->cap - q->tail < len) {
        size_t cap = q->cap ? q->cap : 4096;
        while (cap - q->tail < len)
            cap *= 2;
        unsigned char *grown = realloc(q->data, cap);
        if (!grown) {
            q->failed = 1;
            return;
        }
        q->data = grown;
        q->cap = cap;
    }
    memcpy(q->data + q->tail, data, len);
    q->tail += len;
}

void byte_queue_puts(byte_queue *q, const char *text)
{
    byte_queue_put(q, text, strlen(text));
}

size_t byte_queue_length(const byte_queue *q)
{
    return q->tail - q->head;
}

const unsigned char *byte_queue_peek(const byte_queue *q)
{
    return q->data + q->head;
}

void byte_queue_drop(byte_queue *q, size_t len)
{
    q->head += len < q->tail - q->head ? len : q->tail - q->head;
    if (q->head == q->tail)
        q->head = q->tail = 0;
}

void byte_queue_clear(byte_queue *q)
{
    q->head = q->tail = 0;
}
