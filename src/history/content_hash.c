/*
 * content_hash.c: the SHA-256 of a run's bytes, which decides whether a
 * run is already recorded for its commit (store.h).  A cryptographic
 * hash, so that two different runs never share one by chance, as two
 * could under the 64-bit FNV hash schema 2 used.  OpenSSL's libcrypto
 * does the hashing (libpq links it already).
 */
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
