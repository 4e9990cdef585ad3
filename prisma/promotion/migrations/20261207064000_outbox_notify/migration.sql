-- The workers' relay sleeps while the outbox is empty and wakes on this notification, sent once
-- per inserting statement and delivered at commit (a rolled-back insert notifies no one). The
-- payload is the schema's name: several subgraphs' schemas may share a database and a channel.
CREATE FUNCTION "notify_outbox_event"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('outbox_event', TG_TABLE_SCHEMA);
  RETURN NULL;
END
$$;

CREATE TRIGGER "outbox_event_notify" AFTER INSERT ON "outbox_event"
  FOR EACH STATEMENT EXECUTE FUNCTION "notify_outbox_event"();
