/* What the client's list buffer saves (docs/performance.md, "`list`: rendered where opened…"; ClientCore/ListBuffer):
 * fills 8 MiB in 256 KiB steps, as a list of 10,000 arrives, in a fresh region each time; best of 20.
 *   cc -O2 tools/bench/hugepage-fill.c -o /tmp/hugepage-fill && /tmp/hugepage-fill
 * prints the time with 4 KiB pages and with MADV_HUGEPAGE (the kernel may decline: then both are the same). */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

static double now_ms(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static double fill(int huge) {
    static char chunk[256 << 10];
    memset(chunk, 1, sizeof chunk);
    double best = 1e9;
    for (int run = 0; run < 20; run++) {
        double start = now_ms();
        size_t reserve = (size_t)1 << 30, total = 8 << 20;
        char *region = mmap(NULL, reserve, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (region == MAP_FAILED) return -1;
        if (huge) madvise(region, reserve, MADV_HUGEPAGE);
        for (size_t offset = 0; offset < total; offset += sizeof chunk) memcpy(region + offset, chunk, sizeof chunk);
        double took = now_ms() - start;
        if (took < best) best = took;
        munmap(region, reserve);
    }
    return best;
}

int main(void) {
    printf("8 MiB in 256 KiB steps: 4 KiB pages %.2f ms, MADV_HUGEPAGE %.2f ms (best of 20)\n", fill(0), fill(1));
    return 0;
}
