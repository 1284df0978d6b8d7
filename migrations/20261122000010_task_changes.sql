-- Why: issue 5. "Task changes made in chat show up on the Tasks page at
-- once": every write to a user's tasks, whichever path made it (REST, the
-- assistant, MCP, housekeeping), announces `NOTIFY task_changes '<user>'`
-- when its transaction commits; every instance's LISTEN hub passes it to
-- that user's open Tasks pages.
CREATE FUNCTION announce_task_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('task_changes', coalesce(NEW.user_id, OLD.user_id)::text);
    RETURN NULL;
END;
$$;

CREATE TRIGGER tasks_announce
    AFTER INSERT OR UPDATE OR DELETE ON tasks
    FOR EACH ROW EXECUTE FUNCTION announce_task_change();
