-- Why a project was cancelled (撤销): kept beside the day, shown on its page and in the audit
-- chain. A cancelled project stays in the records, the baselines and the bulletins of its time.
ALTER TABLE projects ADD COLUMN cancel_reason TEXT NOT NULL DEFAULT '';
