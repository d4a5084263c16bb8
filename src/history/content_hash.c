/*
 * content_hash.c: the SHA-256 of a run's bytes, which decides whether a
 * run is already recorded for its commit (store.h).  A cryptographic
 * hash, so that two different runs never share one by chance, as two
 * could under the FNV hash schema 2 used (kept below to recognise the
 * runs it recorded).  OpenSSL's libcrypto
 * does the hashing (libpq links it already).
 */
#include <stdint.h>
#include <stdio.h>

#include <openssl/evp.h>

#include "history/store.h"

int
cbs_store_sha256_hex(const void *data, size_t len, char out[65])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0, i;

	if (EVP_Digest(data, len, md, &n, EVP_sha256(), NULL) != 1 ||
	    n != 32)
		return CBS_ENOMEM;
	for (i = 0; i < n; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
	return 0;
}

/*
 * Schema 2's content hash: FNV-1a in two 64-bit lanes, in hex.  Only to
 * recognise a run recorded before schema 3, so that recording the same
 * file again for its commit still adds nothing.
 */
void
cbs_store_legacy_hex(const void *data, size_t len, char out[33])
{
	const unsigned char *d = data;
	uint64_t a = 0xcbf29ce484222325ULL, b = 0x84222325cbf29ce4ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		a = (a ^ d[i]) * 0x100000001b3ULL;
		b = (b ^ d[i] ^ (i & 0xff)) * 0x100000001b3ULL;
	}
	snprintf(out, 33, "%016llx%016llx", (unsigned long long)a,
	    (unsigned long long)b);
}
