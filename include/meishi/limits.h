/*
 * Every hard limit in Meishi lives in this one header.
 *
 * A limit bounds memory, CPU time or output size for input that Meishi does
 * not control: photos, OCR text, HTTP requests, CSV rows. Code that needs a
 * bound includes this file rather than inventing a number of its own, so a
 * reviewer can see every ceiling in one place. Limits that a user may want
 * to change at run time are defaults here and are overridden by options.
 */
#ifndef MEISHI_LIMITS_H
#define MEISHI_LIMITS_H

/* ---- Image input ------------------------------------------------------ */

/* Largest image file accepted, in bytes. A 48-megapixel phone JPEG is
 * about 20 MB. */
#define MS_MAX_IMAGE_BYTES (40u * 1024u * 1024u)

/* Largest pixel count an image may declare in its header. JPEG is decoded
 * with DCT scaling, so this bounds header arithmetic, not memory. */
#define MS_MAX_SOURCE_PIXELS (120u * 1000u * 1000u)

/* Largest side an image may declare. */
#define MS_MAX_SOURCE_SIDE 30000

/* Largest pixel count actually decoded into memory. Formats that cannot
 * decode at a reduced scale (PNG, HEIF) must fit within this. */
#define MS_MAX_DECODE_PIXELS (50u * 1000u * 1000u)

/* Progressive JPEG: the most scans we accept (libjpeg-turbo's own limit
 * with TJFLAG_LIMITSCANS is 500). */
#define MS_JPEG_MAX_SCANS 500

/* The working photo: decoded images are scaled so that their long side is
 * at most this many pixels before the card is searched for. */
#define MS_WORK_LONG_SIDE 2000

/* The flattened card: its long side in pixels. A 91 mm card at about
 * 300 dpi, the size Tesseract reads best. */
#define MS_CARD_LONG_SIDE 1100

/* ---- OCR output ------------------------------------------------------- */

/* Most text lines kept from one card. */
#define MS_MAX_LINES 256

/* Longest text of one line, in bytes of UTF-8 (with the NUL). */
#define MS_MAX_LINE_BYTES 512

/* Longest value of one contact field, in bytes (with the NUL). */
#define MS_MAX_FIELD_BYTES 256

/* ---- Duplicate detection ---------------------------------------------- */

/* Longest blocking key, kind excluded, in bytes (with the NUL): a field
 * key plus a short prefix. */
#define MS_DD_MAX_KEY_BYTES (MS_MAX_FIELD_BYTES + 16)

/* Most blocking keys one contact has. Deletion neighbourhoods are the bulk:
 * a name of n characters has n of them. */
#define MS_DD_MAX_KEYS 96

/* Edit distances are computed on at most this many code points. */
#define MS_DD_MAX_CPS 64

/* Deletion-neighbourhood keys are made only for values of at most this many
 * code points (longer names are blocked by their other keys). */
#define MS_DD_MAX_DEL_CPS 24

/* Most reasons given for one match, and the longest reason (with NUL). */
#define MS_DD_MAX_REASONS 8
#define MS_DD_MAX_REASON_BYTES 128

/* Lookup bounds: at most this many leads are read per blocking key (the
 * newest first; a key shared by more leads is weak evidence anyway, and
 * counts as such), and at most this many distinct candidates are ranked
 * per new contact (MS_DD_MAX_KEYS * MS_DD_MAX_POSTINGS postings at most).
 * These keep a lookup's cost independent of the number of leads. */
#define MS_DD_MAX_POSTINGS 64
#define MS_DD_MAX_CANDIDATES 4096

/* Of those candidates, the ones sharing the most (weighted) keys are read
 * and scored in full: at most this many per new contact. */
#define MS_DD_MAX_SCORED 32

/* ---- CSV import ------------------------------------------------------- */

/* Largest CSV file `meishi import` reads, in bytes. */
#define MS_CSV_MAX_FILE_BYTES (512u * 1024u * 1024u)

/* Longest field and longest row (all fields, unquoted), in bytes. */
#define MS_CSV_MAX_FIELD_BYTES 4096
#define MS_CSV_MAX_ROW_BYTES 65536

/* Most columns in a row. */
#define MS_CSV_MAX_COLS 256

/* ---- Messages --------------------------------------------------------- */

/* Longest error message carried in an ms_err, with the NUL. */
#define MS_MAX_ERR_MSG 256

/* ---- Command line ----------------------------------------------------- */

/* Most worker threads for `meishi scan --jobs` and the server's pool. */
#define MS_MAX_WORKERS 64

#endif /* MEISHI_LIMITS_H */
