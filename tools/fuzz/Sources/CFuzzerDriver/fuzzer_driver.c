// Only a header: LLVMFuzzerRunDriver comes from the libFuzzer runtime linked by -sanitize=fuzzer.
#include "fuzzer_driver.h"
