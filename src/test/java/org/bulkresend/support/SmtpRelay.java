package org.bulkresend.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntPredicate;

/**
 * A TCP relay on loopback in front of a real SMTP server, to make the server "go down" for
 * chosen connections: a refused connection is closed before the greeting, as a crashed or
 * restarting server would. Decided by connection number, so tests need no timing.
 */
public final class SmtpRelay implements AutoCloseable {

    private final ServerSocket server;

    private final int targetPort;

    private final AtomicInteger connections = new AtomicInteger();

    private volatile IntPredicate accept = (n) -> true;

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

    /** Which connections (numbered from 1) reach the server; the others are dropped at once. */
    public void accept(IntPredicate connectionNumbers) {
        this.accept = connectionNumbers;
    }

    public int connections() {
        return this.connections.get();
    }

    private void acceptLoop() {
        while (!this.server.isClosed()) {
            try {
                Socket client = this.server.accept();
                if (!this.accept.test(this.connections.incrementAndGet())) {
                    client.close();
                    continue;
                }
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), this.targetPort);
                pipe(client, upstream);
                pipe(upstream, client);
            }
            catch (IOException ex) {
                // closed, or one connection failed: the next accept decides
            }
        }
    }

    private static void pipe(Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
            }
            catch (IOException ex) {
                // the other side closed
            }
            finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "smtp-relay-pipe");
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
    }
}
