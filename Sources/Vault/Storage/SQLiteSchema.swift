/// The SQLite schema of format version 1 (docs/format.md, "Tables").
enum SQLiteSchema {
    static let statements = [
        """
        CREATE TABLE vault (
            singleton INTEGER PRIMARY KEY NOT NULL CHECK (singleton = 1),
            format_version INTEGER NOT NULL,
            vault_id BLOB NOT NULL,
            sealed_metadata BLOB NOT NULL
        ) STRICT
        """,
        """
        CREATE TABLE key_slot (
            kind TEXT PRIMARY KEY NOT NULL,
            kdf TEXT NOT NULL,
            salt BLOB NOT NULL,
            ops_limit INTEGER NOT NULL,
            mem_limit INTEGER NOT NULL,
            wrapped_key BLOB NOT NULL,
            checksum BLOB NOT NULL
        ) STRICT, WITHOUT ROWID
        """,
        """
        CREATE TABLE entry (
            entry_id BLOB PRIMARY KEY NOT NULL,
            name_index BLOB NOT NULL UNIQUE,
            sealed_metadata BLOB NOT NULL
        ) STRICT, WITHOUT ROWID
        """,
        """
        CREATE TABLE secret_version (
            entry_id BLOB NOT NULL REFERENCES entry(entry_id) ON DELETE CASCADE,
            version INTEGER NOT NULL CHECK (version >= 1),
            fingerprint BLOB NOT NULL UNIQUE,
            sealed_value BLOB NOT NULL,
            sealed_metadata BLOB NOT NULL,
            PRIMARY KEY (entry_id, version)
        ) STRICT, WITHOUT ROWID
        """,
        // Write-once, enforced by the engine as well as by the absence of any update path in code.
        """
        CREATE TRIGGER secret_version_write_once
        BEFORE UPDATE OF entry_id, version, fingerprint, sealed_value ON secret_version
        BEGIN
            SELECT RAISE(ABORT, 'iamvault: secret values are write-once');
        END
        """,
        // The audit chain (docs/audit.md). Append-only: rekey reseals entries in place, nothing deletes one
        // or moves it to another seq. The MAC chain detects it when someone does so anyway.
        """
        CREATE TABLE audit_entry (
            seq INTEGER PRIMARY KEY NOT NULL CHECK (seq >= 1),
            sealed_entry BLOB NOT NULL,
            mac BLOB NOT NULL
        ) STRICT
        """,
        """
        CREATE TRIGGER audit_entry_append_only_delete
        BEFORE DELETE ON audit_entry
        BEGIN
            SELECT RAISE(ABORT, 'iamvault: audit entries are append-only');
        END
        """,
        """
        CREATE TRIGGER audit_entry_append_only_seq
        BEFORE UPDATE OF seq ON audit_entry
        BEGIN
            SELECT RAISE(ABORT, 'iamvault: audit entries are append-only');
        END
        """,
        // Unlock failures, written without the key (so no account name can be here), folded into the chain
        // at the next unlock. AUTOINCREMENT: ids are never reused, so a deleted row leaves a visible gap.
        """
        CREATE TABLE audit_pending (
            id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
            recorded_at INTEGER NOT NULL,
            event TEXT NOT NULL,
            actor TEXT NOT NULL
        ) STRICT
        """,
    ]
}
