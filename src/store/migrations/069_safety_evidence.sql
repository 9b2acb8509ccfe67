-- 067_safety_evidence: the evidence of a hazard's fix and what remains.
-- Photos of a hazard (kind 'found' at the finding, 'fixed' after the fix)
-- are files in the file store (core/filestore, like work-order photos),
-- named by the hash of their content; a red hazard closes only with a
-- 'fixed' photo. After the fix the residual risk is graded again by the
-- matrix, and the committee's acceptance of that residual risk is kept.
CREATE TABLE hazard_photo (
  id @ID,
  hazard_id BIGINT NOT NULL REFERENCES hazard(id),
  kind TEXT NOT NULL,
  hash TEXT NOT NULL,
  mime TEXT NOT NULL,
  size BIGINT NOT NULL,
  uploaded_by BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE INDEX hazard_photo_hazard ON hazard_photo(hazard_id, kind, id);
ALTER TABLE hazard ADD COLUMN residual_likelihood INTEGER NOT NULL DEFAULT 0;
ALTER TABLE hazard ADD COLUMN residual_consequence INTEGER NOT NULL DEFAULT 0;
ALTER TABLE hazard ADD COLUMN accepted_by BIGINT NOT NULL DEFAULT 0;
ALTER TABLE hazard ADD COLUMN accepted_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE hazard ADD COLUMN accept_note TEXT NOT NULL DEFAULT '';
