-- Why: a final contract's PDF (issue 17, requirement 9.4), made once from
-- the final version and kept in the object store under `pdf_key`;
-- `pdf_sha256` is the file's fingerprint, shown for verification.
ALTER TABLE contracts
    ADD COLUMN pdf_key    text,
    ADD COLUMN pdf_sha256 text;

-- The sweep finds final contracts still without their file.
CREATE INDEX contracts_pdf_pending ON contracts (finalized_at)
    WHERE final_version IS NOT NULL AND pdf_key IS NULL;
