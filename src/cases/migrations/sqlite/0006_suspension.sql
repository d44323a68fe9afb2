-- A suspended case (缓办) keeps the office minutes its step and its handling had left, so that
-- resuming gives them back: the clock stands still while it is suspended.
ALTER TABLE cases ADD COLUMN paused_step_minutes INTEGER;
ALTER TABLE cases ADD COLUMN paused_due_minutes INTEGER;
