/*
 * Unit tests for src/auth: password hashes, secrets, names and the login
 * throttle, table-driven where the cases are data.
 */
#include <stdlib.h>

#include "meishi/auth.h"
#include "meishi/limits.h"
#include "t.h"

static void test_passwords(void)
{
	static const struct {
		const char *set, *try;
		int ok;
	} cases[] = {
		{"correct horse", "correct horse", 1},
		{"correct horse", "correct horse ", 0},
		{"correct horse", "Correct horse", 0},
		{"パスワード", "パスワード", 1},
		{"パスワード", "ぱすわーど", 0},
		{"x", "", 0},
	};
	char hash[MS_AUTH_HASH_MAX];
	ms_err err;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		CHECK_INT(ms_auth_hash_password(cases[i].set, hash, &err),
			  MS_OK);
		CHECK(strncmp(hash, "$argon2id$", 10) == 0);
		CHECK_INT(ms_auth_check_password(hash, cases[i].try),
			  cases[i].ok);
	}
	/* No hash (unknown user) never matches. */
	CHECK_INT(ms_auth_check_password(NULL, "anything"), 0);
	CHECK_INT(ms_auth_hash_password("", hash, &err), MS_ERR_INVALID);
}

static void test_secrets(void)
{
	char a[MS_AUTH_SECRET_MAX], b[MS_AUTH_SECRET_MAX], hex[65];
	uint8_t d1[32], d2[32];
	char pw[32];

	ms_auth_secret("mst_", a);
	ms_auth_secret("mst_", b);
	CHECK(strncmp(a, "mst_", 4) == 0);
	CHECK_INT(strlen(a), 4 + 43);
	CHECK(strcmp(a, b) != 0);
	CHECK(ms_auth_equal(a, a));
	CHECK(!ms_auth_equal(a, b));
	CHECK(!ms_auth_equal(a, "mst_"));
	ms_auth_digest(a, d1);
	ms_auth_digest(a, d2);
	CHECK(memcmp(d1, d2, 32) == 0);
	ms_auth_digest(b, d2);
	CHECK(memcmp(d1, d2, 32) != 0);
	ms_auth_password(pw);
	CHECK_INT(strlen(pw), 20);
	ms_auth_sha256_hex("abc", 3, hex);
	CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223"
		       "b00361a396177a9cb410ff61f20015ad");
}

static void test_names(void)
{
	static const struct {
		const char *name;
		int ok;
	} cases[] = {
		{"admin", 1}, {"rep.tanaka", 1}, {"a@b-c_d", 1}, {"", 0},
		{"has space", 0}, {"山田", 0}, {"semi;colon", 0},
		{"0123456789012345678901234567890123456789012345678901234567890123",
		 1},
		{"01234567890123456789012345678901234567890123456789012345678901234",
		 0},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		CHECK_INT(ms_auth_valid_name(cases[i].name), cases[i].ok);
}

static void test_throttle(void)
{
	ms_throttle *t = ms_throttle_new();
	time_t now = 1000000;
	int i;

	CHECK(t != NULL);
	for (i = 0; i < MS_SRV_LOGIN_FAILS - 1; i++) {
		ms_throttle_fail(t, "u:alice", MS_SRV_LOGIN_FAILS, now);
		CHECK_INT(ms_throttle_wait(t, "u:alice", now), 0);
	}
	ms_throttle_fail(t, "u:alice", MS_SRV_LOGIN_FAILS, now);
	CHECK_INT(ms_throttle_wait(t, "u:alice", now), 30);
	CHECK_INT(ms_throttle_wait(t, "u:bob", now), 0);
	/* The lock doubles with every further failure. */
	ms_throttle_fail(t, "u:alice", MS_SRV_LOGIN_FAILS, now);
	CHECK_INT(ms_throttle_wait(t, "u:alice", now), 60);
	CHECK_INT(ms_throttle_wait(t, "u:alice", now + 61), 0);
	/* Success forgets the failures. */
	ms_throttle_ok(t, "u:alice");
	CHECK_INT(ms_throttle_wait(t, "u:alice", now), 0);
	/* Failures spread over more than the window do not add up. */
	for (i = 0; i < MS_SRV_LOGIN_FAILS * 3; i++) {
		now += MS_SRV_LOGIN_WINDOW / 2 + 1;
		ms_throttle_fail(t, "u:carol", MS_SRV_LOGIN_FAILS, now);
	}
	CHECK_INT(ms_throttle_wait(t, "u:carol", now), 0);
	/* Many keys: the table stays bounded and keeps working. */
	for (i = 0; i < MS_SRV_THROTTLE_SLOTS * 2; i++) {
		char k[32];

		snprintf(k, sizeof(k), "ip:%d", i);
		ms_throttle_fail(t, k, 1, now);
	}
	CHECK(ms_throttle_wait(t, "ip:8191", now) > 0);
	ms_throttle_free(t);
}

int main(void)
{
	ms_err err;

	if (ms_auth_init(&err))
		return 1;
	test_passwords();
	test_secrets();
	test_names();
	test_throttle();
	return t_done();
}
