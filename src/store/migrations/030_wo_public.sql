-- 030_wo_public: which categories of work orders anyone may see on a
-- compound's public page (公开), and the index its list of recently closed
-- orders is read from. Disputes between neighbours (parking, noise, an
-- illegal structure) point at a household: they stay off the public page.
ALTER TABLE wo_category ADD COLUMN shown_public INTEGER NOT NULL DEFAULT 1;
UPDATE wo_category SET shown_public = 0 WHERE code IN ('parking', 'noise', 'illegal_structure');
CREATE INDEX work_order_compound_closed ON work_order(compound_id, state, closed_at, id);
