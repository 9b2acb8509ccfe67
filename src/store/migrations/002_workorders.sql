-- 002_workorders: work orders (工单): categories, SLA policies, working
-- calendars, escalation ladders, the orders with their assignments,
-- timeline and photos, and the generic outbox of events for notifications.
-- Defaults (DOMAIN.md: response 24 h, on site 48 h / emergency 2 h, complex
-- matters a coordination meeting within 48 h) are rows with community_id
-- NULL, so every limit is data that a community can override.

-- Categories (Open311 services): code is the service_code.
CREATE TABLE wo_category (
  id @ID,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  name_en TEXT NOT NULL,
  grp TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  default_class TEXT NOT NULL DEFAULT 'routine' CHECK (default_class IN ('routine','emergency','complex')),
  contracted INTEGER NOT NULL DEFAULT 0,  -- 1: a repair by a contractor or the property manager: on-site deadline applies
  sort INTEGER NOT NULL DEFAULT 0,
  active INTEGER NOT NULL DEFAULT 1
);

-- A working calendar in Asia/Shanghai local time: week holds seven
-- ';'-separated days (Monday first) of "HH:MM-HH:MM" windows; the days
-- table lists public holidays and make-up working days (调休).
CREATE TABLE wo_calendar (
  id @ID,
  name TEXT NOT NULL,
  week TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE TABLE wo_calendar_day (
  calendar_id BIGINT NOT NULL REFERENCES wo_calendar(id),
  day INTEGER NOT NULL,  -- YYYYMMDD
  kind TEXT NOT NULL CHECK (kind IN ('holiday','workday')),
  name TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (calendar_id, day)
);

-- SLA policy: community_id NULL = the default for every community;
-- category_id NULL = every category of that class. The most specific wins.
CREATE TABLE wo_sla_policy (
  id @ID,
  community_id BIGINT REFERENCES node(id),
  category_id BIGINT REFERENCES wo_category(id),
  class TEXT NOT NULL CHECK (class IN ('routine','emergency','complex')),
  response_minutes INTEGER NOT NULL CHECK (response_minutes > 0),
  onsite_minutes INTEGER CHECK (onsite_minutes IS NULL OR onsite_minutes > 0),
  resolve_minutes INTEGER NOT NULL CHECK (resolve_minutes > 0),
  meeting_minutes INTEGER CHECK (meeting_minutes IS NULL OR meeting_minutes > 0),
  confirm_minutes INTEGER NOT NULL DEFAULT 10080 CHECK (confirm_minutes > 0),
  calendar_id BIGINT REFERENCES wo_calendar(id),
  updated_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX wo_sla_lookup ON wo_sla_policy(class, community_id, category_id);

-- The escalation ladder (督办): minutes after the order became overdue at
-- which each level is notified. community_id NULL = the default ladder.
CREATE TABLE wo_escalation_step (
  id @ID,
  community_id BIGINT REFERENCES node(id),
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 9),
  target TEXT NOT NULL CHECK (target IN ('grid','community','street')),
  after_minutes INTEGER NOT NULL CHECK (after_minutes >= 0)
);
CREATE INDEX wo_escalation_lookup ON wo_escalation_step(community_id, level);

-- Per-community switches. committee_confirms: the compound committee may
-- confirm or reject a fix in the residents' name (自治结单), as well as the reporter.
CREATE TABLE wo_community_setting (
  community_id BIGINT PRIMARY KEY REFERENCES node(id),
  committee_confirms INTEGER NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL
);

CREATE TABLE work_order (
  id @ID,
  community_id BIGINT NOT NULL REFERENCES node(id),
  grid_id BIGINT NOT NULL REFERENCES node(id),
  compound_id BIGINT NOT NULL REFERENCES node(id),
  node_id BIGINT NOT NULL REFERENCES node(id),      -- the place: compound, building, unit or household
  node_path @PATH NOT NULL,
  category_id BIGINT NOT NULL REFERENCES wo_category(id),
  class TEXT NOT NULL DEFAULT 'routine' CHECK (class IN ('routine','emergency','complex')),
  state TEXT NOT NULL CHECK (state IN ('reported','accepted','dispatched','in_progress','done','closed','reopened','merged','hidden')),
  is_open INTEGER NOT NULL DEFAULT 1,
  description TEXT NOT NULL,
  place_text TEXT NOT NULL DEFAULT '',
  lat_e6 BIGINT,                                     -- micro-degrees: integers, no floating point
  lon_e6 BIGINT,
  channel TEXT NOT NULL DEFAULT 'app' CHECK (channel IN ('app','patrol','phone','desk','open311')),
  reporter_id BIGINT REFERENCES app_user(id),        -- the account that filed it
  on_behalf_name TEXT,                               -- the neighbour it was filed for (shown masked)
  created_month INTEGER NOT NULL,                    -- YYYYMM in Shanghai, for metrics by month
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  accepted_at BIGINT,
  dispatched_at BIGINT,
  onsite_at BIGINT,
  meeting_at BIGINT,
  done_at BIGINT,
  closed_at BIGINT,
  response_due BIGINT NOT NULL,
  onsite_due BIGINT,
  resolve_due BIGINT NOT NULL,
  meeting_due BIGINT,
  confirm_minutes INTEGER NOT NULL DEFAULT 10080,
  next_check BIGINT,                                 -- when the sweep must look again; NULL: nothing pending
  overdue INTEGER NOT NULL DEFAULT 0,
  overdue_since BIGINT,
  escalation_level INTEGER NOT NULL DEFAULT 0,
  reopen_count INTEGER NOT NULL DEFAULT 0,
  rating INTEGER CHECK (rating IS NULL OR rating BETWEEN 1 AND 5),
  rating_comment TEXT,
  merged_into BIGINT REFERENCES work_order(id),
  hidden_reason TEXT,
  close_reason TEXT,
  lead_org_id BIGINT REFERENCES org(id)
);
CREATE INDEX work_order_grid_open ON work_order(grid_id, is_open, id);
CREATE INDEX work_order_compound_open ON work_order(compound_id, is_open, id);
CREATE INDEX work_order_path ON work_order(node_path, id);
CREATE INDEX work_order_reporter ON work_order(reporter_id, id);
CREATE INDEX work_order_next_check ON work_order(next_check);
CREATE INDEX work_order_month ON work_order(created_month);

-- Dispatch to one or several orgs; exactly one lead.
CREATE TABLE wo_assignment (
  order_id BIGINT NOT NULL REFERENCES work_order(id),
  org_id BIGINT NOT NULL REFERENCES org(id),
  is_lead INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (order_id, org_id)
);
CREATE INDEX wo_assignment_org ON wo_assignment(org_id, order_id);

-- The timeline (留痕): every transition, comment, photo, overdue mark and escalation.
CREATE TABLE wo_event (
  id @ID,
  order_id BIGINT NOT NULL REFERENCES work_order(id),
  at BIGINT NOT NULL,
  actor_id BIGINT REFERENCES app_user(id),
  kind TEXT NOT NULL,
  from_state TEXT,
  to_state TEXT,
  note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX wo_event_order ON wo_event(order_id, id);

-- Photos live on disk under data_dir, named by their content hash; the row
-- is the only reference, written in the request's transaction.
CREATE TABLE wo_photo (
  id @ID,
  order_id BIGINT NOT NULL REFERENCES work_order(id),
  event_id BIGINT REFERENCES wo_event(id),
  hash TEXT NOT NULL,
  mime TEXT NOT NULL,
  size BIGINT NOT NULL,
  uploaded_by BIGINT REFERENCES app_user(id),
  created_at BIGINT NOT NULL
);
CREATE INDEX wo_photo_order ON wo_photo(order_id, id);

-- Events for notification channels of later issues (WeCom bots, SMS):
-- written in the same transaction as the change they announce.
CREATE TABLE outbox_event (
  id @ID,
  kind TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id BIGINT NOT NULL,
  payload_json TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  delivered_at BIGINT
);
CREATE INDEX outbox_event_pending ON outbox_event(delivered_at, id);

INSERT INTO wo_category (code, name, name_en, grp, description, default_class, contracted, sort) VALUES
 ('leak', '漏水', 'Water leak', '水电气', '屋面、管道、楼道漏水渗水', 'routine', 1, 1),
 ('streetlight', '路灯', 'Street light out', '公共设施', '院内路灯、楼道灯不亮', 'routine', 1, 2),
 ('garbage', '垃圾清运', 'Rubbish collection', '环境卫生', '垃圾未及时清运、堆放', 'routine', 0, 3),
 ('illegal_structure', '违章搭建', 'Illegal structure', '违法建设', '私搭乱建、占用公共空间', 'complex', 0, 4),
 ('parking', '停车纠纷', 'Parking dispute', '矛盾纠纷', '乱停车、占用消防通道、车位纠纷', 'complex', 0, 5),
 ('elevator', '电梯', 'Lift failure', '设施设备', '电梯故障、困人', 'emergency', 1, 6),
 ('drain', '下水道堵塞', 'Blocked drain', '水电气', '下水道、化粪池堵塞外溢', 'routine', 1, 7),
 ('noise', '噪音', 'Noise', '矛盾纠纷', '装修、商铺、夜间噪音扰民', 'routine', 0, 8),
 ('greenery', '绿化养护', 'Greenery', '环境卫生', '树木修剪、绿地养护', 'routine', 1, 9),
 ('fire_safety', '消防安全', 'Fire safety hazard', '安全隐患', '消防设施损坏、楼道堆物、飞线充电', 'emergency', 1, 10),
 ('facade', '外墙脱落', 'Falling facade', '安全隐患', '外墙、阳台、雨棚脱落风险', 'emergency', 1, 11),
 ('other', '其他', 'Other', '其他', '其他问题', 'routine', 0, 99);

INSERT INTO wo_sla_policy (community_id, category_id, class, response_minutes, onsite_minutes, resolve_minutes, meeting_minutes, confirm_minutes) VALUES
 (NULL, NULL, 'routine', 1440, 2880, 10080, NULL, 10080),
 (NULL, NULL, 'emergency', 60, 120, 2880, NULL, 10080),
 (NULL, NULL, 'complex', 1440, 2880, 21600, 2880, 10080);

INSERT INTO wo_escalation_step (community_id, level, target, after_minutes) VALUES
 (NULL, 1, 'grid', 0),
 (NULL, 2, 'community', 1440),
 (NULL, 3, 'street', 4320);
