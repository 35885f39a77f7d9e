package org.bulkresend.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP forwarder in front of a server that a test can take away and give back, the way a domain
 * controller goes down or the network to it breaks, at points a test decides rather than by time:
 * <ul>
 * <li>{@link #cut()}: every open connection is closed, and new ones are refused as by a host where
 * nothing listens; {@link #restore()} listens again on the same port;</li>
 * <li>{@link #cutOnAnswerTo(int)}: a request is passed on and the server does it, but its answer never
 * reaches the client: the connection is cut as the answer arrives;</li>
 * <li>{@link #cutAfterAnswerTo(int)}: the same, with the answer passed on before the cut;</li>
 * <li>{@link #holdAnswerTo(int)}: the server does the request and its answer is kept from the client,
 * which waits for it on a connection that stays open (until the client goes, or a cut).</li>
 * </ul>
 * In front of a port where nothing listens, it takes each connection and closes it at once, as a
 * load balancer does whose servers are all down.
 * It listens on the server's own address at a free port, so that a certificate issued for that
 * address still names it. It sees bytes, not protocol (TLS hides it): a <em>request</em> is what one
 * read from the client brings, which for a client that waits for each answer before it asks again
 * (an LDAP client, one operation at a time) is one operation.
 */
public final class TcpForwarder implements AutoCloseable {

    private final String address;

    private final int targetPort;

    private final int port;

    private final List<Socket> open = new CopyOnWriteArrayList<>();

    private final AtomicInteger requests = new AtomicInteger();

    private ServerSocket server;

    private volatile boolean closed;

    /** The number of the chosen request, counted over every connection. */
    private volatile int cutAt;

    private volatile Answer answer;

    private volatile CountDownLatch answered;

    private TcpForwarder(String address, int targetPort) {
        this.address = address;
        this.targetPort = targetPort;
        this.server = listen(0);
        this.port = this.server.getLocalPort();
        startAccepting(this.server);
    }

    /** Forwards a free port of this address to the same address's {@code targetPort}. */
    public static TcpForwarder to(String address, int targetPort) {
        return new TcpForwarder(address, targetPort);
    }

    /** The port clients connect to, on the server's address. */
    public int port() {
        return this.port;
    }

    /** The requests clients sent so far, over every connection. */
    public int requests() {
        return this.requests.get();
    }

    /** Closes every open connection and refuses new ones, until {@link #restore()}. */
    public synchronized void cut() {
        if (this.server != null) {
            closeQuietly(this.server);
            this.server = null;
        }
        this.open.forEach(TcpForwarder::closeQuietly);
        this.open.clear();
    }

    /** Listens again on the same port, forwarding as before. */
    public synchronized void restore() {
        if (this.server == null && !this.closed) {
            this.server = listen(this.port);
            startAccepting(this.server);
        }
    }

    /**
     * The {@code n}-th request from now on (1: the next) reaches the server, and when the server's
     * answer arrives the forwarder drops it and {@link #cut() cuts}: the client never learns whether
     * the server did it, and the server did.
     *
     * @return opens when the server's answer arrived and was dropped
     */
    public CountDownLatch cutOnAnswerTo(int n) {
        return answerTo(n, Answer.LOST_AND_CUT);
    }

    /**
     * The {@code n}-th request from now on (1: the next) is answered as usual, and the forwarder
     * {@link #cut() cuts} right after passing the answer on: the client's next request finds the server gone.
     *
     * @return opens when the answer was passed on
     */
    public CountDownLatch cutAfterAnswerTo(int n) {
        return answerTo(n, Answer.PASSED_AND_CUT);
    }

    /**
     * The {@code n}-th request from now on (1: the next) reaches the server, and its answer, and
     * anything after it on that connection, is kept from the client, which waits.
     *
     * @return opens when the server's answer arrived and was kept
     */
    public CountDownLatch holdAnswerTo(int n) {
        return answerTo(n, Answer.HELD);
    }

    /** What becomes of the answer to the chosen request. */
    private enum Answer {
        LOST_AND_CUT, PASSED_AND_CUT, HELD
    }

    private synchronized CountDownLatch answerTo(int n, Answer what) {
        CountDownLatch latch = new CountDownLatch(1);
        this.answered = latch;
        this.answer = what;
        this.cutAt = this.requests.get() + n;
        return latch;
    }

    /**
     * A socket listening on the port. Right after a {@link #cut()} the port may still be taken for a
     * moment: Java closes a listening socket that another thread accepts on only once that thread
     * has left {@code accept}, so binding it again is tried for a while.
     */
    private ServerSocket listen(int localPort) {
        for (int attempt = 1;; attempt++) {
            try {
                ServerSocket socket = new ServerSocket();
                socket.setReuseAddress(true);
                try {
                    socket.bind(new InetSocketAddress(InetAddress.getByName(this.address), localPort), 50);
                }
                catch (IOException ex) {
                    socket.close();
                    throw ex;
                }
                return socket;
            }
            catch (BindException ex) {
                if (attempt == 100) {
                    throw new UncheckedIOException("cannot listen on " + this.address + ":" + localPort, ex);
                }
                try {
                    Thread.sleep(50);
                }
                catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new UncheckedIOException("interrupted while listening again", ex);
                }
            }
            catch (IOException ex) {
                throw new UncheckedIOException("cannot listen on " + this.address + ":" + localPort, ex);
            }
        }
    }

    private void startAccepting(ServerSocket listening) {
        start(() -> {
            while (!listening.isClosed()) {
                Socket client;
                try {
                    client = listening.accept();
                }
                catch (IOException ex) {
                    continue; // cut: the loop ends
                }
                try {
                    Socket upstream = new Socket(this.address, this.targetPort);
                    Connection connection = new Connection(client, upstream);
                    this.open.add(client);
                    this.open.add(upstream);
                    start(() -> connection.clientToServer());
                    start(() -> connection.serverToClient());
                }
                catch (IOException ex) {
                    // The server refused: the client's connection is closed as soon as it was taken.
                    closeQuietly(client);
                }
            }
        }, "tcp-forwarder-" + this.port);
    }

    /** One client's connection and the forwarder's own to the server. */
    private final class Connection {

        private final Socket client;

        private final Socket upstream;

        /** The client's last request is the chosen one: its answer is lost, held, or followed by a cut. */
        private volatile boolean cutting;

        /** The chosen request was answered: nothing more from the client reaches the server. */
        private volatile boolean closing;

        Connection(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void clientToServer() {
            pump(this.client, this.upstream, (buffer, n) -> {
                if (this.closing) {
                    return false;
                }
                if (requests.incrementAndGet() == cutAt) {
                    this.cutting = true;
                }
                return true;
            });
        }

        void serverToClient() {
            pump(this.upstream, this.client, (buffer, n) -> {
                if (!this.cutting) {
                    return true;
                }
                // Closed to the client's requests before the answer goes: the next one never reaches the server.
                this.closing = true;
                if (answer == Answer.PASSED_AND_CUT) {
                    this.client.getOutputStream().write(buffer, 0, n);
                    this.client.getOutputStream().flush();
                }
                if (answer != Answer.HELD) {
                    cut();
                }
                answered.countDown();
                return false;
            });
        }

        /** Copies until either side closes, or a cut; {@code passes} decides, for each read, whether it goes on. */
        private void pump(Socket from, Socket to, Passes passes) {
            try (InputStream in = from.getInputStream()) {
                OutputStream out = to.getOutputStream();
                byte[] buffer = new byte[16 * 1024];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    if (passes.test(buffer, n)) {
                        out.write(buffer, 0, n);
                        out.flush();
                    }
                }
            }
            catch (IOException ex) {
                // one side closed, or the forwarder was cut
            }
            finally {
                closeQuietly(this.client);
                closeQuietly(this.upstream);
                TcpForwarder.this.open.remove(this.client);
                TcpForwarder.this.open.remove(this.upstream);
            }
        }
    }

    /** Whether what one read brought goes on to the other side. */
    private interface Passes {

        boolean test(byte[] buffer, int length) throws IOException;
    }

    private static void start(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private void start(Runnable task) {
        start(task, "tcp-forwarder-" + this.port + "-pipe");
    }

    private static void closeQuietly(AutoCloseable socket) {
        try {
            socket.close();
        }
        catch (Exception ex) {
            // already closed
        }
    }

    @Override
    public synchronized void close() {
        this.closed = true;
        cut();
    }
}
