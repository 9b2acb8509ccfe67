-- 042_project_report: third-party test reports (structure, pipes, fire ...)
-- attached to a sign-off and published with it: checked by content (PDF,
-- JPEG, PNG), kept on disk by content hash like payment documents.
CREATE TABLE project_report (
  id @ID,
  signoff_id BIGINT NOT NULL REFERENCES project_signoff(id),
  kind TEXT NOT NULL,                   -- structure, pipes, fire, materials, other
  filename TEXT NOT NULL,
  mime TEXT NOT NULL,
  size BIGINT NOT NULL,
  hash TEXT NOT NULL,
  created_by BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX project_report_signoff ON project_report(signoff_id, id);
