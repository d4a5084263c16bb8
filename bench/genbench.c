/*
 * genbench.c: a deterministic generator of Go benchmark output for
 * `make bench`.
 *
 * usage: genbench -b BENCHMARKS -r RUNS [-s SEED] [-new] > FILE
 *
 * Each of BENCHMARKS benchmarks (realistic names with sub-benchmark keys
 * and a -8 GOMAXPROCS suffix) is run RUNS times, interleaved as
 * "go test -count" prints them, with three units: ns/op (log-normal
 * noise), B/op and allocs/op (integers, so samples have ties).  With
 * -new, one benchmark in ten is 5-30% slower and one in ten as much
 * faster, and one in twenty allocates more: a real difference to find.
 * The same arguments always produce the same bytes.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng_state;

/* xorshift64*: small, fast and the same everywhere. */
static uint64_t
rng_next(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 0x2545F4914F6CDD1DULL;
}

static double
rng_unit(void)
{
	return (double)(rng_next() >> 11) / 9007199254740992.0;
}

/* A standard normal deviate (Box-Muller). */
static double
rng_normal(void)
{
	double u = rng_unit(), v = rng_unit();

	if (u < 1e-300)
		u = 1e-300;
	return sqrt(-2 * log(u)) * cos(2 * M_PI * v);
}

struct bench {
	char name[96];
	double ns;		/* typical time per op */
	double noise;		/* relative spread */
	long bytes;
	long allocs;
};

static const char *const families[] = { "Encode", "Decode", "Marshal",
    "Unmarshal", "Hash", "Compress", "Parse", "Lookup", "Insert", "Scan" };
static const char *const formats[] = { "json", "gob", "xml", "proto" };
static const char *const sizes[] = { "16", "1k", "4k", "64k", "1M" };

static void
make_bench(struct bench *b, size_t i)
{
	size_t f = i % 10, fmt = (i / 10) % 4, sz = (i / 40) % 5;

	snprintf(b->name, sizeof(b->name), "%s/format=%s/size=%s/case=%zu-8",
	    families[f], formats[fmt], sizes[sz], i / 200);
	b->ns = 20 * pow(10, 4 * rng_unit());
	b->noise = 0.005 + 0.03 * rng_unit();
	b->bytes = rng_unit() < 0.3 ? 0 : 16L << (rng_next() % 12);
	b->allocs = b->bytes == 0 ? 0 : 1 + (long)(rng_next() % 40);
}

/* The change a new run shows for benchmark i: slower, faster or none. */
static void
apply_change(struct bench *b, size_t i)
{
	uint64_t h = (uint64_t)i * 0x9E3779B97F4A7C15ULL;
	double size = 1.05 + 0.25 * (double)((h >> 20) % 1000) / 1000;

	switch ((h >> 40) % 20) {
	case 0: case 1:
		b->ns *= size;
		break;
	case 2: case 3:
		b->ns /= size;
		break;
	case 4:
		b->allocs += 1;
		b->bytes += 64;
		break;
	default:
		break;
	}
}

int
main(int argc, char **argv)
{
	size_t nbench = 100, runs = 10, i, r;
	unsigned long long seed = 1;
	struct bench *b;
	int new_version = 0, a;

	for (a = 1; a < argc; a++) {
		if (strcmp(argv[a], "-b") == 0 && a + 1 < argc)
			nbench = strtoul(argv[++a], NULL, 10);
		else if (strcmp(argv[a], "-r") == 0 && a + 1 < argc)
			runs = strtoul(argv[++a], NULL, 10);
		else if (strcmp(argv[a], "-s") == 0 && a + 1 < argc)
			seed = strtoull(argv[++a], NULL, 10);
		else if (strcmp(argv[a], "-new") == 0)
			new_version = 1;
		else {
			fprintf(stderr, "usage: genbench -b BENCHMARKS -r RUNS "
			    "[-s SEED] [-new]\n");
			return 1;
		}
	}
	if (nbench == 0 || runs == 0 ||
	    (b = calloc(nbench, sizeof(*b))) == NULL)
		return 1;
	rng_state = seed * 0x9E3779B97F4A7C15ULL + 1;
	for (i = 0; i < nbench; i++) {
		make_bench(&b[i], i);
		if (new_version)
			apply_change(&b[i], i);
	}
	/* Old and new differ in their noise, not only in their changes. */
	rng_state ^= new_version ? 0xD1B54A32D192ED03ULL : 0;
	printf("goos: linux\ngoarch: amd64\npkg: example.com/bench\n"
	    "cpu: Generated CPU @ 3.00GHz\n");
	for (r = 0; r < runs; r++)
		for (i = 0; i < nbench; i++) {
			double ns = b[i].ns * exp(b[i].noise * rng_normal());

			printf("Benchmark%-40s %10ld %12.1f ns/op %8ld B/op "
			    "%6ld allocs/op\n", b[i].name,
			    (long)(1e9 / ns) + 1, ns, b[i].bytes, b[i].allocs);
		}
	printf("PASS\nok  \texample.com/bench\t%zu.000s\n", runs);
	free(b);
	return 0;
}
