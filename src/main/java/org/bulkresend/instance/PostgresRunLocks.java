package org.bulkresend.instance;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs held by PostgreSQL session-scoped advisory locks, one per file content, on a connection of
 * their own that lives as long as the instance. PostgreSQL releases a session's locks the moment
 * the session ends: when the process is killed its socket closes at once; when its machine is
 * lost, the server's keepalives (set on this session: about 30 seconds) end the session. The
 * session's {@code application_name} names the instance, so that a second instance can say who
 * holds a run. Before each chunk the holder checks that its lock is still granted to its own
 * session; a connection that broke or stopped answering (a 30-second read timeout) means the hold
 * is lost, and the run stops rather than reset users another instance may be resetting.
 */
public final class PostgresRunLocks implements RunLocks, AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(PostgresRunLocks.class);

    /** PostgreSQL keeps at most this many bytes of an application name. */
    private static final int NAME_BYTES = 63;

    private static final String PREFIX = "bulk-resend ";

    /** The first number of a user's two-number key: "bres". */
    private static final int USERS = 0x62726573;

    /**
     * What every session of bulk-resend's on PostgreSQL says first, this one and the connection pool's:
     * the server ends the session of a machine that stopped answering (about 10 s idle, then 4 probes
     * 5 s apart, and at most 30 s for anything it sent to be acknowledged), so that neither its lock
     * nor a row its unfinished transaction had locked keeps another instance from taking the run over.
     */
    public static final String KEEPALIVES = "SET tcp_keepalives_idle = 10; SET tcp_keepalives_interval = 5; "
            + "SET tcp_keepalives_count = 4; SET tcp_user_timeout = 30000";

    /** How long a chunk waits before asking again for users another instance holds. */
    private static final Duration USERS_RETRY = Duration.ofMillis(500);

    private final String url;

    private final Properties connectionProperties;

    private final String name;

    private Connection connection;

    /** How many holds this instance has on each key: a run held twice in one process is released when both close. */
    private final Map<Long, Integer> held = new HashMap<>();

    /**
     * @param name this instance in words ({@link InstanceName#current()})
     */
    public PostgresRunLocks(String url, String user, String password, String name) {
        this.url = url;
        this.name = name;
        this.connectionProperties = new Properties();
        this.connectionProperties.setProperty("user", (user != null) ? user : "");
        this.connectionProperties.setProperty("password", (password != null) ? password : "");
        this.connectionProperties.setProperty("ApplicationName", applicationName(name));
        this.connectionProperties.setProperty("socketTimeout", "30");
        this.connectionProperties.setProperty("connectTimeout", "10");
        this.connectionProperties.setProperty("tcpKeepAlive", "true");
    }

    /** The application name the holding session shows: "bulk-resend process 4242 on batch-2", cut to fit. */
    static String applicationName(String name) {
        byte[] bytes = (PREFIX + name).getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= NAME_BYTES) {
            return PREFIX + name;
        }
        String cut = new String(bytes, 0, NAME_BYTES, StandardCharsets.UTF_8);
        // A character cut in half decodes as U+FFFD: drop it.
        return cut.replaceAll("\uFFFD+$", "");
    }

    @Override
    public synchronized Hold hold(String sha256) {
        long key = key(sha256);
        try {
            if (!tryLock(key)) {
                String holder = holder(key);
                // The holder may have let go between the two questions: ask once more.
                if (holder != null || !tryLock(key)) {
                    throw new RunHeldElsewhereException(holder);
                }
            }
        }
        catch (SQLException ex) {
            dropConnection();
            throw RunHoldLostException.notGiven(ex);
        }
        this.held.merge(key, 1, Integer::sum);
        logger.info("This instance ({}) holds the run of the file with SHA-256 {}.", this.name, sha256);
        return () -> release(key);
    }

    @Override
    public synchronized void confirm(String sha256) {
        long key = key(sha256);
        if (!this.held.containsKey(key)) {
            throw RunHoldLostException.lost("its connection to the database ended earlier", null);
        }
        try (PreparedStatement statement = connection().prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_locks "
                + "WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid() AND classid::bigint = ? "
                + "AND objid::bigint = ? AND objsubid = 1)")) {
            statement.setLong(1, high(key));
            statement.setLong(2, low(key));
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw RunHoldLostException.lost("the database no longer holds its lock", null);
                }
            }
        }
        catch (SQLException ex) {
            throw connectionLost(ex);
        }
    }

    @Override
    public Hold holdUsers(Collection<String> userKeys) {
        int[] keys = userKeys.stream().mapToInt(PostgresRunLocks::userKey).distinct().sorted().toArray();
        boolean told = false;
        while (true) {
            synchronized (this) {
                try {
                    if (tryLockUsers(keys)) {
                        return () -> releaseUsers(keys);
                    }
                }
                catch (SQLException ex) {
                    throw connectionLost(ex);
                }
            }
            if (!told) {
                logger.info("Another instance is resetting or telling some of this chunk's users; waiting for it to "
                        + "record what it did.");
                told = true;
            }
            try {
                Thread.sleep(USERS_RETRY.toMillis());
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw RunHoldLostException.lost("interrupted while waiting for another instance's users", ex);
            }
        }
    }

    /** All of them or none: in ascending order, so two instances never wait for each other. */
    private boolean tryLockUsers(int[] keys) throws SQLException {
        try (PreparedStatement statement = connection().prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
            for (int i = 0; i < keys.length; i++) {
                statement.setInt(1, USERS);
                statement.setInt(2, keys[i]);
                boolean locked;
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    locked = rs.getBoolean(1);
                }
                if (!locked) {
                    unlockUsers(keys, i);
                    return false;
                }
            }
            return true;
        }
    }

    private synchronized void releaseUsers(int[] keys) {
        try {
            unlockUsers(keys, keys.length);
        }
        catch (SQLException ex) {
            logger.warn("Could not release the chunk's users ({}); closing the connection instead.", ex.getMessage());
            dropConnection();
            this.held.clear();
        }
    }

    private void unlockUsers(int[] keys, int count) throws SQLException {
        try (PreparedStatement statement = connection().prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
            for (int i = 0; i < count; i++) {
                statement.setInt(1, USERS);
                statement.setInt(2, keys[i]);
                statement.executeQuery().close();
            }
        }
    }

    /** A user's key in the two-number key space, which PostgreSQL keeps apart from the runs' one-number keys. */
    static int userKey(String userKey) {
        return (int) (key("user " + userKey) >>> 32);
    }

    /** The connection failed: every hold went with its session, and a new connection holds nothing. */
    private RunHoldLostException connectionLost(SQLException ex) {
        dropConnection();
        this.held.clear();
        return RunHoldLostException.lost("its connection to the database failed: " + ex.getMessage(), ex);
    }

    private boolean tryLock(long key) throws SQLException {
        try (PreparedStatement statement = connection().prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            statement.setLong(1, key);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** The holder's name from its session's application name, or null if no session holds it now. */
    private String holder(long key) throws SQLException {
        try (PreparedStatement statement = connection().prepareStatement("SELECT a.application_name FROM pg_locks l "
                + "LEFT JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted "
                + "AND l.classid::bigint = ? AND l.objid::bigint = ? AND l.objsubid = 1")) {
            statement.setLong(1, high(key));
            statement.setLong(2, low(key));
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                String application = rs.getString(1);
                if (application != null && application.startsWith(PREFIX)) {
                    return application.substring(PREFIX.length());
                }
                return (application != null && !application.isBlank()) ? "a session named '" + application + "'"
                        : "a session of the database";
            }
        }
    }

    private synchronized void release(long key) {
        Integer count = this.held.get(key);
        if (count == null) {
            return; // lost with its connection
        }
        if (count > 1) {
            this.held.put(key, count - 1);
        }
        else {
            this.held.remove(key);
        }
        try (PreparedStatement statement = connection().prepareStatement("SELECT pg_advisory_unlock(?)")) {
            statement.setLong(1, key);
            statement.executeQuery().close();
        }
        catch (SQLException ex) {
            // Closing the connection releases every lock of its session.
            logger.warn("Could not release the run's lock ({}); closing its connection instead.", ex.getMessage());
            dropConnection();
            this.held.clear();
        }
    }

    private Connection connection() throws SQLException {
        if (this.connection == null || this.connection.isClosed()) {
            Connection opened = DriverManager.getConnection(this.url, this.connectionProperties);
            try (Statement statement = opened.createStatement()) {
                statement.execute(KEEPALIVES);
            }
            this.connection = opened;
        }
        return this.connection;
    }

    private void dropConnection() {
        if (this.connection != null) {
            try {
                this.connection.close();
            }
            catch (SQLException ex) {
                // gone already
            }
            this.connection = null;
        }
    }

    @Override
    public synchronized void close() {
        this.held.clear();
        dropConnection();
    }

    /** The advisory lock's key: the first 8 bytes of a hash of the content's hash, named for bulk-resend's runs. */
    static long key(String sha256) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                .digest(("bulk-resend run " + sha256).getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.wrap(digest).getLong();
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static long high(long key) {
        return key >>> 32;
    }

    private static long low(long key) {
        return key & 0xFFFFFFFFL;
    }
}
