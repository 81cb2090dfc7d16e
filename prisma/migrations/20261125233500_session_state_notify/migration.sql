-- Each app process caches which user a session cookie belongs to. A session revoked or refreshed, or a user
-- changed (role), notifies listeners after commit so every process drops those entries at once. New sessions
-- need no notice: nobody can have cached them yet.
CREATE TRIGGER session_session_state AFTER UPDATE OR DELETE OR TRUNCATE ON "session"
  FOR EACH STATEMENT EXECUTE FUNCTION platform_notify_change('platform_session_state');
CREATE TRIGGER user_session_state AFTER UPDATE OR DELETE OR TRUNCATE ON "user"
  FOR EACH STATEMENT EXECUTE FUNCTION platform_notify_change('platform_session_state');
