/*
 * JPEG: the marker walk that probes a file, decoding with TurboJPEG, and
 * encoding.
 *
 * The probe walks the markers up to the first scan by hand, which costs
 * nothing and tells us what TurboJPEG's header call does not: whether the
 * file is progressive (or otherwise needs a whole-image coefficient
 * buffer), its sampling, and where its EXIF block is.
 *
 * Decoding is bounded three ways. The scans are counted before decoding:
 * at most MS_JPEG_MAX_SCANS, and at most MS_JPEG_MAX_SCAN_PIXELS divided
 * by the declared pixels, since every scan costs time in proportion to
 * the picture's size however little data it holds (TJFLAG_LIMITSCANS stays
 * on as a second guard). That stops progressive files built to make the
 * decoder run for minutes.
 * Multi-scan files may declare at most MS_MAX_PROGRESSIVE_PIXELS, which
 * bounds the coefficient buffer. And DCT scaling decodes straight to the
 * smallest of 1/8, 1/4, 3/8, ... 1 whose long side still reaches max_side,
 * never to more than MS_MAX_DECODE_PIXELS.
 *
 * Damaged data. libjpeg reports a file that ends early, or whose data goes
 * bad, with a warning, and fills the rest of the picture with mid-grey
 * (all coefficients zero). We do not stop on warnings, because phones and
 * upload paths routinely produce files missing their last bytes or with a
 * few stray bytes before the end marker, and those decode fine. Instead we
 * measure the damage: rows at the bottom that are entirely the fill value
 * 128 are missing, and more than MS_JPEG_MAX_MISSING_PERCENT of them makes
 * the file corrupt. A bad Huffman code (bit rot, or a hostile file) makes
 * the rest of the picture garbage rather than grey, so it is refused
 * outright.
 */
#include <stdlib.h>
#include <string.h>
#include <turbojpeg.h>

#include "img_int.h"
#include "meishi/limits.h"

#define M_SOI 0xD8
#define M_EOI 0xD9
#define M_SOS 0xDA
#define M_APP1 0xE1

static ms_rc damaged(ms_err *err)
{
	return ms_err_set(err, MS_ERR_CORRUPT,
	                  "the JPEG is truncated or damaged");
}

/* A start-of-frame marker: C0..CF except DHT (C4), JPG (C8), DAC (CC). */
static int is_sof(int m)
{
	return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
}

static ms_rc parse_sof(const uint8_t *s, size_t n, ms_jpeg_info *info,
                       ms_err *err)
{
	int i;

	if (n < 6)
		return damaged(err);
	info->precision = s[0];
	info->h = (int)ms_img_be16(s + 1);
	info->w = (int)ms_img_be16(s + 3);
	info->ncomp = s[5];
	if (info->ncomp < 1 || n < 6 + 3 * (size_t)info->ncomp)
		return damaged(err);
	info->hmax = info->vmax = 1;
	for (i = 0; i < info->ncomp; i++) {
		int hs = s[6 + 3 * i + 1] >> 4, vs = s[6 + 3 * i + 1] & 15;
		if (hs < 1 || hs > 4 || vs < 1 || vs > 4)
			return damaged(err);
		if (i < 4) {
			info->hs[i] = hs;
			info->vs[i] = vs;
		}
		if (hs > info->hmax)
			info->hmax = hs;
		if (vs > info->vmax)
			info->vmax = vs;
	}
	return MS_OK;
}

ms_rc ms_img_jpeg_parse(const uint8_t *data, size_t len, ms_jpeg_info *info,
                        ms_err *err)
{
	size_t pos = 2;
	ms_rc rc;

	memset(info, 0, sizeof(*info));
	if (len < 4 || data[0] != 0xFF || data[1] != M_SOI)
		return damaged(err);
	for (;;) {
		size_t seglen;
		int m;

		/* libjpeg skips stray bytes between markers; so do we. */
		while (pos < len && data[pos] != 0xFF)
			pos++;
		while (pos < len && data[pos] == 0xFF)
			pos++;
		if (pos >= len)
			return damaged(err);
		m = data[pos++];
		if (m == 0x01 || (m >= 0xD0 && m <= 0xD7))
			continue; /* TEM and RSTn stand alone */
		if (m == M_SOI || m == M_EOI || m == 0x00)
			return damaged(err);
		if (pos + 2 > len)
			return damaged(err);
		seglen = ms_img_be16(data + pos);
		if (seglen < 2 || pos + seglen > len)
			return damaged(err);
		if (m == M_APP1 && !info->exif && seglen >= 2 + 6 + 8 &&
		    !memcmp(data + pos + 2, "Exif\0\0", 6)) {
			info->exif = data + pos + 2 + 6;
			info->exif_len = seglen - 2 - 6;
		} else if (is_sof(m)) {
			if (info->sof)
				return damaged(err);
			info->sof = m;
			rc = parse_sof(data + pos + 2, seglen - 2, info, err);
			if (rc)
				return rc;
		} else if (m == M_SOS) {
			int ns = seglen > 2 ? data[pos + 2] : 0;
			if (!info->sof || ns < 1)
				return damaged(err);
			info->sos = pos - 2;
			info->progressive =
			    info->sof == 0xC2 || info->sof == 0xC6 ||
			    info->sof == 0xCA || info->sof == 0xCE;
			/* A scan that leaves out a component means more scans
			 * follow, and libjpeg buffers the whole image. */
			info->buffered = info->progressive || ns < info->ncomp;
			return MS_OK;
		}
		pos += seglen;
	}
}

ms_rc ms_img_jpeg_probe(const uint8_t *data, size_t len, ms_probe *out,
                        ms_err *err)
{
	ms_jpeg_info info;
	unsigned long long pixels;
	ms_rc rc;

	rc = ms_img_jpeg_parse(data, len, &info, err);
	if (rc)
		return rc;
	rc = ms_img_check_size((unsigned long)info.w, (unsigned long)info.h,
	                       err);
	if (rc)
		return rc;
	if (info.precision != 8)
		return ms_err_set(err, MS_ERR_FORMAT,
		                  "this JPEG has %d-bit samples; only 8-bit "
		                  "JPEG images are supported",
		                  info.precision);
	if (info.sof != 0xC0 && info.sof != 0xC1 && info.sof != 0xC2 &&
	    info.sof != 0xC9 && info.sof != 0xCA)
		return ms_err_set(err, MS_ERR_FORMAT,
		                  "this JPEG is lossless or hierarchical "
		                  "(SOF%d), which is not supported",
		                  info.sof - 0xC0);
	if (info.ncomp != 1 && info.ncomp != 3 && info.ncomp != 4)
		return ms_err_set(
		    err, MS_ERR_FORMAT,
		    "this JPEG has %d colour components, which is "
		    "not supported",
		    info.ncomp);
	pixels = (unsigned long long)info.w * (unsigned)info.h;
	if (info.buffered && pixels > MS_MAX_PROGRESSIVE_PIXELS)
		return ms_err_set(err, MS_ERR_TOO_BIG,
		                  "the progressive JPEG declares %d×%d pixels; "
		                  "progressive JPEG images may have at most %u "
		                  "megapixels",
		                  info.w, info.h,
		                  MS_MAX_PROGRESSIVE_PIXELS / 1000000u);
	out->fmt = MS_FMT_JPEG;
	out->w = info.w;
	out->h = info.h;
	out->progressive = info.progressive;
	out->orientation = ms_img_exif_orientation(info.exif, info.exif_len);
	return MS_OK;
}

/* Counts the scans (SOS markers) from the first one to the end marker,
 * skipping entropy-coded data the way libjpeg does: FF 00 is a data byte,
 * FF D0..D7 a restart marker, FF FF fill. Stops counting past limit. */
static unsigned count_scans(const uint8_t *d, size_t len, size_t pos,
                            unsigned limit)
{
	unsigned n = 0;

	while (pos + 1 < len && n <= limit) {
		int m;
		size_t seglen;

		if (d[pos] != 0xFF) {
			const uint8_t *p = memchr(d + pos, 0xFF, len - pos);
			if (!p)
				break;
			pos = (size_t)(p - d);
			continue;
		}
		m = d[pos + 1];
		if (m == 0xFF || m == 0x00 || m == 0x01 ||
		    (m >= 0xD0 && m <= 0xD7)) {
			pos += m == 0xFF ? 1 : 2;
			continue;
		}
		if (m == M_EOI || pos + 4 > len)
			break;
		seglen = ms_img_be16(d + pos + 2);
		if (seglen < 2)
			break;
		pos += 2 + seglen;
		if (m != M_SOS)
			continue;
		n++;
		/* Entropy-coded data runs to the next real marker. */
		while (pos + 1 < len) {
			const uint8_t *p = memchr(d + pos, 0xFF, len - pos);
			int b;
			if (!p || (size_t)(p - d) + 1 >= len) {
				pos = len;
				break;
			}
			pos = (size_t)(p - d);
			b = d[pos + 1];
			if (b == 0x00 || (b >= 0xD0 && b <= 0xD7))
				pos += 2;
			else if (b == 0xFF)
				pos += 1;
			else
				break;
		}
	}
	return n;
}

/* Picks the DCT scale: of the factors up to 1 whose output fits in
 * MS_MAX_DECODE_PIXELS, the smallest whose long side still reaches
 * max_side; if none reaches it (or max_side is 0), the largest. */
static int pick_scale(int w, int h, int max_side, tjscalingfactor *best)
{
	tjscalingfactor *sf;
	int n, i, found = 0, reach = 0;

	sf = tjGetScalingFactors(&n);
	for (i = 0; sf && i < n; i++) {
		int sw = TJSCALED(w, sf[i]), sh = TJSCALED(h, sf[i]);
		int lng = sw > sh ? sw : sh, r;
		if (sf[i].num > sf[i].denom || sf[i].num < 1)
			continue;
		if ((unsigned long long)sw * (unsigned)sh >
		    MS_MAX_DECODE_PIXELS)
			continue;
		r = max_side > 0 && lng >= max_side;
		if (!found || (r && !reach)) {
			*best = sf[i];
		} else if (r == reach) {
			/* Both reach: keep the smaller; neither: the larger. */
			long a = (long)sf[i].num * best->denom;
			long b = (long)best->num * sf[i].denom;
			if (r ? a < b : a > b)
				*best = sf[i];
		} else {
			continue;
		}
		found = 1;
		reach = reach || r;
	}
	return found;
}

/* Rows at the bottom that are all the fill value libjpeg writes where data
 * is missing. */
static int grey_tail(const uint8_t *px, size_t pitch, size_t rowbytes, int h)
{
	int y, n = 0;

	for (y = h - 1; y >= 0; y--, n++) {
		const uint8_t *row = px + (size_t)y * pitch;
		size_t i;
		for (i = 0; i < rowbytes; i++)
			if (row[i] != 128)
				return n;
	}
	return n;
}

ms_rc ms_img_jpeg_decode(const uint8_t *data, size_t len, const ms_probe *p,
                         int max_side, ms_image *out, ms_err *err)
{
	ms_jpeg_info info;
	tjhandle tj = NULL;
	tjscalingfactor sf = {1, 1};
	uint8_t *cmyk = NULL, *buf;
	int w, h, ss, cs, sw, sh, pf, bpp, missing;
	size_t pitch;
	unsigned scans, max_scans;
	ms_rc rc;

	memset(out, 0, sizeof(*out));
	rc = ms_img_jpeg_parse(data, len, &info, err);
	if (rc)
		return rc;
	max_scans = MS_JPEG_MAX_SCANS;
	if (MS_JPEG_MAX_SCAN_PIXELS / ((unsigned long long)p->w * p->h) <
	    max_scans)
		max_scans = (unsigned)(MS_JPEG_MAX_SCAN_PIXELS /
		                       ((unsigned long long)p->w * p->h));
	scans = count_scans(data, len, info.sos, max_scans);
	if (scans > max_scans && max_scans == MS_JPEG_MAX_SCANS)
		return ms_err_set(err, MS_ERR_TOO_BIG,
		                  "the JPEG has more than %d scans, which no "
		                  "camera makes; it is refused",
		                  MS_JPEG_MAX_SCANS);
	if (scans > max_scans)
		return ms_err_set(err, MS_ERR_TOO_BIG,
		                  "the JPEG has more than %u scans, which no "
		                  "camera makes for a %d×%d picture; it is "
		                  "refused",
		                  max_scans, p->w, p->h);
	tj = tjInitDecompress();
	if (!tj)
		return ms_err_set(err, MS_ERR_NOMEM,
		                  "out of memory while decoding the JPEG");
	if (tjDecompressHeader3(tj, data, (unsigned long)len, &w, &h, &ss,
	                        &cs) != 0 ||
	    w != p->w || h != p->h) {
		rc = damaged(err);
		goto out;
	}
	if (!pick_scale(w, h, max_side, &sf)) {
		rc = ms_img_err_decode_limit(err, "JPEG", w, h);
		goto out;
	}
	sw = TJSCALED(w, sf);
	sh = TJSCALED(h, sf);
	/* libjpeg cannot turn CMYK into RGB; we do it below. */
	if (cs == TJCS_CMYK || cs == TJCS_YCCK) {
		pf = TJPF_CMYK;
		bpp = 4;
		cmyk = malloc((size_t)sw * 4 * (size_t)sh);
		if (!cmyk) {
			rc =
			    ms_err_set(err, MS_ERR_NOMEM,
			               "out of memory while decoding the JPEG");
			goto out;
		}
		buf = cmyk;
	} else {
		pf = TJPF_RGB;
		bpp = 3;
		rc = ms_image_alloc(out, sw, sh, 3);
		if (rc) {
			rc = ms_err_set(
			    err, rc, "out of memory while decoding the JPEG");
			goto out;
		}
		buf = out->px;
	}
	pitch = (size_t)sw * (size_t)bpp;
	if (tjDecompress2(tj, data, (unsigned long)len, buf, sw, (int)pitch, sh,
	                  pf, TJFLAG_LIMITSCANS) != 0) {
		if (tjGetErrorCode(tj) != TJERR_WARNING ||
		    strstr(tjGetErrorStr2(tj), "Huffman")) {
			rc = damaged(err);
			goto out;
		}
		missing = grey_tail(buf, pitch, pitch, sh);
		if ((long)missing * 100 >
		    (long)sh * MS_JPEG_MAX_MISSING_PERCENT) {
			rc = ms_err_set(err, MS_ERR_CORRUPT,
			                "the JPEG is truncated or damaged: "
			                "about %d%% of the picture is missing",
			                (int)((long)missing * 100 / sh));
			goto out;
		}
	}
	if (cmyk) {
		size_t i, n = (size_t)sw * (size_t)sh;
		rc = ms_image_alloc(out, sw, sh, 3);
		if (rc) {
			rc = ms_err_set(
			    err, rc, "out of memory while decoding the JPEG");
			goto out;
		}
		/* Adobe CMYK JPEGs store the inks inverted, as almost all
		 * CMYK JPEGs do: 255 is no ink. */
		for (i = 0; i < n; i++) {
			const uint8_t *s = cmyk + 4 * i;
			uint8_t *d = out->px + 3 * i;
			d[0] = (uint8_t)((s[0] * s[3] + 127) / 255);
			d[1] = (uint8_t)((s[1] * s[3] + 127) / 255);
			d[2] = (uint8_t)((s[2] * s[3] + 127) / 255);
		}
	}
	rc = MS_OK;
out:
	if (rc)
		ms_image_free(out);
	free(cmyk);
	tjDestroy(tj);
	return rc;
}

ms_rc ms_img_encode_jpeg(const ms_image *img, int quality, uint8_t **out,
                         size_t *len, ms_err *err)
{
	tjhandle tj = NULL;
	unsigned char *buf = NULL;
	unsigned long n = 0;
	ms_rc rc = MS_OK;

	*out = NULL;
	*len = 0;
	if (!img || !img->px || (img->ch != 1 && img->ch != 3) || quality < 1 ||
	    quality > 100)
		return ms_err_set(err, MS_ERR_INVALID,
		                  "cannot encode this image as JPEG");
	tj = tjInitCompress();
	if (!tj)
		return ms_err_set(err, MS_ERR_NOMEM, "out of memory");
	if (tjCompress2(tj, img->px, img->w, (int)img->stride, img->h,
	                img->ch == 1 ? TJPF_GRAY : TJPF_RGB, &buf, &n,
	                img->ch == 1 ? TJSAMP_GRAY : TJSAMP_420, quality,
	                0) != 0) {
		rc = ms_err_set(err, MS_ERR_INTERNAL,
		                "JPEG encoding failed: %s", tjGetErrorStr2(tj));
		goto out;
	}
	/* Hand over memory the caller can free() (tjFree may differ). */
	*out = malloc(n);
	if (!*out) {
		rc = ms_err_set(err, MS_ERR_NOMEM, "out of memory");
		goto out;
	}
	memcpy(*out, buf, n);
	*len = n;
out:
	tjFree(buf);
	tjDestroy(tj);
	return rc;
}
