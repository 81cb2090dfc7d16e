-- Serving caches what decides a score (champion aliases, grade bands, LGD) in each process. Every change to
-- those tables, by any writer, notifies listeners after commit so the caches drop what they hold.
CREATE OR REPLACE FUNCTION platform_notify_scoring_state() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('platform_scoring_state', TG_TABLE_NAME);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER model_alias_scoring_state AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "model_alias"
  FOR EACH STATEMENT EXECUTE FUNCTION platform_notify_scoring_state();
CREATE TRIGGER grade_band_scoring_state AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "grade_band"
  FOR EACH STATEMENT EXECUTE FUNCTION platform_notify_scoring_state();
CREATE TRIGGER risk_setting_scoring_state AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "risk_setting"
  FOR EACH STATEMENT EXECUTE FUNCTION platform_notify_scoring_state();
