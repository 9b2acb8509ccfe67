-- 073_project_archive: the handover archive of a renovation project
-- (src/project/archive.c): the documents of the checklist (drawings,
-- construction records, test reports, accounts, the facility list,
-- maintenance manuals), each a file kept by content hash; and each handover
-- of the archive to the owners' committee, the ZIP it handed kept by hash.
CREATE TABLE project_archive_doc (
  id @ID,
  project_id BIGINT NOT NULL REFERENCES project(id),
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  filename TEXT NOT NULL,
  mime TEXT NOT NULL,
  size BIGINT NOT NULL,
  hash TEXT NOT NULL,
  created_by BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX project_archive_doc_project ON project_archive_doc(project_id, id);
CREATE TABLE project_handover (
  id @ID,
  project_id BIGINT NOT NULL REFERENCES project(id),
  received_by TEXT NOT NULL,            -- who took it for the committee
  n_docs BIGINT NOT NULL,
  size BIGINT NOT NULL,
  hash TEXT NOT NULL,                   -- the ZIP handed over, kept in data_dir/archives
  handed_by BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX project_handover_project ON project_handover(project_id, id);
