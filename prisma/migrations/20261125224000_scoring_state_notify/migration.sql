-- Processes cache what is derived from a few tables and listen for changes to them. One trigger function
-- notifies the channel named in the trigger's argument, after commit, for every change by any writer.
CREATE OR REPLACE FUNCTION platform_notify_change() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify(TG_ARGV[0], TG_TABLE_NAME);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- Serving caches what decides a score: champion aliases, grade bands, LGD.
CREATE TRIGGER model_alias_scoring_state AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "model_alias"
  FOR EACH STATEMENT EXECUTE FUNCTION platform_notify_change('platform_scoring_state');
CREATE TRIGGER grade_band_scoring_state AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "grade_band"
  FOR EACH STATEMENT EXECUTE FUNCTION platform_notify_change('platform_scoring_state');
CREATE TRIGGER risk_setting_scoring_state AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "risk_setting"
  FOR EACH STATEMENT EXECUTE FUNCTION platform_notify_change('platform_scoring_state');
