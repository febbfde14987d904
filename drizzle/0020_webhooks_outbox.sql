DROP INDEX "outbox_events_event_id_key";--> statement-breakpoint
DROP INDEX "outbox_events_created_idx";