import CHardening

/// Gives memory freed by a large request back to the system.
///
/// glibc keeps freed heap pages for reuse; after `list` of 100,000 accounts the agent stayed at hundreds of
/// MiB although nothing was in use. `malloc_trim(0)` returns the free pages at the top of the heap and, since
/// glibc 2.8, free whole pages inside it (`madvise(MADV_DONTNEED)`); it frees nothing in use.
enum MemoryRelease {
    static func trim() {
        _ = iamvault_release_free_memory()
    }
}
