-- 008_funds_more: the basis documents of payment requests (contract,
-- acceptance record, invoice scan) as files on disk named by the hash of
-- their content (core/filestore, under data_dir/documents); the row keeps
-- what the file is and who uploaded it.
CREATE TABLE payment_doc (
  id @ID,
  payment_id BIGINT NOT NULL REFERENCES payment(id),
  kind TEXT NOT NULL CHECK (kind IN ('contract','acceptance','invoice','other')),
  filename TEXT NOT NULL,
  hash TEXT NOT NULL,
  mime TEXT NOT NULL CHECK (mime IN ('application/pdf','image/jpeg','image/png')),
  size BIGINT NOT NULL CHECK (size > 0),
  uploaded_by BIGINT REFERENCES app_user(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX payment_doc_payment ON payment_doc(payment_id);
