/*
 * The EXIF orientation of a photo, read with libexif.
 *
 * Phones store a photo as the sensor saw it and record in EXIF how it must
 * be turned to stand upright (tag 0x0112 in IFD0, values 1 to 8). Only that
 * one tag is read. The block is at most MS_MAX_EXIF_BYTES; anything libexif
 * cannot read counts as "no orientation" (1) rather than as an error, since
 * a damaged EXIF block does not make the pixels unusable.
 */
#include <libexif/exif-data.h>
#include <stdlib.h>
#include <string.h>

#include "img_int.h"
#include "meishi/limits.h"

int ms_img_exif_orientation(const uint8_t *tiff, size_t len)
{
	static const uint8_t hdr[6] = {'E', 'x', 'i', 'f', 0, 0};
	ExifData *ed = NULL;
	ExifEntry *e;
	uint8_t *buf;
	int o = 1;

	if (!tiff || len < 8 || len > MS_MAX_EXIF_BYTES)
		return 1;
	/* libexif wants the block as it stands in a JPEG APP1 segment. */
	buf = malloc(len + sizeof(hdr));
	if (!buf)
		return 1;
	memcpy(buf, hdr, sizeof(hdr));
	memcpy(buf + sizeof(hdr), tiff, len);
	ed = exif_data_new();
	if (!ed)
		goto out;
	/* Read the data as it is: no "fixing" it to the specification, which
	 * would add default entries and do work we do not need. */
	exif_data_unset_option(ed, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
	exif_data_load_data(ed, buf, (unsigned int)(len + sizeof(hdr)));
	e = exif_content_get_entry(ed->ifd[EXIF_IFD_0], EXIF_TAG_ORIENTATION);
	if (e && e->format == EXIF_FORMAT_SHORT && e->components >= 1 &&
	    e->data && e->size >= 2) {
		ExifShort v =
		    exif_get_short(e->data, exif_data_get_byte_order(ed));
		if (v >= 1 && v <= 8)
			o = v;
	}
out:
	if (ed)
		exif_data_unref(ed);
	free(buf);
	return o;
}
