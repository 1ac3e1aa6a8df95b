/*
 * `meishi serve`: the lead service. Settings come, weakest first, from
 * built-in defaults, DIR/meishi.conf (key = value lines), MEISHI_*
 * environment variables and command-line options. On the first start the
 * database is created and an `admin` account with a random password is
 * made and its password printed once.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "meishi/image.h"
#include "meishi/auth.h"
#include "meishi/export.h"
#include "meishi/http.h"
#include "meishi/jobs.h"
#include "meishi/limits.h"
#include "meishi/proc.h"
#include "meishi/store.h"

enum kind { K_STR, K_INT, K_BOOL };

struct setting {
	const char *key; /* conf key and --option */
	const char *env;
	enum kind kind;
	long lo, hi;
	const char *help;
};

static const struct setting settings[] = {
	{"listen", "MEISHI_LISTEN", K_STR, 0, 0,
	 "address to listen on (default 127.0.0.1:8080)"},
	{"data", "MEISHI_DATA", K_STR, 0, 0,
	 "data directory: database and images (default ./meishi-data)"},
	{"workers", "MEISHI_WORKERS", K_INT, 0, MS_MAX_WORKERS,
	 "scan workers (default: one per core; 0 = only queue)"},
	{"threads", "MEISHI_THREADS", K_INT, 1, 256,
	 "HTTP threads (default: 2 per core, at least 4)"},
	{"max-body", "MEISHI_MAX_BODY", K_INT, 1024, 1L << 30,
	 "largest request body in bytes (default 67108864)"},
	{"max-pixels", "MEISHI_MAX_PIXELS", K_INT, 1000000,
	 MS_MAX_SOURCE_PIXELS,
	 "largest photo in pixels (default and ceiling 120000000)"},
	{"queue-max", "MEISHI_QUEUE_MAX", K_INT, 1, 10000000,
	 "cards waiting before uploads get 503 (default 1000)"},
	{"per-ip", "MEISHI_PER_IP", K_INT, 1, 100000,
	 "connections per client address (default 64)"},
	{"max-conns", "MEISHI_MAX_CONNS", K_INT, 1, 100000,
	 "connections in all (default 512)"},
	{"timeout", "MEISHI_TIMEOUT", K_INT, 1, 3600,
	 "seconds before an idle connection is closed (default 30)"},
	{"tls-cert", "MEISHI_TLS_CERT", K_STR, 0, 0,
	 "PEM certificate: serve HTTPS"},
	{"tls-key", "MEISHI_TLS_KEY", K_STR, 0, 0, "PEM private key"},
	{"secure-cookies", "MEISHI_SECURE_COOKIES", K_BOOL, 0, 1,
	 "mark cookies Secure without TLS (behind an HTTPS proxy)"},
	{"web", "MEISHI_WEB", K_STR, 0, 0,
	 "directory with openapi.json (default: the source tree's web/)"},
	{"access-log", "MEISHI_ACCESS_LOG", K_BOOL, 0, 1,
	 "log one line per request on stderr"},
	{"feed-retention-days", "MEISHI_FEED_RETENTION_DAYS", K_INT, 1, 36500,
	 "days tombstones stay in the feed (default 365)"},
};
#define NSET (sizeof(settings) / sizeof(settings[0]))

struct conf {
	char *val[NSET];
};

static int find_setting(const char *key)
{
	size_t i;

	for (i = 0; i < NSET; i++)
		if (!strcmp(settings[i].key, key))
			return (int)i;
	return -1;
}

static int set_value(struct conf *c, int i, const char *v, const char *from)
{
	long n;

	if (settings[i].kind == K_INT &&
	    ms_cli_int(v, settings[i].lo, settings[i].hi, &n)) {
		fprintf(stderr,
			"meishi serve: %s: %s must be a number from %ld to "
			"%ld\n",
			from, settings[i].key, settings[i].lo,
			settings[i].hi);
		return -1;
	}
	if (settings[i].kind == K_BOOL && strcmp(v, "0") && strcmp(v, "1") &&
	    strcmp(v, "true") && strcmp(v, "false")) {
		fprintf(stderr, "meishi serve: %s: %s is 1 or 0\n", from,
			settings[i].key);
		return -1;
	}
	free(c->val[i]);
	c->val[i] = strdup(v);
	return c->val[i] ? 0 : -1;
}

static const char *get(const struct conf *c, const char *key,
		       const char *def)
{
	int i = find_setting(key);

	return i >= 0 && c->val[i] ? c->val[i] : def;
}

static long get_int(const struct conf *c, const char *key, long def)
{
	const char *v = get(c, key, NULL);
	long n;

	if (!v)
		return def;
	if (!strcmp(v, "true"))
		return 1;
	if (!strcmp(v, "false"))
		return 0;
	return ms_cli_int(v, -1, 1L << 40, &n) ? def : n;
}

static int load_conf(struct conf *c, const char *dir)
{
	char path[MS_SRV_MAX_PATH + 32], line[MS_SRV_CONF_LINE];
	FILE *f;
	int ln = 0, rc = 0;

	snprintf(path, sizeof(path), "%s/meishi.conf", dir);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		char *eq, *k, *v, *e;
		char where[MS_SRV_MAX_PATH + 64];
		int i;

		if (++ln > MS_SRV_CONF_LINES)
			break;
		k = line;
		while (*k == ' ' || *k == '\t')
			k++;
		if (*k == '#' || *k == '\n' || *k == '\0')
			continue;
		eq = strchr(k, '=');
		snprintf(where, sizeof(where), "%s:%d", path, ln);
		if (!eq) {
			fprintf(stderr, "meishi serve: %s: expected key = "
				"value\n", where);
			rc = -1;
			break;
		}
		*eq = '\0';
		v = eq + 1;
		for (e = eq - 1; e >= k && (*e == ' ' || *e == '\t'); e--)
			*e = '\0';
		while (*v == ' ' || *v == '\t')
			v++;
		e = v + strlen(v);
		while (e > v && (e[-1] == '\n' || e[-1] == '\r' ||
				 e[-1] == ' ' || e[-1] == '\t'))
			*--e = '\0';
		i = find_setting(k);
		if (i < 0 || !strcmp(k, "data")) {
			fprintf(stderr, "meishi serve: %s: unknown setting "
				"'%s'\n", where, k);
			rc = -1;
			break;
		}
		if (set_value(c, i, v, where)) {
			rc = -1;
			break;
		}
	}
	fclose(f);
	return rc;
}

static void serve_usage(FILE *f)
{
	size_t i;

	fprintf(f, "usage: meishi serve [OPTIONS]\n\n"
		   "Runs the lead service: upload, background scanning, "
		   "review API and the\nexport feed. Each option can also "
		   "be set in the environment or as\n`key = value` in "
		   "DATA/meishi.conf (options win over the environment,\n"
		   "which wins over the file).\n\n");
	for (i = 0; i < NSET; i++) {
		char opt[48];

		snprintf(opt, sizeof(opt), "--%s%s", settings[i].key,
			 settings[i].kind == K_BOOL ? "" : " X");
		fprintf(f, "  %-24s %s\n  %-24s   env %s\n", opt,
			settings[i].help, "", settings[i].env);
	}
	fprintf(f, "  %-24s %s\n", "--print-routes",
		"print every route the server has and exit");
}

/* Parses options of the form --key VALUE, --key=VALUE and, for
 * switches, --key. Returns 0, 1 for --help/--print-routes handled, -1. */
static int parse_args(int argc, char **argv, struct conf *c,
		      struct conf *flags)
{
	int a;

	for (a = 1; a < argc; a++) {
		char key[64];
		const char *arg = argv[a], *val = NULL, *eq;
		int i;

		if (!strcmp(arg, "--help") || !strcmp(arg, "-h")) {
			serve_usage(stdout);
			return 1;
		}
		if (!strcmp(arg, "--print-routes")) {
			ms_http_print_routes(stdout);
			return 1;
		}
		if (strncmp(arg, "--", 2)) {
			fprintf(stderr, "meishi serve: unexpected '%s'\n", arg);
			return -1;
		}
		eq = strchr(arg, '=');
		snprintf(key, sizeof(key), "%.*s",
			 (int)(eq ? (size_t)(eq - arg - 2) : strlen(arg + 2)),
			 arg + 2);
		i = find_setting(key);
		if (i < 0) {
			fprintf(stderr, "meishi serve: unknown option '%s' "
				"(see --help)\n", arg);
			return -1;
		}
		if (eq)
			val = eq + 1;
		else if (settings[i].kind == K_BOOL)
			val = "1";
		else if (a + 1 < argc)
			val = argv[++a];
		else {
			fprintf(stderr, "meishi serve: %s needs a value\n",
				arg);
			return -1;
		}
		if (set_value(flags, i, val, "option"))
			return -1;
	}
	(void)c;
	return 0;
}

static void free_conf(struct conf *c)
{
	size_t i;

	for (i = 0; i < NSET; i++)
		free(c->val[i]);
}

/* Builds the effective settings: file < environment < flags. */
static int effective(int argc, char **argv, struct conf *c)
{
	struct conf flags;
	size_t i;
	int rc;
	const char *dir;

	memset(&flags, 0, sizeof(flags));
	rc = parse_args(argc, argv, c, &flags);
	if (rc)
		goto out;
	dir = flags.val[find_setting("data")];
	if (!dir)
		dir = getenv("MEISHI_DATA");
	if (!dir || !*dir)
		dir = "meishi-data";
	if ((rc = load_conf(c, dir)))
		goto out;
	for (i = 0; i < NSET; i++) {
		const char *e = getenv(settings[i].env);

		if (e && *e && (rc = set_value(c, (int)i, e, settings[i].env)))
			goto out;
	}
	for (i = 0; i < NSET; i++)
		if (flags.val[i] &&
		    (rc = set_value(c, (int)i, flags.val[i], "option")))
			goto out;
	if ((rc = set_value(c, find_setting("data"), dir, "data")))
		goto out;
out:
	free_conf(&flags);
	return rc;
}

/* Creates the admin account on first start; prints its password once. */
static int first_admin(ms_store *st, const char *url)
{
	char pw[32], hash[MS_AUTH_HASH_MAX];
	int64_t n = 0;
	ms_err err;

	if (ms_store_user_count(st, MS_ROLE_ADMIN, &n, &err)) {
		fprintf(stderr, "meishi serve: %s\n", err.msg);
		return -1;
	}
	if (n > 0) {
		printf("meishi: open %s in a browser and log in as an admin "
		       "(the 'admin' "
		       "password was printed at the first start; to set a "
		       "new one: `meishi user passwd admin --data %s`)\n",
		       url, ms_store_dir(st));
		return 0;
	}
	ms_auth_password(pw);
	if (ms_auth_hash_password(pw, hash, &err) ||
	    ms_store_user_add(st, "admin", MS_ROLE_ADMIN, hash, NULL, &err)) {
		fprintf(stderr, "meishi serve: cannot create the admin: %s\n",
			err.msg);
		return -1;
	}
	printf("meishi: created the account 'admin' with password: %s\n"
	       "meishi: (shown once; change it with `meishi user passwd "
	       "admin`)\n"
	       "meishi: open %s in a browser and log in as 'admin' with "
	       "that password\n"
	       "meishi: (API clients: POST /api/session "
	       "{\"username\":\"admin\",\"password\":\"...\"})\n",
	       pw, url);
	fflush(stdout);
	return 0;
}

int ms_cmd_serve(int argc, char **argv)
{
	struct conf c;
	ms_http_opts o;
	ms_scan_opts so;
	ms_store *st = NULL;
	ms_jobs *jobs = NULL;
	ms_http *h = NULL;
	ms_err err;
	sigset_t sigs;
	char url[300];
	const char *scheme;
	int rc, sig = 0, workers, threads;
	int64_t pruned;

	memset(&c, 0, sizeof(c));
	rc = effective(argc, argv, &c);
	if (rc) {
		free_conf(&c);
		return rc > 0 ? 0 : 2;
	}
	if (ms_auth_init(&err)) {
		fprintf(stderr, "meishi serve: %s\n", err.msg);
		free_conf(&c);
		return 1;
	}
	memset(&o, 0, sizeof(o));
	o.listen = get(&c, "listen", "127.0.0.1:8080");
	o.tls_cert = get(&c, "tls-cert", NULL);
	o.tls_key = get(&c, "tls-key", NULL);
	o.web_dir = get(&c, "web", MEISHI_SOURCE_DIR "/web");
	o.max_body = (size_t)get_int(&c, "max-body", MS_SRV_MAX_BODY);
	ms_img_set_max_pixels(
		(unsigned long long)get_int(&c, "max-pixels",
					    MS_MAX_SOURCE_PIXELS));
	o.per_ip = (int)get_int(&c, "per-ip", MS_SRV_PER_IP);
	o.max_conns = (int)get_int(&c, "max-conns", MS_SRV_MAX_CONNS);
	o.timeout = (int)get_int(&c, "timeout", MS_SRV_TIMEOUT);
	o.queue_max = (int)get_int(&c, "queue-max", MS_SRV_QUEUE_MAX);
	o.secure_cookies = (int)get_int(&c, "secure-cookies", 0);
	o.access_log = (int)get_int(&c, "access-log", 0);
	threads = 2 * ms_cli_ncpu();
	if (threads < MS_SRV_HTTP_THREADS)
		threads = MS_SRV_HTTP_THREADS;
	o.threads = (int)get_int(&c, "threads", threads);
	workers = (int)get_int(&c, "workers", ms_cli_ncpu());

	/* Signals are taken by this thread alone, with sigwait. */
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &sigs, NULL);
	signal(SIGPIPE, SIG_IGN);

	rc = 1;
	if (ms_store_open(get(&c, "data", "meishi-data"),
			  o.threads + workers + 2, &st, &err)) {
		fprintf(stderr, "meishi serve: %s\n", err.msg);
		goto out;
	}
	ms_store_set_feed_render(st, ms_export_feed_body);
	pruned = ms_store_feed_prune(
		st, (int)get_int(&c, "feed-retention-days", 365), &err);
	if (pruned < 0)
		fprintf(stderr, "meishi serve: pruning the feed: %s\n",
			err.msg);
	memset(&so, 0, sizeof(so));
	if (ms_jobs_start(st, workers, &so, &jobs, &err)) {
		fprintf(stderr, "meishi serve: cannot start the scan "
			"workers: %s\n", err.msg);
		goto out;
	}
	if (ms_http_start(&o, st, jobs, &h, &err)) {
		fprintf(stderr, "meishi serve: %s\n", err.msg);
		goto out;
	}
	scheme = o.tls_cert ? "https" : "http";
	snprintf(url, sizeof(url), "%s://%s/", scheme, o.listen);
	if (first_admin(st, url))
		goto out;
	printf("meishi: serving %s (data %s, %d scan workers, %lld cards "
	       "queued)\n",
	       url, ms_store_dir(st), workers,
	       (long long)ms_store_jobs_waiting(st));
	fflush(stdout);
	while (sigwait(&sigs, &sig) == 0 && sig != SIGINT && sig != SIGTERM)
		;
	printf("meishi: stopping (signal %d); scans in progress finish "
	       "first\n", sig);
	fflush(stdout);
	rc = 0;
out:
	ms_http_stop(h);
	ms_jobs_stop(jobs);
	ms_store_close(st);
	free_conf(&c);
	return rc;
}
