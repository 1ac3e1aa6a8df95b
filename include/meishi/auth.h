/*
 * Authentication primitives: argon2id password hashes (libsodium's
 * crypto_pwhash), random secrets for sessions, CSRF and integration
 * tokens, the SHA-256 under which those secrets are stored, and the login
 * throttle. Nothing here touches the network or the database.
 */
#ifndef MEISHI_AUTH_H
#define MEISHI_AUTH_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "meishi/err.h"

/* Room for an argon2id hash string, with the NUL. */
#define MS_AUTH_HASH_MAX 128
/* Room for a random secret as text (43 base64url chars + prefix + NUL). */
#define MS_AUTH_SECRET_MAX 64

/* Initialises libsodium; call once before anything else here. */
ms_rc ms_auth_init(ms_err *err) MS_WUR;

/* Hashes a password with argon2id (interactive limits). */
ms_rc ms_auth_hash_password(const char *pw, char out[MS_AUTH_HASH_MAX],
			    ms_err *err) MS_WUR;
/* 1 if pw matches hash. A NULL hash still spends the time of a check, so
 * an unknown user name cannot be told from a wrong password by timing. */
int ms_auth_check_password(const char *hash, const char *pw);

/* A random secret: prefix followed by 32 random bytes in base64url. */
void ms_auth_secret(const char *prefix, char out[MS_AUTH_SECRET_MAX]);
/* A random password of 20 base64url characters. */
void ms_auth_password(char out[32]);
/* SHA-256 of a secret, the form in which the store keeps it. */
void ms_auth_digest(const char *secret, uint8_t out[32]);
/* Constant-time equality of two NUL-terminated strings. */
int ms_auth_equal(const char *a, const char *b);

/* SHA-256 of data as 64 lower-case hex digits. */
void ms_auth_sha256_hex(const void *data, size_t len, char out[65]);

/* A user name: 1..MS_SRV_MAX_NAME of [A-Za-z0-9._@-]. */
int ms_auth_valid_name(const char *name);

/* The login throttle remembers failures per key (a user name or an IP
 * address) and refuses further attempts for a growing time (30 s,
 * doubling, at most the window) once a key has failed `limit` times
 * within MS_SRV_LOGIN_WINDOW. It is thread-safe and bounded
 * (MS_SRV_THROTTLE_SLOTS keys; the stalest is forgotten first). */
typedef struct ms_throttle ms_throttle;

ms_throttle *ms_throttle_new(void);
void ms_throttle_free(ms_throttle *t);
/* Seconds the key must still wait, 0 if it may try now. */
long ms_throttle_wait(ms_throttle *t, const char *key, time_t now);
void ms_throttle_fail(ms_throttle *t, const char *key, int limit,
		      time_t now);
void ms_throttle_ok(ms_throttle *t, const char *key);

#endif /* MEISHI_AUTH_H */
