-- 011_auth_hardening: where the keyed part of the audit chain begins.
-- Events before it (written by versions without the key) keep their
-- unkeyed links; the first append with the key writes a chain_keyed event
-- and records its seq here (src/auth/audit.c, docs/audit.md).
ALTER TABLE audit_head ADD COLUMN keyed_from BIGINT;
