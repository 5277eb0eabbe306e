namespace Steward.Core.Storage.Migrations;

/// <summary>
/// Threadline's outbound queue lives in the message history: an outgoing message is stored as
/// queued before anything is sent, and the attempts, the next try and the last error travel with it.
/// </summary>
internal static class M008_ThreadlineOutbox
{
    public static readonly Migration Migration = new(8, "threadline outbound queue", """
        ALTER TABLE threadline_messages ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE threadline_messages ADD COLUMN next_attempt_at INTEGER;
        ALTER TABLE threadline_messages ADD COLUMN last_error TEXT;
        CREATE INDEX threadline_outbox_due ON threadline_messages (status, next_attempt_at) WHERE direction = 'out';
        """);
}
