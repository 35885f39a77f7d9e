package org.bulkresend.notify.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.Properties;
import java.util.Set;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.bulkresend.notify.Delivery;
import org.bulkresend.notify.Delivery.Outcome;
import org.bulkresend.notify.MailChannel;
import org.bulkresend.notify.MailRouteException;
import org.bulkresend.notify.MessageComposer;
import org.bulkresend.notify.Notification;
import org.bulkresend.storage.IoFailures;

/**
 * With no SMTP server configured, each message becomes an RFC 822 {@code .eml} file that any
 * mail client opens. These files carry passwords, as a mail server's queue would: the folder
 * is owner-only and each file owner-read-only.
 */
public class OutboxMailChannel implements MailChannel {

    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");

    private static final Set<PosixFilePermission> WRITING = PosixFilePermissions.fromString("rw-------");

    private static final Set<PosixFilePermission> DONE = PosixFilePermissions.fromString("r--------");

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
        .withZone(ZoneOffset.UTC);

    private final Path folder;

    private final MessageComposer composer;

    private final Clock clock;

    private final Session session = Session.getInstance(new Properties());

    private final boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    public OutboxMailChannel(Path folder, MessageComposer composer, Clock clock) {
        this.folder = folder;
        this.composer = composer;
        this.clock = clock;
    }

    @Override
    public Optional<Path> folder() {
        return Optional.of(this.folder);
    }

    @Override
    public List<Delivery> deliver(List<Notification> notifications, DeliveryListener answered) {
        createFolder();
        List<Delivery> deliveries = new ArrayList<>(notifications.size());
        String stamp = STAMP.format(this.clock.instant());
        for (Notification notification : notifications) {
            Composed composed = Composed.of(this.composer, this.session, notification);
            MimeMessage message = composed.message();
            String messageId = null;
            Delivery delivery;
            if (message == null) {
                delivery = composed.refused();
            }
            else {
                try {
                    messageId = message.getMessageID();
                    Path file = this.folder.resolve(stamp + "-line" + notification.line() + "-"
                            + safe(notification.userPrincipalName()) + ".eml");
                    write(file, message);
                    delivery = new Delivery(notification, Outcome.ACCEPTED, messageId, null);
                }
                catch (IOException | MessagingException | UncheckedIOException ex) {
                    delivery = new Delivery(notification, Outcome.FAILED, messageId,
                            "could not write to the outbox folder " + this.folder + ": " + IoFailures.reason(ex));
                }
            }
            deliveries.add(delivery);
            if (!answered.answered(delivery)) {
                break;
            }
        }
        return deliveries;
    }

    /** Writes the message into the outbox folder, named after its time and its Message-ID's first part. */
    @Override
    public Optional<String> send(Function<Session, MimeMessage> message) {
        try {
            createFolder();
            MimeMessage composed = message.apply(this.session);
            composed.saveChanges();
            String id = String.valueOf(composed.getMessageID()).replaceAll("[<>]", "").replaceFirst("[.@].*", "");
            write(this.folder.resolve(STAMP.format(this.clock.instant()) + "-" + safe(id) + ".eml"), composed);
            return Optional.empty();
        }
        catch (IOException | MessagingException | UncheckedIOException ex) {
            return Optional.of("could not write to the outbox folder " + this.folder + ": " + IoFailures.reason(ex));
        }
    }

    /**
     * Writes through a buffer and forces the file to disk once: a message recorded as delivered
     * must still be there after a power loss, or its user would be reset and never told.
     */
    private void write(Path file, MimeMessage message) throws IOException, MessagingException {
        Files.deleteIfExists(file);
        if (this.posix) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(WRITING));
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING);
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 16 * 1024)) {
            message.writeTo(out);
            out.flush();
            channel.force(true);
        }
        catch (IOException | MessagingException ex) {
            // An empty or cut-short file (a full disk) must not be delivered by mistake: it is not a message.
            Files.deleteIfExists(file);
            throw ex;
        }
        if (this.posix) {
            Files.setPosixFilePermissions(file, DONE);
        }
    }

    private void createFolder() {
        try {
            if (this.posix && !Files.exists(this.folder)) {
                Files.createDirectories(this.folder, PosixFilePermissions.asFileAttribute(FOLDER));
            }
            else {
                Files.createDirectories(this.folder);
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String safe(String userPrincipalName) {
        return userPrincipalName.replaceAll("[^A-Za-z0-9._@-]", "_");
    }

    @Override
    public void check() {
        try {
            createFolder();
            if (!Files.isWritable(this.folder)) {
                throw new IOException("not writable");
            }
        }
        catch (IOException | UncheckedIOException ex) {
            throw new MailRouteException("The outbox folder " + this.folder + " cannot be written: "
                    + IoFailures.reason(ex) + ".", true, ex);
        }
    }

    @Override
    public String describe() {
        return "outbox folder " + this.folder + " (files are owner-read-only)";
    }
}
