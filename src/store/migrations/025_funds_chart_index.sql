-- 025_funds_chart_index: a fund's arrears by building (funds/charts.c) walk
-- the charges of each of its levies; ordered by levy and building and
-- carrying what is due and paid, this index answers it alone, without the
-- charges' rows and without a sort.
CREATE INDEX levy_charge_arrears ON levy_charge(levy_id, building_id, due, paid);
