package org.bulkresend.cli;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.status.OnConsoleStatusListener;
import ch.qos.logback.core.status.StatusManager;
import org.bulkresend.BulkResendApplication;
import org.bulkresend.BulkResendException;
import org.bulkresend.directory.DirectoryRefusedException;
import org.bulkresend.report.OutputFolders;
import org.bulkresend.report.OwnerOnly;
import org.bulkresend.schema.NewerSchemaException;
import org.bulkresend.settings.BulkResendProperties;
import org.bulkresend.storage.StorageFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.DataObjectPropertyName;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.bind.validation.ValidationErrors;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * The Spring context for one command, started once its options are known and closed with it.
 * Holding the data directory's lock for as long as the context lives.
 */
final class SpringSession implements AutoCloseable {

    private static final Logger logger = LoggerFactory.getLogger(SpringSession.class);

    /** The data source's address, set by {@code --database} only: without it, the data directory's database. */
    static final String DATABASE_URL = "spring.datasource.url";

    /** The property source of the settings the command's options gave. */
    static final String OPTIONS = "bulk-resend options";

    private final Path dataDir;

    private final DataDirectoryLock lock;

    private final ConfigurableApplicationContext context;

    private SpringSession(Path dataDir, DataDirectoryLock lock, ConfigurableApplicationContext context) {
        this.dataDir = dataDir;
        this.lock = lock;
        this.context = context;
    }

    /**
     * Starts the application with the settings the options gave, typed (so the settings read them
     * as they are, without parsing them again), and the admin's own {@code --name=value}
     * arguments, which win over them; the environment comes after both.
     */
    /** How the console's log lines give their time (logback-spring.xml reads it). */
    static final String CONSOLE_TIME = "bulk-resend-console.time-pattern";

    /**
     * The time alone where a person watches the terminal; the date too where the lines go to a
     * file (cron, a service's journal, {@code >> run.log}), read days later.
     */
    static String consoleTimePattern() {
        return (System.console() != null) ? "HH:mm:ss" : "yyyy-MM-dd HH:mm:ss";
    }

    static SpringSession start(Path dataDir, Map<String, Object> settings, List<String> springArgs) {
        DataDirectoryLock lock = DataDirectoryLock.acquire(dataDir, !settings.containsKey(DATABASE_URL));
        forgetEarlierLoggingStatus();
        SpringSession session;
        try {
            SpringApplication application = new SpringApplication(BulkResendApplication.class);
            StandardEnvironment environment = new StandardEnvironment();
            Map<String, Object> withConsole = new LinkedHashMap<>(settings);
            withConsole.put(CONSOLE_TIME, consoleTimePattern());
            environment.getPropertySources().addFirst(new MapPropertySource(OPTIONS, Map.copyOf(withConsole)));
            application.setEnvironment(environment);
            application.setRegisterShutdownHook(true);
            application.addListeners((ApplicationListener<ApplicationPreparedEvent>) (event) -> quietLoggingStatus());
            session = new SpringSession(dataDir, lock, application.run(lastOfEachSetting(springArgs)));
        }
        catch (RuntimeException ex) {
            // A start that failed on a setting may still have opened, or created, the database.
            OwnerOnly.tighten(dataDir);
            lock.close();
            throw translate(ex, dataDir);
        }
        // The database has just opened, or created, its files with the umask's permissions.
        List<Path> shared = OwnerOnly.tighten(dataDir);
        if (!shared.isEmpty()) {
            logger.warn("{} files in the data directory {} could not be made readable by their owner only, {} among "
                    + "them: another account may be able to read them. Give them to the account that runs "
                    + "bulk-resend.", shared.size(), dataDir, shared.get(0));
        }
        return session;
    }

    /**
     * Refuses, before anything changes, a command whose outbox, reports, previews or follow-up
     * folder, or one of the given files it is about to write, is a symbolic link: see
     * {@link OutputFolders}.
     */
    void requireRealOutputFolders(Path... files) {
        Optional<String> link = OutputFolders.symbolicLink(bean(BulkResendProperties.class).outDir(), files);
        if (link.isPresent()) {
            throw new UsageException(link.get());
        }
    }

    /**
     * Spring joins a setting given twice with a comma ("50,7"), which no setting accepts: of the
     * admin's own {@code --name=value} arguments, the last one given for a setting is the one that
     * counts.
     */
    static String[] lastOfEachSetting(List<String> args) {
        Map<String, String> byName = new LinkedHashMap<>();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            String name = (equals > 0) ? arg.substring(0, equals) : arg;
            byName.remove(name);
            byName.put(name, arg);
        }
        return byName.values().toArray(String[]::new);
    }

    /**
     * Logback reports its own troubles (a log file it cannot write on a full disk) with stack traces
     * on the console, through the listener Spring Boot gives it. Once logging is set up, those go:
     * the log file is under the data directory, whose troubles bulk-resend reports itself, in one line.
     */
    private static void quietLoggingStatus() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            StatusManager statuses = context.getStatusManager();
            statuses.getCopyOfStatusListenerList()
                .stream()
                .filter(OnConsoleStatusListener.class::isInstance)
                .forEach(statuses::remove);
        }
    }

    /**
     * Spring Boot refuses to start if the logging system has recorded any error, and Logback keeps
     * them across restarts of logging: an earlier command in this JVM that could not write its log
     * file (a full disk, since freed) would stop every later one.
     */
    private static void forgetEarlierLoggingStatus() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getStatusManager().clear();
        }
    }

    /** The data directory this session holds. */
    Path dataDir() {
        return this.dataDir;
    }

    <T> T bean(Class<T> type) {
        return this.context.getBean(type);
    }

    private static RuntimeException translate(RuntimeException failure, Path dataDir) {
        StorageFailedException storage = StorageFailedException.findIn(failure);
        if (storage != null) {
            return storage; // the database could not write while starting: the device is the reason
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof NewerSchemaException newer) {
                return newer;
            }
            if (cause instanceof DirectoryRefusedException refused) {
                return new UsageException(refused.getMessage());
            }
            if (cause instanceof BindException bind) {
                Throwable root = bind;
                while (root.getCause() != null) {
                    root = root.getCause();
                }
                if (root instanceof BindValidationException invalid) {
                    return new UsageException(invalidSettings(invalid.getValidationErrors()));
                }
                return new UsageException("Invalid setting " + bind.getName() + ": " + root.getMessage());
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        RuntimeException database = databaseRefusal(failure);
        if (database != null) {
            return database;
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new StartupException("bulk-resend could not start: " + root.getMessage() + " (details in "
                + dataDir.resolve("logs").resolve(DataDirectoryLock.LOG_FILE) + ")", failure);
    }

    /**
     * The PostgreSQL server of {@code --database} turned the session away, by the SQL state of its
     * answer: one it could not be reached at (class 08) is a failure the same command gets past
     * once it answers; a user or password it refused (class 28, or no password where it asks for
     * one) or a database it does not have (3D000) is the admin's to correct. The driver's message
     * names the server, user or database, never the password. Null for any other failure.
     */
    static RuntimeException databaseRefusal(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = (cause.getCause() == cause) ? null : cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && sql.getClass().getName().startsWith("org.postgresql.")) {
                String state = sql.getSQLState();
                String said = Printable.of(String.valueOf(sql.getMessage()).lines().findFirst().orElse("").strip());
                said = said.endsWith(".") ? said : said + ".";
                if (state.startsWith("28") || state.equals("08004") || state.equals("3D000")) {
                    return new UsageException("The PostgreSQL database of --database refused bulk-resend: " + said
                            + " Check --database, --database-user and the password (--database-password-file or env "
                            + DataOptions.PASSWORD_VARIABLE + "). Nothing was changed.");
                }
                if (state.startsWith("08")) {
                    return new DatabaseUnreachableException("The PostgreSQL database of --database cannot be reached: "
                            + said + " Run the same command again once it answers.");
                }
            }
        }
        return null;
    }

    /**
     * Each setting out of its range, by the name it is given by ({@code bulk-resend.passwords.length}),
     * with the value given: "Invalid setting bulk-resend.chunk-size: must be between 1 and 1000, was 0".
     */
    static String invalidSettings(ValidationErrors errors) {
        List<String> each = new ArrayList<>();
        for (ObjectError error : errors) {
            if (error instanceof FieldError field) {
                Object value = field.getRejectedValue();
                each.add("Invalid setting " + errors.getName() + "." + DataObjectPropertyName.toDashedForm(field.getField())
                        + ": " + error.getDefaultMessage() + ", was "
                        + ((value instanceof Duration duration) ? Durations.format(duration) : value));
            }
            else {
                each.add("Invalid settings " + errors.getName() + ": " + error.getDefaultMessage());
            }
        }
        return String.join(System.lineSeparator(), each);
    }

    @Override
    public void close() {
        try {
            this.context.close();
            // The database rewrites its files as it shuts down; the lock is still held, so no
            // other command is writing there.
            OwnerOnly.tighten(this.dataDir);
        }
        finally {
            this.lock.close();
        }
    }

    /** The PostgreSQL server of {@code --database} did not answer: exit code 3, the same command later. */
    static final class DatabaseUnreachableException extends BulkResendException {

        DatabaseUnreachableException(String message) {
            super(message, null);
        }

        @Override
        public Kind kind() {
            return Kind.STOPPED;
        }
    }

    /** The application could not start for a reason that is not the user's mistake. */
    static final class StartupException extends RuntimeException {

        StartupException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
