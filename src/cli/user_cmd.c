/*
 * Account commands: `meishi user add|list|passwd` and `meishi token
 * create|revoke|list`, working on the data directory directly (the
 * server may be running: SQLite serialises the writers). Also the hidden
 * `meishi seed`, which fills a store with synthetic leads for the
 * benchmark.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli/cli.h"
#include "meishi/auth.h"
#include "meishi/export.h"
#include "meishi/limits.h"
#include "meishi/store.h"

/* Removes --data DIR / --data=DIR (and --role R) from argv; returns the
 * remaining positional arguments in pos. */
struct opts {
	const char *data;
	const char *role;
	long count;
	const char *pos[4];
	int npos;
};

static int parse(int argc, char **argv, struct opts *o, const char *cmd)
{
	int a;

	memset(o, 0, sizeof(*o));
	o->data = getenv("MEISHI_DATA");
	if (!o->data || !*o->data)
		o->data = "meishi-data";
	for (a = 1; a < argc; a++) {
		const char *arg = argv[a];
		const char **dst = NULL, *val;
		long *ndst = NULL;

		if (!strncmp(arg, "--data", 6))
			dst = &o->data;
		else if (!strncmp(arg, "--role", 6))
			dst = &o->role;
		else if (!strncmp(arg, "--count", 7))
			ndst = &o->count;
		if ((dst || ndst) && arg[2]) {
			const char *eq = strchr(arg, '=');

			if (eq)
				val = eq + 1;
			else if (a + 1 < argc)
				val = argv[++a];
			else {
				fprintf(stderr, "meishi %s: %s needs a value\n",
					cmd, arg);
				return -1;
			}
			if (dst)
				*dst = val;
			else if (ms_cli_int(val, 1, 10000000, ndst)) {
				fprintf(stderr, "meishi %s: bad number '%s'\n",
					cmd, val);
				return -1;
			}
			continue;
		}
		if (arg[0] == '-') {
			fprintf(stderr, "meishi %s: unknown option '%s'\n", cmd,
				arg);
			return -1;
		}
		if (o->npos == 4)
			return -1;
		o->pos[o->npos++] = arg;
	}
	return 0;
}

static ms_store *open_store(const char *dir, const char *cmd)
{
	ms_store *st = NULL;
	ms_err err;

	if (ms_auth_init(&err) || ms_store_open(dir, 1, &st, &err)) {
		fprintf(stderr, "meishi %s: %s\n", cmd, err.msg);
		return NULL;
	}
	ms_store_set_feed_render(st, ms_export_feed_body);
	return st;
}

/* Reads one line from stdin without echo when it is a terminal. */
static int read_password(char *out, size_t cap)
{
	struct termios t, old;
	int tty = isatty(0);
	size_t n;

	if (tty) {
		fprintf(stderr, "Password: ");
		tcgetattr(0, &old);
		t = old;
		t.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(0, TCSANOW, &t);
	}
	if (!fgets(out, (int)cap, stdin))
		out[0] = '\0';
	if (tty) {
		tcsetattr(0, TCSANOW, &old);
		fprintf(stderr, "\n");
	}
	n = strlen(out);
	while (n && (out[n - 1] == '\n' || out[n - 1] == '\r'))
		out[--n] = '\0';
	return n ? 0 : -1;
}

static const char user_usage[] =
	"usage: meishi user add NAME --role admin|rep [--data DIR]\n"
	"       meishi user passwd NAME [--data DIR]\n"
	"       meishi user list [--data DIR]\n"
	"\n"
	"add and passwd read the password from stdin (one line).\n"
	"--data defaults to $MEISHI_DATA or ./meishi-data.\n";

int ms_cmd_user(int argc, char **argv)
{
	struct opts o;
	ms_store *st = NULL;
	char pw[MS_SRV_MAX_PASSWORD + 2], hash[MS_AUTH_HASH_MAX];
	ms_err err;
	int rc = 1;

	if (argc >= 2 && (!strcmp(argv[1], "--help") ||
			  !strcmp(argv[1], "-h"))) {
		fputs(user_usage, stdout);
		return 0;
	}
	if (parse(argc, argv, &o, "user") || o.npos < 1) {
		fputs(user_usage, stderr);
		return 2;
	}
	if (!strcmp(o.pos[0], "list") && o.npos == 1) {
		json_t *a, *u;
		size_t i;

		if (!(st = open_store(o.data, "user")))
			return 1;
		a = ms_store_user_list(st, &err);
		if (!a) {
			fprintf(stderr, "meishi user: %s\n", err.msg);
			goto out;
		}
		json_array_foreach(a, i, u)
			printf("%s\t%s\t%s\n",
			       json_string_value(json_object_get(u, "name")),
			       json_string_value(json_object_get(u, "role")),
			       json_string_value(
				       json_object_get(u, "created_at")));
		json_decref(a);
		rc = 0;
		goto out;
	}
	if ((!strcmp(o.pos[0], "add") || !strcmp(o.pos[0], "passwd")) &&
	    o.npos == 2) {
		int add = !strcmp(o.pos[0], "add");
		ms_role role = o.role ? ms_role_by_name(o.role) : MS_ROLE_NONE;

		if (!ms_auth_valid_name(o.pos[1])) {
			fprintf(stderr, "meishi user: a name has 1 to %d of "
				"A-Z a-z 0-9 . _ @ -\n", MS_SRV_MAX_NAME);
			return 2;
		}
		if (add && role != MS_ROLE_ADMIN && role != MS_ROLE_REP) {
			fprintf(stderr, "meishi user: --role admin or --role "
				"rep\n");
			return 2;
		}
		if (read_password(pw, sizeof(pw))) {
			fprintf(stderr, "meishi user: no password on stdin\n");
			return 2;
		}
		if (!(st = open_store(o.data, "user")))
			return 1;
		if (ms_auth_hash_password(pw, hash, &err) ||
		    (add ? ms_store_user_add(st, o.pos[1], role, hash, NULL,
					     &err)
			 : ms_store_user_set_password(st, o.pos[1], hash,
						      &err))) {
			fprintf(stderr, "meishi user: %s\n", err.msg);
			goto out;
		}
		printf(add ? "added %s (%s)\n" : "changed the password of %s%s\n",
		       o.pos[1], add ? ms_role_name(role) : "");
		rc = 0;
		goto out;
	}
	fputs(user_usage, stderr);
	return 2;
out:
	ms_store_close(st);
	return rc;
}

static const char token_usage[] =
	"usage: meishi token create NAME [--data DIR]\n"
	"       meishi token revoke NAME [--data DIR]\n"
	"       meishi token list [--data DIR]\n"
	"\n"
	"An integration token lets an SFA system read the export feed\n"
	"(Authorization: Bearer TOKEN) and nothing else. create prints the\n"
	"token once, alone on the last line; only its hash is kept.\n";

int ms_cmd_token(int argc, char **argv)
{
	struct opts o;
	ms_store *st = NULL;
	char tok[MS_AUTH_SECRET_MAX];
	uint8_t dig[32];
	ms_err err;
	int rc = 1;

	if (argc >= 2 && (!strcmp(argv[1], "--help") ||
			  !strcmp(argv[1], "-h"))) {
		fputs(token_usage, stdout);
		return 0;
	}
	if (parse(argc, argv, &o, "token") || o.npos < 1 ||
	    (strcmp(o.pos[0], "list") && o.npos != 2)) {
		fputs(token_usage, stderr);
		return 2;
	}
	if (strcmp(o.pos[0], "list") && !ms_auth_valid_name(o.pos[1])) {
		fprintf(stderr, "meishi token: a name has 1 to %d of "
			"A-Z a-z 0-9 . _ @ -\n", MS_SRV_MAX_NAME);
		return 2;
	}
	if (!(st = open_store(o.data, "token")))
		return 1;
	if (!strcmp(o.pos[0], "create")) {
		ms_auth_secret("mst_", tok);
		ms_auth_digest(tok, dig);
		if (ms_store_token_add(st, o.pos[1], dig, &err)) {
			fprintf(stderr, "meishi token: %s\n", err.msg);
			goto out;
		}
		printf("created integration token '%s' (shown once; it can "
		       "read GET /api/export/leads):\n%s\n",
		       o.pos[1], tok);
		rc = 0;
	} else if (!strcmp(o.pos[0], "revoke")) {
		if (ms_store_token_revoke(st, o.pos[1], &err)) {
			fprintf(stderr, "meishi token: %s\n", err.msg);
			goto out;
		}
		printf("revoked token '%s'\n", o.pos[1]);
		rc = 0;
	} else if (!strcmp(o.pos[0], "list")) {
		json_t *a = ms_store_token_list(st, &err), *t;
		size_t i;

		if (!a) {
			fprintf(stderr, "meishi token: %s\n", err.msg);
			goto out;
		}
		json_array_foreach(a, i, t) {
			const char *rv = json_string_value(
				json_object_get(t, "revoked_at"));

			printf("%s\t%s\t%s\n",
			       json_string_value(json_object_get(t, "name")),
			       json_string_value(
				       json_object_get(t, "created_at")),
			       rv ? rv : "live");
		}
		json_decref(a);
		rc = 0;
	} else {
		fputs(token_usage, stderr);
		rc = 2;
	}
out:
	ms_store_close(st);
	return rc;
}

int ms_cmd_seed(int argc, char **argv)
{
	struct opts o;
	ms_store *st;
	ms_user u;
	ms_err err;
	int rc = 1;

	if (parse(argc, argv, &o, "seed") || o.npos != 1 || o.count < 1) {
		fprintf(stderr, "usage: meishi seed OWNER --count N "
			"[--data DIR]\n(synthetic leads for benchmarks)\n");
		return 2;
	}
	if (!(st = open_store(o.data, "seed")))
		return 1;
	if (ms_store_user_get(st, o.pos[0], &u, NULL, 0, &err) ||
	    ms_store_seed(st, u.id, o.count, &err)) {
		fprintf(stderr, "meishi seed: %s\n", err.msg);
		goto out;
	}
	printf("seeded %ld leads owned by %s\n", o.count, o.pos[0]);
	rc = 0;
out:
	ms_store_close(st);
	return rc;
}
