package org.bulkresend.notify.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.bulkresend.graph.GraphClient;
import org.bulkresend.graph.GraphResponse;
import org.bulkresend.graph.GraphSignInException;
import org.bulkresend.graph.GraphUnavailableException;
import org.bulkresend.notify.Delivery;
import org.bulkresend.notify.Delivery.Outcome;
import org.bulkresend.notify.MailChannel;
import org.bulkresend.notify.MailRouteException;
import org.bulkresend.notify.MessageComposer;
import org.bulkresend.notify.Notification;

/**
 * Sends through Microsoft Graph's {@code sendMail} from a mailbox of the tenant, for tenants where
 * SMTP AUTH is switched off. Each message is the same MIME message SMTP would carry (both parts,
 * the language header, the Message-ID), sent base64-encoded as Graph documents; {@code 202} means
 * Exchange Online took it. The app needs the application permission {@code Mail.Send} (an Exchange
 * application access policy can limit it to the sending mailbox).
 */
public class GraphMailChannel implements MailChannel {

    private final GraphClient graph;

    private final MessageComposer composer;

    private final String mailbox;

    private final Session session = Session.getInstance(new Properties());

    /** Messages posted at once from one mailbox: Exchange Online takes up to 4 concurrent requests a mailbox. */
    static final int MESSAGES_AT_ONCE = 4;

    /** @param mailbox the user principal name or address of the mailbox that sends, or null if none was given */
    public GraphMailChannel(GraphClient graph, MessageComposer composer, String mailbox) {
        this.graph = graph;
        this.composer = composer;
        this.mailbox = mailbox;
    }

    /**
     * Up to {@value #MESSAGES_AT_ONCE} messages are posted at once, as Exchange Online lets one
     * mailbox take; each outcome is still handed to {@code answered} in order, on the caller's thread,
     * as soon as it and those before it are known. Once {@code answered} says stop, or the route
     * fails, nothing more is posted, and the messages already posted are answered for all the same:
     * they may have gone out, so their outcome must be recorded.
     */
    @Override
    public List<Delivery> deliver(List<Notification> notifications, DeliveryListener answered) {
        List<Composed> messages = Composed.all(this.composer, this.session, notifications);
        List<Delivery> deliveries = new ArrayList<>(notifications.size());
        ExecutorService senders = Executors.newFixedThreadPool(MESSAGES_AT_ONCE, (task) -> {
            Thread thread = new Thread(task, "graph-send-mail");
            thread.setDaemon(true);
            return thread;
        });
        Deque<Future<Delivery>> posted = new ArrayDeque<>();
        Delivery down = null;
        boolean go = true;
        int next = 0;
        try {
            while (true) {
                while (go && down == null && next < notifications.size() && posted.size() < MESSAGES_AT_ONCE) {
                    posted.add(post(senders, notifications.get(next), messages.get(next)));
                    next++;
                }
                if (posted.isEmpty()) {
                    break;
                }
                Delivery delivery = outcome(posted.poll());
                if (delivery.outcome().isRouteFailure() && down == null) {
                    down = delivery;
                }
                deliveries.add(delivery);
                go = answered.answered(delivery) && go;
            }
            // The route failed: the messages not posted get its outcome, as a run records them.
            for (int i = next; go && down != null && i < notifications.size(); i++) {
                Delivery delivery = new Delivery(notifications.get(i), down.outcome(),
                        SmtpMailChannel.messageId(messages.get(i).message()), down.detail());
                deliveries.add(delivery);
                go = answered.answered(delivery);
            }
            return deliveries;
        }
        finally {
            senders.shutdownNow();
        }
    }

    private Future<Delivery> post(ExecutorService senders, Notification notification, Composed composed) {
        MimeMessage message = composed.message();
        if (message == null) {
            return CompletableFuture.completedFuture(composed.refused());
        }
        String messageId = SmtpMailChannel.messageId(message);
        return senders.submit(() -> sendOne(notification, message, messageId));
    }

    private static Delivery outcome(Future<Delivery> posted) {
        try {
            return posted.get();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while Microsoft Graph sent a message", ex);
        }
        catch (ExecutionException ex) {
            throw (ex.getCause() instanceof RuntimeException failure) ? failure
                    : new IllegalStateException(ex.getCause());
        }
    }

    private Delivery sendOne(Notification notification, MimeMessage message, String messageId) {
        GraphResponse answer;
        try {
            answer = post(message);
        }
        catch (GraphUnavailableException ex) {
            return new Delivery(notification, Outcome.FAILED, messageId, ex.getMessage());
        }
        catch (GraphSignInException ex) {
            return new Delivery(notification, Outcome.ROUTE_REFUSED, messageId, ex.getMessage());
        }
        if (answer.ok()) {
            return new Delivery(notification, Outcome.ACCEPTED, messageId, null);
        }
        String code = answer.body().path("error").path("code").asString("");
        if (answer.status() == 400 && code.equals("ErrorInvalidRecipients")) {
            return new Delivery(notification, Outcome.REFUSED, messageId, "Microsoft Graph refused the recipient: "
                    + answer.error());
        }
        Outcome outcome = (answer.status() == 401 || answer.status() == 403 || answer.status() == 404)
                ? Outcome.ROUTE_REFUSED : Outcome.FAILED;
        return new Delivery(notification, outcome, messageId, "Microsoft Graph did not send from "
                + this.mailbox + " (HTTP " + answer.status() + ", " + answer.error() + ")" + hint(answer.status()));
    }

    private static String hint(int status) {
        return switch (status) {
            case 403 -> ": grant the app the application permission Mail.Send and give admin consent";
            case 404 -> ": --from must be a mailbox of the tenant";
            default -> "";
        };
    }

    private GraphResponse post(MimeMessage message) {
        ByteArrayOutputStream mime = new ByteArrayOutputStream();
        try {
            message.writeTo(mime);
        }
        catch (IOException | MessagingException ex) {
            throw new IllegalStateException("the message could not be written: " + ex.getMessage(), ex);
        }
        byte[] body = Base64.getEncoder().encode(mime.toByteArray());
        return this.graph.sendBody("POST", "/users/" + GraphClient.segment(this.mailbox) + "/sendMail", body,
                "text/plain");
    }

    @Override
    public Optional<String> send(Function<Session, MimeMessage> message) {
        try {
            GraphResponse answer = post(message.apply(this.session));
            return answer.ok() ? Optional.empty()
                    : Optional.of("Microsoft Graph answered HTTP " + answer.status() + " (" + answer.error() + ")");
        }
        catch (GraphUnavailableException | GraphSignInException ex) {
            return Optional.of(ex.getMessage());
        }
    }

    /** The sending mailbox exists: Graph knows it as a user of the tenant. */
    @Override
    public void check() {
        GraphResponse answer;
        try {
            answer = this.graph.get("/users/" + GraphClient.segment(this.mailbox) + "?$select=id,mail");
        }
        catch (GraphUnavailableException ex) {
            throw new MailRouteException("Microsoft Graph cannot be used to send mail: " + ex.getMessage() + ".", false,
                    ex);
        }
        catch (GraphSignInException ex) {
            throw new MailRouteException("Microsoft Graph cannot be used to send mail: " + ex.getMessage() + ".", true,
                    ex);
        }
        if (!answer.ok()) {
            throw new MailRouteException("The sending mailbox " + this.mailbox + " is not known to "
                    + "Microsoft Graph (HTTP " + answer.status() + ", " + answer.error() + "): --from must be a "
                    + "mailbox of the tenant.", answer.status() < 500, null);
        }
    }

    @Override
    public String describe() {
        return "Microsoft Graph sendMail from " + this.mailbox;
    }
}
