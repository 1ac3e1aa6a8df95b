/*
 * libFuzzer target for the field-knowledge parsers: the bytes are an OCR'd
 * address (or name, company or English address line). It must never crash
 * or write out of bounds; outputs must stay NUL-terminated within their
 * buffers. The tables are loaded once from MEISHI_SOURCE_DIR/models.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "meishi/address_en.h"
#include "meishi/domain.h"
#include "meishi/names.h"
#include "meishi/postal.h"

static ms_postal *P;
static ms_names *N;
static ms_domain *D;

static void load(void)
{
	char dir[4096];
	const char *src = getenv("MEISHI_SOURCE_DIR");
	ms_err err;

	snprintf(dir, sizeof(dir), "%s/models", src ? src : MEISHI_SOURCE_DIR);
	if (ms_postal_open(dir, &P, &err) != MS_OK ||
	    ms_names_open(dir, &N, &err) != MS_OK ||
	    ms_domain_open(dir, &D, &err) != MS_OK) {
		fprintf(stderr, "fuzz_postal: %s\n", err.msg);
		abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char in[2048], out[64], big[1024], code[3];
	ms_postal_place pl[4];
	ms_addr_parts parts;
	ms_name_split sp;
	ms_name_choice ch;
	ms_us_place us;
	ms_en_unit unit;
	const char *cands[2];
	double score;
	ms_postal_verdict v;
	uint32_t c = 600001;

	if (!P)
		load();
	if (size >= sizeof(in))
		size = sizeof(in) - 1;
	memcpy(in, data, size);
	in[size] = '\0';
	/* Small outputs on purpose: truncation paths must hold too. */
	(void)ms_postal_parse_code(in, &c);
	if (ms_postal_align(P, c, in, out, sizeof(out), &score, &v) == MS_OK)
		if (memchr(out, 0, sizeof(out)) == NULL)
			abort();
	(void)ms_postal_align(P, 600001, in, big, sizeof(big), &score, &v);
	(void)ms_postal_find(P, in, pl, 4);
	(void)ms_addr_normalise(in, out, sizeof(out));
	(void)ms_addr_normalise(in, big, sizeof(big));
	(void)ms_addr_split(P, in, &parts);
	(void)ms_addr_split(NULL, in, &parts);
	(void)ms_names_split(N, in, &sp);
	(void)ms_names_romanise(in, out, sizeof(out));
	(void)ms_names_match_reading(N, in, "やまだ たろう");
	cands[0] = in;
	cands[1] = "山田 太郎";
	(void)ms_names_choose(N, cands, 2, in, in, in, &ch);
	(void)ms_domain_score(D, in, "taro@sakura-systems.co.jp");
	(void)ms_domain_score(D, "株式会社サクラシステムズ", in);
	(void)ms_domain_label(in, out, sizeof(out));
	(void)ms_us_state(in, code);
	(void)ms_us_place_parse(in, &us);
	(void)ms_uk_postcode_find(in, out, sizeof(out));
	(void)ms_en_unit_find(in, &unit);
	return 0;
}
