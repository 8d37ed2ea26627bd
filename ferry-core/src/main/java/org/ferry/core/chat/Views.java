package org.ferry.core.chat;

import java.util.List;
import org.ferry.core.model.LogEntry;
import org.ferry.core.model.Message;
import org.ferry.protocol.MessageView;
import org.ferry.protocol.Update;

/** Maps stored messages and log entries to their wire form. Stateless. */
public final class Views {
    private Views() {
    }

    public static MessageView message(Message m) {
        MessageView.ForwardView fwd = m.forward() == null ? null : new MessageView.ForwardView(
                m.forward().chatId(), m.forward().messageId(), m.forward().senderId(), m.forward().date());
        MessageView.ActionView action = m.action() == null ? null : new MessageView.ActionView(
                m.action().type().wireName(), m.action().userIds().isEmpty() ? null : m.action().userIds(),
                m.action().title());
        return new MessageView(m.chatId(), m.id(), m.senderId(), m.date(), m.text(), m.replyToId(), fwd,
                m.editDate(), action);
    }

    public static List<MessageView> messages(List<Message> ms) {
        return ms.stream().map(Views::message).toList();
    }

    public static Update.ChatLog update(LogEntry entry) {
        return switch (entry) {
            case LogEntry.Posted p -> new Update.NewMessage(p.chatId(), p.seq(), message(p.message()));
            case LogEntry.Edited e -> new Update.MessageEdited(e.chatId(), e.seq(), message(e.message()));
            case LogEntry.Deleted d -> new Update.MessagesDeleted(d.chatId(), d.seq(), d.messageIds());
        };
    }
}
