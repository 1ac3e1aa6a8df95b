/*
 * Passwords, secrets and the login throttle (see auth.h).
 */
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "meishi/auth.h"
#include "meishi/limits.h"

ms_rc ms_auth_init(ms_err *err)
{
	if (sodium_init() < 0)
		return ms_err_set(err, MS_ERR_INTERNAL,
				  "libsodium failed to initialise");
	return MS_OK;
}

ms_rc ms_auth_hash_password(const char *pw, char out[MS_AUTH_HASH_MAX],
			    ms_err *err)
{
	size_t n = strlen(pw);

	if (n == 0 || n > MS_SRV_MAX_PASSWORD)
		return ms_err_set(err, MS_ERR_INVALID,
				  "a password has 1 to %d bytes",
				  MS_SRV_MAX_PASSWORD);
	if (crypto_pwhash_str_alg(out, pw, n,
				  crypto_pwhash_OPSLIMIT_INTERACTIVE,
				  crypto_pwhash_MEMLIMIT_INTERACTIVE,
				  crypto_pwhash_ALG_ARGON2ID13) != 0)
		return ms_err_set(err, MS_ERR_NOMEM,
				  "not enough memory to hash the password");
	return MS_OK;
}

int ms_auth_check_password(const char *hash, const char *pw)
{
	static char dummy[crypto_pwhash_STRBYTES];
	static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
	size_t n = strlen(pw);

	if (!hash || !*hash) {
		/* Spend the same time as a real check. */
		pthread_mutex_lock(&mu);
		if (!dummy[0] &&
		    crypto_pwhash_str_alg(dummy, "meishi-dummy", 12,
					  crypto_pwhash_OPSLIMIT_INTERACTIVE,
					  crypto_pwhash_MEMLIMIT_INTERACTIVE,
					  crypto_pwhash_ALG_ARGON2ID13) != 0)
			dummy[0] = '\0';
		pthread_mutex_unlock(&mu);
		if (crypto_pwhash_str_verify(dummy, pw, n) == 0)
			return 0;
		return 0;
	}
	if (n > MS_SRV_MAX_PASSWORD)
		return 0;
	return crypto_pwhash_str_verify(hash, pw, n) == 0;
}

void ms_auth_secret(const char *prefix, char out[MS_AUTH_SECRET_MAX])
{
	unsigned char raw[32];
	size_t p = strlen(prefix);

	if (p > 16)
		p = 16;
	memcpy(out, prefix, p);
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out + p, MS_AUTH_SECRET_MAX - p, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

void ms_auth_password(char out[32])
{
	unsigned char raw[15];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out, 32, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

void ms_auth_digest(const char *secret, uint8_t out[32])
{
	crypto_hash_sha256(out, (const unsigned char *)secret,
			   strlen(secret));
}

int ms_auth_equal(const char *a, const char *b)
{
	size_t n = strlen(a);

	if (n != strlen(b))
		return 0;
	return sodium_memcmp(a, b, n) == 0;
}

void ms_auth_sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char h[32];

	crypto_hash_sha256(h, data, len);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

int ms_auth_valid_name(const char *name)
{
	size_t i, n = strlen(name);

	if (n == 0 || n > MS_SRV_MAX_NAME)
		return 0;
	for (i = 0; i < n; i++) {
		char c = name[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '@' || c == '-'))
			return 0;
	}
	return 1;
}

struct slot {
	uint64_t key; /* 0: empty */
	int fails;
	time_t first, until;
};

struct ms_throttle {
	pthread_mutex_t mu;
	struct slot s[MS_SRV_THROTTLE_SLOTS];
};

ms_throttle *ms_throttle_new(void)
{
	ms_throttle *t = calloc(1, sizeof(*t));

	if (t)
		pthread_mutex_init(&t->mu, NULL);
	return t;
}

void ms_throttle_free(ms_throttle *t)
{
	if (!t)
		return;
	pthread_mutex_destroy(&t->mu);
	free(t);
}

static uint64_t key_hash(const char *key)
{
	uint8_t h[32];
	uint64_t v = 0;
	int i;

	ms_auth_digest(key, h);
	for (i = 0; i < 8; i++)
		v = v << 8 | h[i];
	return v ? v : 1;
}

/* The slot for key: its own, or an empty or the stalest one to reuse. */
static struct slot *find(ms_throttle *t, uint64_t k, int create)
{
	size_t i, start = (size_t)(k % MS_SRV_THROTTLE_SLOTS);
	struct slot *old = NULL;

	for (i = 0; i < 16; i++) {
		struct slot *s = &t->s[(start + i) % MS_SRV_THROTTLE_SLOTS];

		if (s->key == k)
			return s;
		if (!old || (s->key == 0 && old->key != 0) ||
		    (old->key != 0 && s->key != 0 && s->first < old->first))
			old = s;
	}
	if (!create)
		return NULL;
	memset(old, 0, sizeof(*old));
	old->key = k;
	return old;
}

long ms_throttle_wait(ms_throttle *t, const char *key, time_t now)
{
	struct slot *s;
	long w = 0;

	pthread_mutex_lock(&t->mu);
	s = find(t, key_hash(key), 0);
	if (s && s->until > now)
		w = (long)(s->until - now);
	pthread_mutex_unlock(&t->mu);
	return w;
}

void ms_throttle_fail(ms_throttle *t, const char *key, int limit,
		      time_t now)
{
	struct slot *s;

	pthread_mutex_lock(&t->mu);
	s = find(t, key_hash(key), 1);
	if (s->first == 0 || now - s->first > MS_SRV_LOGIN_WINDOW) {
		s->first = now;
		s->fails = 0;
	}
	s->fails++;
	if (s->fails >= limit) {
		int extra = s->fails - limit;
		long lock = 30L << (extra > 5 ? 5 : extra);

		if (lock > MS_SRV_LOGIN_WINDOW)
			lock = MS_SRV_LOGIN_WINDOW;
		s->until = now + lock;
	}
	pthread_mutex_unlock(&t->mu);
}

void ms_throttle_ok(ms_throttle *t, const char *key)
{
	struct slot *s;

	pthread_mutex_lock(&t->mu);
	s = find(t, key_hash(key), 0);
	if (s)
		memset(s, 0, sizeof(*s));
	pthread_mutex_unlock(&t->mu);
}
