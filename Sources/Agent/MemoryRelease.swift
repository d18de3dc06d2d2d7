import CHardening

/// Gives memory freed by a large request back to the system.
///
/// glibc keeps freed heap pages for reuse; after `list` of 100,000 accounts the agent stayed at hundreds of
/// MiB although nothing was in use. `malloc_trim(0)` returns the free pages at the top of the heap and, since
/// glibc 2.8, free whole pages inside it (`madvise(MADV_DONTNEED)`); it frees nothing in use.
///
/// Only after a large request: trimming after every `list` made the next one fault all its pages back in
/// (about 2,000 page faults and 15% of a `list --json` of 10,000), while what a list of up to
/// `largeRequestBytes` of output leaves free is a few MiB that the next request reuses.
enum MemoryRelease {
    /// Output above this (about 20,000 accounts of `list --json`) is followed by `trim()`.
    static let largeRequestBytes = 16 << 20

    static func trim() {
        _ = iamvault_release_free_memory()
    }
}
