package org.bulkresend.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/**
 * A relay on loopback in front of a real SMTP server that can misbehave the way mail servers
 * do, decided by connection number and by what the client sends, so tests need no timing:
 * <ul>
 * <li>refuse connections (a server that is down);</li>
 * <li>stall: accept a connection and never greet (a hung server);</li>
 * <li>refuse one recipient for good (550) while relaying the rest;</li>
 * <li>answer any command with a scripted reply instead of the server's (a sender refused with 550 or
 * 530, every recipient put off with 451, every message refused at DATA), on chosen connections;</li>
 * <li>drop a connection after a number of accepted messages;</li>
 * <li>act when the client has sent the n-th message, before the server has it: something else can then
 * be made to fail at a known point of a run ({@link #beforeMessage}), or the message can be held for good
 * while the client waits for its answer ({@link #holdMessage}).</li>
 * </ul>
 * It also records every command the client sent, with its connection number.
 */
public final class SmtpRelay implements AutoCloseable {

    private final ServerSocket server;

    private final int targetPort;

    private final AtomicInteger connections = new AtomicInteger();

    private final List<Socket> stalled = new CopyOnWriteArrayList<>();

    private volatile IntPredicate accept = (n) -> true;

    private volatile IntPredicate stall = (n) -> false;

    private volatile String refusedRecipient;

    private volatile int dropAfterMessages;

    private final List<Scripted> scripted = new CopyOnWriteArrayList<>();

    private final List<String> commands = new CopyOnWriteArrayList<>();

    /** Messages the clients finished sending, over every connection. */
    private final AtomicInteger messages = new AtomicInteger();

    private final Map<Integer, Runnable> beforeMessage = new ConcurrentHashMap<>();

    private final Map<Integer, CountDownLatch> held = new ConcurrentHashMap<>();

    private record Scripted(String command, String reply, IntPredicate connections) {
    }

    public SmtpRelay(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "smtp-relay");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return this.server.getLocalPort();
    }

    /** Which connections (numbered from 1) reach the server; the others are closed at once. */
    public void accept(IntPredicate connectionNumbers) {
        this.accept = connectionNumbers;
    }

    /** Which connections are held open without a word, like a hung server. */
    public void stall(IntPredicate connectionNumbers) {
        this.stall = connectionNumbers;
    }

    /** Answers {@code RCPT TO} for this address with a permanent 550, as for an unknown mailbox. */
    public void refuseRecipient(String address) {
        this.refusedRecipient = address.toLowerCase(Locale.ROOT);
    }

    /** The next connection is dropped right after the server accepted this many messages on it. */
    public void dropOnceAfterMessages(int messages) {
        this.dropAfterMessages = messages;
    }

    /**
     * Answers every command that starts with {@code command} (case-insensitive, e.g. {@code "MAIL FROM"}, {@code
     * "RCPT TO"}, {@code "DATA"}) on the chosen connections with {@code reply} ({@code "550 5.7.1 Not allowed"}),
     * without passing it to the server.
     */
    public void answer(String command, String reply, IntPredicate connectionNumbers) {
        this.scripted.add(new Scripted(command.toUpperCase(Locale.ROOT), reply, connectionNumbers));
    }

    /** The same on every connection. */
    public void answer(String command, String reply) {
        answer(command, reply, (n) -> true);
    }

    /** Passes every command to the server again. */
    public void answerNothing() {
        this.scripted.clear();
    }

    /**
     * Runs {@code action} on the relay's own thread once a client has sent the {@code n}-th message
     * (counted from 1 over every connection), before the server has it: the client waits for the
     * server's answer meanwhile, so whatever it does after this message comes after the action.
     */
    public void beforeMessage(int n, Runnable action) {
        this.beforeMessage.put(n, action);
    }

    /**
     * Never passes the {@code n}-th message on (counted from 1 over every connection): its sender
     * waits for an answer that does not come, until it goes away, and the server never has it.
     *
     * @return opens when the client has sent that message
     */
    public CountDownLatch holdMessage(int n) {
        CountDownLatch arrived = new CountDownLatch(1);
        this.held.put(n, arrived);
        return arrived;
    }

    /** Every command the clients sent, as {@code "2 MAIL FROM:<a@b>"}: connection number, then the line. */
    public List<String> commands() {
        return List.copyOf(this.commands);
    }

    public int connections() {
        return this.connections.get();
    }

    private void acceptLoop() {
        while (!this.server.isClosed()) {
            try {
                Socket client = this.server.accept();
                int number = this.connections.incrementAndGet();
                if (!this.accept.test(number)) {
                    client.close();
                    continue;
                }
                if (this.stall.test(number)) {
                    this.stalled.add(client);
                    continue;
                }
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), this.targetPort);
                int dropAfter = this.dropAfterMessages;
                this.dropAfterMessages = 0;
                start(() -> clientToServer(client, upstream, dropAfter, number));
                start(() -> copy(upstream, client));
            }
            catch (IOException ex) {
                // closed, or one connection failed: the next accept decides
            }
        }
    }

    private void clientToServer(Socket client, Socket upstream, int dropAfter, int number) {
        try (InputStream in = new BufferedInputStream(client.getInputStream());
                OutputStream out = upstream.getOutputStream()) {
            boolean inData = false;
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            int accepted = 0;
            for (byte[] line = readLine(in); line != null; line = readLine(in)) {
                String text = new String(line, StandardCharsets.US_ASCII);
                if (inData) {
                    if (!text.equals(".\r\n")) {
                        body.write(line); // passed on whole, or not at all if the message is held
                        continue;
                    }
                    if (!messageEnds()) {
                        while (in.read() >= 0) {
                            // held: nothing the client sends now reaches the server
                        }
                        break;
                    }
                    body.writeTo(out);
                    body.reset();
                    out.write(line);
                    out.flush();
                    inData = false;
                    accepted++;
                    if (accepted == dropAfter) {
                        Thread.sleep(200); // let the server's 250 reach the client, then drop
                        break;
                    }
                    continue;
                }
                String command = text.toUpperCase(Locale.ROOT);
                this.commands.add(number + " " + text.strip());
                Scripted answer = this.scripted.stream()
                    .filter((s) -> command.startsWith(s.command()) && s.connections().test(number))
                    .findFirst()
                    .orElse(null);
                if (answer != null) {
                    synchronized (client) {
                        client.getOutputStream().write((answer.reply() + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        client.getOutputStream().flush();
                    }
                    continue;
                }
                String refused = this.refusedRecipient;
                if (refused != null && command.startsWith("RCPT TO:") && text.toLowerCase(Locale.ROOT).contains(refused)) {
                    synchronized (client) {
                        client.getOutputStream()
                            .write(("550 5.1.1 <" + refused + ">: Recipient address rejected: User unknown\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                        client.getOutputStream().flush();
                    }
                    continue;
                }
                out.write(line);
                out.flush();
                if (command.startsWith("DATA")) {
                    inData = true;
                }
            }
        }
        catch (IOException | InterruptedException ex) {
            // the other side closed
        }
        finally {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    /** A message's last line has come: false if it is held, never to reach the server. */
    private boolean messageEnds() {
        int message = this.messages.incrementAndGet();
        Runnable before = this.beforeMessage.remove(message);
        if (before != null) {
            before.run();
        }
        CountDownLatch hold = this.held.remove(message);
        if (hold != null) {
            hold.countDown();
            return false;
        }
        return true;
    }

    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0; b = in.read()) {
            line.write(b);
            if (b == '\n') {
                return line.toByteArray();
            }
        }
        return (line.size() > 0) ? line.toByteArray() : null;
    }

    private static void copy(Socket from, Socket to) {
        try (InputStream in = from.getInputStream()) {
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                synchronized (to) {
                    to.getOutputStream().write(buffer, 0, n);
                    to.getOutputStream().flush();
                }
            }
        }
        catch (IOException ex) {
            // the other side closed
        }
        finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void start(Runnable pipe) {
        Thread thread = new Thread(pipe, "smtp-relay-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        }
        catch (IOException ex) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        this.server.close();
        this.stalled.forEach(SmtpRelay::closeQuietly);
    }
}
