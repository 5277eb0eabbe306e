using Steward.Core.Homes;
using Steward.Core.Sessions;

namespace Steward.Core.Telegram;

/// <summary>
/// Sends each session's answer back to where the message came from. A message expects the
/// session's n-th result (n fixed when it was delivered), so two quick messages get two answers
/// in order; the answer is queued and the expectation closed in one transaction.
/// </summary>
public sealed class TelegramReplyRelay(HomeServices services)
{
    private readonly TelegramConversations _conversations = new(services.Database, services.Time);
    private readonly TelegramOutbox _outbox = new(services.Database, services.Time);

    /// <summary>Returns how many replies were queued or given up.</summary>
    public int Run()
    {
        var done = 0;
        foreach (var group in _conversations.Waiting().GroupBy(r => r.SessionName))
        {
            var results = TranscriptResults.Read(services.Home, group.Key);
            var session = services.Sessions.Get(group.Key);
            foreach (var reply in group)
            {
                if (results.Count > reply.ResultsBefore)
                {
                    var (text, isError) = results[reply.ResultsBefore];
                    _conversations.Answer(reply, isError ? $"The session hit an error: {text}" : string.IsNullOrWhiteSpace(text) ? "(The session finished its turn without a text answer.)" : text, _outbox);
                    done++;
                }
                else if (session is { Status: SessionStatus.Interrupted } && !reply.Resent && _conversations.TakeForResend(reply.UpdateId) is { } original)
                {
                    // The daemon stopped or died while the session worked on this message: resume it with the message once more.
                    services.SessionRequests.RequestSend(group.Key, $"(Steward restarted while you were answering this; answer it now.) {original}", "telegram");
                    done++;
                }
                else if (session is null || session.Status is SessionStatus.Failed or SessionStatus.Killed)
                {
                    _conversations.Answer(reply, $"The session {group.Key} stopped without answering ({session?.Status.ToDatabase() ?? "gone"}{(session?.Error is { } error ? $": {error}" : "")}). Write again to resume it.", _outbox);
                    done++;
                }
            }
        }
        return done;
    }
}
