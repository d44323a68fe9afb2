-- The promotion summary asks, for each of a year's deals, which gates it passed by a day and
-- how much money had arrived by then. These two indexes hold the answer in their own pages
-- (project, day, and the gate or the amount), so the summary reads no table row for either:
-- for a province's 4,000 deals that is 44,000 gate rows and their arrivals not fetched.
CREATE INDEX project_gates_passed ON project_gates (project_id, actual_on, gate);
CREATE INDEX funds_arrivals_sum ON funds_arrivals (project_id, arrived_on, amount_fen);
DROP INDEX funds_arrivals_project;
