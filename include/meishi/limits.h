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

/* Largest side libheif may decode to. A grid image's output size is
 * read by libheif from the grid's own data, past the sizes Meishi checks
 * before decoding, and allocated whole (a 686-byte file declared
 * 18758x17920 and took 2 GB): this bounds it to 8192 squared, which an
 * iPhone's 48 MP photo (8064x6048) fits. */
#define MS_HEIF_MAX_SIDE 8192

/* HEIF: the most image references ('dimg' tiles, 'auxl' alpha and depth
 * planes) a file may declare. A 48-megapixel iPhone photo has 48 tiles
 * and a handful of auxiliary images. The references are checked for loops
 * before libheif decodes, since libheif 1.15 follows them by recursion. */
#define MS_HEIF_MAX_REFS 4096

/* A Japanese name read again with the OCR limited to the characters its
 * printed reading allows: the most spellings taken of each half's
 * reading, and the most bytes of characters the OCR is given. */
#define MS_NAME_SPELLINGS 64
#define MS_NAME_REREAD_CHARS 2048

/* The most bytes of characters a title or department misread as Latin
 * is read again with (those of the dictionaries' Japanese entries). */
#define MS_ROLE_REREAD_CHARS 4096

/* Progressive JPEG: the most scans we accept (libjpeg-turbo's own limit
 * with TJFLAG_LIMITSCANS is 500). */
#define MS_JPEG_MAX_SCANS 500

/* The working photo: decoded images are scaled so that their long side is
 * at most this many pixels before the card is searched for. */
#define MS_WORK_LONG_SIDE 2000

/* The flattened card: its long side in pixels. A 91 mm card at about
 * 300 dpi, the size Tesseract reads best. */
#define MS_CARD_LONG_SIDE 1100

/* ---- Card finding ----------------------------------------------------- */

/* The card is searched for on a copy of the photo scaled so that its long
 * side is this many pixels; corners are then refined at full size. */
#define MS_CARD_FIND_SIDE 480

/* Most candidate straight lines kept per direction (near-horizontal,
 * near-vertical) when the card's sides are searched for, and a third of
 * it the most kept at nearly one angle; the quads tried grow with the
 * fourth power of this. */
#define MS_CARD_MAX_LINES 24

/* ---- Image decoding (src/img) ----------------------------------------- */

/* A JPEG whose scans do not each cover the whole picture (progressive, or
 * sequential with one scan per colour) is decoded through a buffer of DCT
 * coefficients for the whole image, 2 bytes per sample whatever the output
 * scale: up to 6 bytes a pixel. Such JPEGs may declare at most this many
 * pixels (192 MB of coefficients at worst). */
#define MS_MAX_PROGRESSIVE_PIXELS (32u * 1000u * 1000u)

/* Each scan of a JPEG costs the decoder time in proportion to the pixels
 * the file declares, even when the scan holds next to no data: 490 nearly
 * empty scans over 32 megapixels take 10 seconds. The scans times the
 * declared pixels may be at most this (about a second and a half of work);
 * a 12-megapixel photo may still have 166 scans, where cameras and
 * encoders use 1 to about 20. */
#define MS_JPEG_MAX_SCAN_PIXELS (2000ull * 1000u * 1000u)

/* A JPEG that ends early (or whose data goes bad) is still accepted when at
 * most this share of its rows, in percent, is missing at the bottom: phone
 * uploads cut short by a few kilobytes still read. Above it: corrupt. */
#define MS_JPEG_MAX_MISSING_PERCENT 5

/* Largest EXIF block read for the orientation, in bytes. A JPEG APP1
 * segment cannot be larger; a PNG eXIf chunk larger than this is ignored. */
#define MS_MAX_EXIF_BYTES 65536

/* libpng: the largest ancillary chunk it may allocate, and the most
 * ancillary chunks it may keep. Text, ICC and EXIF chunks are skipped. */
#define MS_PNG_MAX_CHUNK_BYTES (8u * 1024u * 1024u)
#define MS_PNG_MAX_CHUNKS 128

/* ---- OCR output ------------------------------------------------------- */

/* Most text lines kept from one card. */
#define MS_MAX_LINES 256

/* CPU seconds one scan may spend trying orientations and engines. A card
 * read well stops after the first reading (~0.4 s); a photo whose readings
 * are all poor (noise, a sideways card in bad light) stops trying further
 * candidates once past this, and keeps the best reading so far. */
#define MS_SCAN_CPU_BUDGET 8.0

/* Glyphs are looked at as ink (src/img/glyph.c) only in lines at most
 * this wide (pixels), with at least this much between paper and ink. */
#define MS_GLYPH_MAX_LINE_W 4096
#define MS_GLYPH_MIN_CONTRAST 40

/* A 第 is looked for among the first this many glyphs of a line. */
#define MS_SCAN_DAI_GLYPHS 16

/* Ink the OCR's layout analysis left unread is grouped into rows and read
 * again (src/ocr): a card with more separate specks than this is too noisy
 * to try, and at most this many rows are read (each costs ~20-50 ms). */
#define MS_OCR_MAX_SPECKS 6000
#define MS_OCR_MAX_RECOVER 8

/* Longest text of one line, in bytes of UTF-8 (with the NUL). */
#define MS_MAX_LINE_BYTES 512

/* Longest value of one contact field, in bytes (with the NUL). */
#define MS_MAX_FIELD_BYTES 256

/* Longest local part of an email address taken from OCR (RFC 5321's
 * limit), in bytes. */
#define MS_MAX_EMAIL_LOCAL 64

/* Most code points an edit distance compares of each string (a line's
 * worth); the rest is not looked at. */
#define MS_TEXT_MAX_CPS MS_MAX_LINE_BYTES

/* ---- Field extraction ------------------------------------------------ */

/* Longest normalised text of one OCR line (NFKC may lengthen a line; the
 * rest is cut at a code-point boundary). */
#define MS_EX_NORM_BYTES 1024

/* Scratch space for NFKC of one line. NFKC expands a code point to at most
 * 18, so a longer result is refused and the raw line is used instead. */
#define MS_EX_NFKC_BYTES 8192

/* Largest dictionary file in models/, and most entries in one. */
#define MS_EX_DICT_BYTES (256u * 1024u)
#define MS_EX_DICT_ENTRIES 4096

/* Longest text handed to MeCab in one call, in bytes. Names are short;
 * longer text is not a name and is not analysed. */
#define MS_EX_MECAB_BYTES 96

/* ---- Field knowledge (src/extract/verify.c) ------------------------- */

/* Longest path of a models folder, in bytes (with the NUL). */
#define MS_MAX_PATH_BYTES 4096

/* Most different models folders whose tables one process keeps loaded. */
#define MS_VF_MAX_MODEL_DIRS 4

/* Most candidate lines compared with the domain for the company field. */
#define MS_VF_MAX_COMPANY_CANDS 8

/* A word of the romanised name or reading compared with the email's
 * local part (src/extract/verify.c), terminator included. */
#define MS_VF_NAME_WORD 32

/* Most single-character variants of a company name tried on the domain. */
#define MS_VF_MAX_COMPANY_VARIANTS 4096

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
 * the ranker ignores it), and at most this many distinct candidates are ranked
 * per new contact (MS_DD_MAX_KEYS * MS_DD_MAX_POSTINGS postings at most).
 * These keep a lookup's cost independent of the number of leads. */
#define MS_DD_MAX_POSTINGS 64
#define MS_DD_MAX_CANDIDATES 4096

/* The one-deletion keys of a name, its reading and its romanised form
 * (name~, read~, lat~) are cut sooner: one shared by more leads than this
 * is the neighbourhood of a common name (佐藤太郎, 佐藤次郎, 加藤太郎 ...),
 * not a misreading. */
#define MS_DD_MAX_NEAR_POSTINGS 8

/* Of those candidates, the ones sharing the most (weighted) keys are read
 * and scored in full: at most this many per new contact. */
#define MS_DD_MAX_SCORED 32

/* Of those, at most this many that share nothing with the new contact
 * but its name (ms_dd_rank_sort): the best ranked, newest first. */
#define MS_DD_MAX_NAME_ONLY 4

/* A name shared by this many stored leads or more is common: an email
 * name made of it alone (taro.yamada@) at another company no longer
 * suggests a job change (ms_dd_match_pair_ctx). */
#define MS_DD_COMMON_NAME 3

/* ---- CSV import ------------------------------------------------------- */

/* Largest CSV file `meishi import` reads, in bytes. */
#define MS_CSV_MAX_FILE_BYTES (512u * 1024u * 1024u)

/* Longest field and longest row (all fields, unquoted), in bytes. */
#define MS_CSV_MAX_FIELD_BYTES 4096
#define MS_CSV_MAX_ROW_BYTES 65536

/* Most columns in a row. */
#define MS_CSV_MAX_COLS 256

/* Rows `meishi import` writes per transaction. */
#define MS_IMPORT_BATCH 5000

/* ---- Messages --------------------------------------------------------- */

/* Longest error message carried in an ms_err, with the NUL. */
#define MS_MAX_ERR_MSG 256

/* ---- Command line ----------------------------------------------------- */

/* Most worker threads for `meishi scan --jobs` and the server's pool. */
#define MS_MAX_WORKERS 64

/* ---- Field knowledge (postal codes, names, company domains) ---------- */

/* Largest table file read from models/, and most rows in one. The postal
 * table is about 3.7 MB and 146,000 rows; the name table 0.85 MB and
 * 32,000 rows. */
#define MS_KN_POSTAL_FILE_BYTES (8u * 1024u * 1024u)
#define MS_KN_POSTAL_ROWS 300000u
#define MS_KN_POSTAL_CITIES 4096u
#define MS_KN_NAMES_FILE_BYTES (4u * 1024u * 1024u)
#define MS_KN_NAMES_ROWS 100000u
/* models/words-ja.tsv: two-kanji words and readings (about 1.6 MB and
 * 65,000 rows). */
#define MS_KN_WORDS_FILE_BYTES (4u * 1024u * 1024u)
#define MS_KN_WORDS_ROWS 100000u
#define MS_KN_TABLE_FILE_BYTES (256u * 1024u)
#define MS_KN_TABLE_ROWS 2048u

/* Longest address, in code points, that the postal aligner reads; the
 * rest of a longer line is kept as printed but not aligned. */
#define MS_KN_ADDR_CPS 256

/* Longest prefecture + city + town, in code points. */
#define MS_KN_PLACE_CPS 64

/* Longest name line, reading or romanised name, in code points. */
#define MS_KN_NAME_CPS 48

/* Most name candidates weighed at once, with the look-alike variants
 * generated from them. */
#define MS_KN_NAME_CANDIDATES 256

/* Longest company name or domain label, in code points. */
#define MS_KN_COMPANY_CPS 96

/* ---- Server ----------------------------------------------------------- */

/* Defaults for `meishi serve`; each can be changed by an option, an
 * environment variable or the data directory's meishi.conf. */

/* Largest request body: one raw image, or a multipart form with several
 * photos (--max-body). */
#define MS_SRV_MAX_BODY (64u * 1024u * 1024u)

/* A body over its cap is read on (and discarded) this many bytes more so
 * the client gets a 413 answer; past that the connection is closed. */
#define MS_SRV_DISCARD_MAX (8u * 1024u * 1024u)

/* Upload bytes all requests in flight may hold in memory together; a
 * body that would pass it is answered 503 (try again). */
#define MS_SRV_MAX_BUFFERED (512u * 1024u * 1024u)

/* Largest JSON body (login, lead edits). */
#define MS_SRV_MAX_JSON_BODY (64u * 1024u)

/* Most files in one multipart upload. */
#define MS_SRV_MAX_FILES 20

/* Longest `event` (lead source) tag, in bytes. */
#define MS_SRV_MAX_EVENT 128

/* Most jobs waiting in the queue before uploads get 503 (--queue-max). */
#define MS_SRV_QUEUE_MAX 1000

/* Seconds a client is told to wait (Retry-After) when the queue is full. */
#define MS_SRV_RETRY_AFTER 30

/* Simultaneous connections from one IP address (--per-ip). */
#define MS_SRV_PER_IP 64

/* Simultaneous connections in all (--max-conns). */
#define MS_SRV_MAX_CONNS 512

/* Seconds an idle connection is kept open (--timeout). */
#define MS_SRV_TIMEOUT 30

/* Memory libmicrohttpd may use per connection for headers and buffers.
 * A request whose headers do not fit gets 431/413 from it. */
#define MS_SRV_CONN_MEMORY (64u * 1024u)

/* Threads answering HTTP requests (at least this, or 2 per core). */
#define MS_SRV_HTTP_THREADS 4

/* Longest user name, token name and password, in bytes. */
#define MS_SRV_MAX_NAME 64
#define MS_SRV_MAX_PASSWORD 1024

/* Longest Idempotency-Key header, in bytes; keys are kept for a day. */
#define MS_SRV_MAX_IDEM_KEY 128
#define MS_SRV_IDEM_TTL (24 * 3600)

/* Session lifetime in seconds (7 days). */
#define MS_SRV_SESSION_TTL (7 * 24 * 3600)

/* Failed logins allowed per user name (and per client IP, which may be
 * shared by a whole office behind NAT) within the window before further
 * attempts are refused with 429, and the window in seconds. */
#define MS_SRV_LOGIN_FAILS 5
#define MS_SRV_LOGIN_FAILS_IP 20
#define MS_SRV_LOGIN_WINDOW 900
/* Distinct names and IPs remembered by the login throttle. */
#define MS_SRV_THROTTLE_SLOTS 4096

/* Page sizes for the review list and the feed. */
#define MS_SRV_PAGE_DEFAULT 50
#define MS_SRV_PAGE_MAX 500
#define MS_SRV_FEED_DEFAULT 100
#define MS_SRV_FEED_MAX 1000
/* One feed item's body, rendered when its change commits (a lead with
 * every field, confidence and box, plus two SFA mappings). */
#define MS_SRV_MAX_FEED_BODY (256u * 1024u)
/* A lead's short-query search words (about 3x its 8 KiB search text). */
#define MS_SRV_MAX_GRAMS (32u * 1024u)

/* Longest full-text query, in bytes. */
#define MS_SRV_MAX_QUERY 256

/* Times a job is retried after the server died while scanning it. */
#define MS_SRV_JOB_ATTEMPTS 3

/* Longest path inside the data directory. */
#define MS_SRV_MAX_PATH 1024

/* Largest response the feed builds in memory (CSV, vCard). */
#define MS_SRV_MAX_EXPORT (64u * 1024u * 1024u)

/* Most lines in meishi.conf and its longest line. */
#define MS_SRV_CONF_LINES 200
#define MS_SRV_CONF_LINE 1024

/* ---- The web UI (src/http/routes_ui.c, src/http/static.c) ------------- */

/* Leads read to build the review queue (oldest first, with its count). */
#define MS_UI_QUEUE_SCAN_MAX 100000
/* Shortest password the admin pages accept for a new or reset account. */
#define MS_UI_MIN_PASSWORD 8
/* Longest URL path of a static file under the web directory. */
#define MS_UI_MAX_STATIC_PATH 256
/* The dormant-leads filter: at most this many months back. */
#define MS_UI_MAX_DORMANT_MONTHS 1200
/* Cards per page of a rep's recent cards, unless asked otherwise. */
#define MS_UI_RECENT_DEFAULT 20

#endif /* MEISHI_LIMITS_H */
