/*
 * The field-knowledge stage of extraction: after the base passes have
 * filled a contact, check its fields against each other and against real
 * data (postal codes, name dictionaries, the email and web domain), correct
 * what the evidence on the card agrees on, and say so in the confidences
 * and review bits. Private to src/extract.
 */
#ifndef MEISHI_VERIFY_INT_H
#define MEISHI_VERIFY_INT_H

#include "meishi/contact.h"
#include "meishi/domain.h"
#include "meishi/err.h"
#include "meishi/lines.h"
#include "meishi/names.h"
#include "meishi/postal.h"

/* The tables of the stage. Read-only once loaded and shared by every
 * extractor of the process that uses the same models folder. */
typedef struct ms_verify {
	ms_postal *postal;
	ms_names *names;
	ms_domain *domain;
} ms_verify;

/* The tables for models_dir, loaded on the first call for that folder and
 * kept until the process ends. Thread-safe. */
ms_rc ms_verify_get(const char *models_dir, const ms_verify **out,
		    ms_err *err) MS_WUR;

/* Checks and corrects c, which ms_extract has filled from lines. Fails
 * only on out-of-memory. */
ms_rc ms_verify_contact(const ms_verify *v, const ms_lines *lines,
			ms_contact *c) MS_WUR;

/* ms_extract_name_reread and ms_extract_name_take (meishi/contact.h). */
int ms_verify_name_reread(const ms_verify *v, const ms_contact *c,
			  ms_name_reread *rr);
int ms_verify_name_take(const ms_verify *v, ms_contact *c, const char *text);

#endif /* MEISHI_VERIFY_INT_H */
