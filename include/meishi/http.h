/*
 * The HTTP service on libmicrohttpd: the routing table, authentication
 * (session cookies with CSRF tokens, Bearer integration tokens), request
 * size caps enforced while the body streams in, and JSON errors of the
 * form {"error": {"code": "...", "message": "..."}}. Only src/http
 * includes microhttpd.h.
 */
#ifndef MEISHI_HTTP_H
#define MEISHI_HTTP_H

#include <stddef.h>
#include <stdio.h>

#include "meishi/err.h"
#include "meishi/jobs.h"
#include "meishi/store.h"

typedef struct ms_http_opts {
	const char *listen;   /* "HOST:PORT"; IPv6 as "[::1]:PORT" */
	const char *tls_cert; /* PEM files, both or neither */
	const char *tls_key;
	const char *web_dir;  /* openapi.json and static files */
	size_t max_body;      /* bytes */
	int per_ip;           /* connections per client address */
	int max_conns;
	int timeout;          /* seconds */
	int threads;          /* request threads */
	int queue_max;        /* waiting jobs before 503 */
	int secure_cookies;   /* 1: always; 0: only with TLS */
	int access_log;       /* 1: one line per request on stderr */
} ms_http_opts;

typedef struct ms_http ms_http;

/* Starts serving in background threads. */
ms_rc ms_http_start(const ms_http_opts *o, ms_store *st, ms_jobs *jobs,
		    ms_http **out, ms_err *err) MS_WUR;
/* The port actually bound (useful with port 0). */
unsigned ms_http_port(const ms_http *h);
/* Stops accepting, finishes the requests in flight and frees h. */
void ms_http_stop(ms_http *h);

/* Prints the routing table, one "METHOD /path" per line, {id} for a
 * numeric path segment. */
void ms_http_print_routes(FILE *f);

#endif /* MEISHI_HTTP_H */
