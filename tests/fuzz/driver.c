/* driver.c: runs a fuzz harness over files, without libFuzzer: the test
 * suite (gcc, ASan+UBSan) replays each harness's corpus in tests/fuzz/corpus
 * so a decoder change that crashes on a kept input fails `make test`.
 * Prints "PASS <harness> <file>" per input; a crash ends the run. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *name, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        printf("FAIL %s %s: cannot open\n", name, path);
        return 1;
    }
    uint8_t *buf = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : 4096;
            uint8_t *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                return 1;
            }
            buf = nb;
        }
        size_t got = fread(buf + len, 1, cap - len, f);
        if (!got)
            break;
        len += got;
    }
    fclose(f);
    LLVMFuzzerTestOneInput(buf, len);
    free(buf);
    printf("PASS %s %s\n", name, strrchr(path, '/') ? strrchr(path, '/') + 1 : path);
    return 0;
}

int main(int argc, char **argv)
{
    const char *name = strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
    int failed = 0;
    for (int i = 1; i < argc; i++) {
        struct stat sb;
        if (stat(argv[i], &sb) != 0) {
            printf("FAIL %s %s: no such file\n", name, argv[i]);
            failed++;
            continue;
        }
        if (!S_ISDIR(sb.st_mode)) {
            failed += run_file(name, argv[i]);
            continue;
        }
        DIR *d = opendir(argv[i]);
        struct dirent *e;
        char path[4096];
        while (d && (e = readdir(d))) {
            if (e->d_name[0] == '.')
                continue;
            snprintf(path, sizeof path, "%s/%s", argv[i], e->d_name);
            failed += run_file(name, path);
        }
        if (d)
            closedir(d);
    }
    return failed ? 1 : 0;
}
