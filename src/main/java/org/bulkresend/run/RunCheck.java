package org.bulkresend.run;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.bulkresend.BulkResendException;
import org.bulkresend.access.OperatorSignIn;
import org.bulkresend.access.ResetPermissions;
import org.bulkresend.credential.CredentialKind;
import org.bulkresend.credential.TapPolicy;
import org.bulkresend.directory.AccessCheck;
import org.bulkresend.directory.AdminRole;
import org.bulkresend.directory.Directory;
import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.graph.GraphClient;
import org.bulkresend.graph.GraphPermissions;
import org.bulkresend.graph.GraphSignInException;
import org.bulkresend.graph.GraphUnavailableException;
import org.bulkresend.input.InputFile;
import org.bulkresend.input.InputPreflight;
import org.bulkresend.ledger.Status;
import org.bulkresend.notify.MailRoute;
import org.bulkresend.notify.MailRouteException;
import org.bulkresend.notify.MailRoutes;
import org.bulkresend.notify.SenderQuotas;
import org.bulkresend.notify.MailSettingsException;
import org.bulkresend.notify.MessageComposer;
import org.bulkresend.password.Secret;
import org.bulkresend.settings.BulkResendProperties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * {@code check}: whether a run with these settings would get past each thing it needs, found by
 * what changes nothing: the database, the directory's sign-in and permissions, the operator, the
 * mail route (the same probe as a run's), the sending limits, the templates and, given a file, what
 * a run of it would do. No one is reset, no message goes to a user and no run is recorded; the
 * operator's sign-in is audited like every sign-in.
 */
@Component
public class RunCheck {

    private final Directory directory;

    private final OperatorSignIn signIn;

    private final MailRoutes mailRoutes;

    private final MessageComposer composer;

    private final RunnerSettings settings;

    private final BulkResendProperties properties;

    private final DryRunner dryRunner;

    private final DataSource dataSource;

    private final ObjectProvider<Flyway> flyway;

    private final ObjectProvider<GraphClient> graph;

    private final Clock clock;

    RunCheck(Directory directory, OperatorSignIn signIn, MailRoutes mailRoutes, MessageComposer composer,
            RunnerSettings settings, BulkResendProperties properties, DryRunner dryRunner,
            DataSource dataSource, ObjectProvider<Flyway> flyway, ObjectProvider<GraphClient> graph, Clock clock) {
        this.directory = directory;
        this.signIn = signIn;
        this.mailRoutes = mailRoutes;
        this.composer = composer;
        this.settings = settings;
        this.properties = properties;
        this.dryRunner = dryRunner;
        this.dataSource = dataSource;
        this.flyway = flyway;
        this.graph = graph;
        this.clock = clock;
    }

    /**
     * What to check.
     *
     * @param operator who would run, as {@code --operator} names them
     * @param password their password, asked for only where the directory checks it
     * @param input the file a run would be given, or null
     * @param database the database line already found (no database yet, or one that could not be
     * opened, whose place a temporary one took), or null to check the session's own
     */
    public record Request(String operator, Supplier<Secret> password, Path input, boolean useSuppliedPasswords,
            int maxInvalidPercent, AccessCheck database) {
    }

    /** Every check, in the order a run meets them. */
    public List<AccessCheck> check(Request request) {
        CredentialKind credential = this.settings.newRunCredential();
        List<AccessCheck> checks = new ArrayList<>();
        boolean ownDatabase = request.database() == null;
        checks.add(ownDatabase ? database() : request.database());
        // The operator first: in Active Directory their bind is what the directory is read with.
        DirectoryUser operator = null;
        AccessCheck operatorCheck;
        try {
            operator = this.signIn.signIn(request.operator(), request.password());
            operatorCheck = ResetPermissions.mayResetNobody(this.directory.accessRules(), operator.roles(), credential)
                    ? AccessCheck.failed("operator", describe(operator, credential), "give the operator a role that "
                            + "may give " + credential.plural() + " (Authentication Administrator, Privileged "
                            + "Authentication Administrator or Global Administrator), or use --credential password")
                    : AccessCheck.passed("operator", describe(operator, credential));
        }
        catch (BulkResendException | GraphSignInException | GraphUnavailableException ex) {
            operatorCheck = AccessCheck.failed("operator", said(ex),
                    "give your own account with --operator: active, holding a role that may reset passwords, with "
                            + "its password where the directory checks it");
        }
        checks.addAll(this.directory.checkAccess(credential));
        checks.add(operatorCheck);
        TapPolicy policy = null;
        if (credential == CredentialKind.TAP) {
            try {
                PassAdmission.Admitted admitted = PassAdmission.admit(this.directory, this.settings.passes(),
                        request.useSuppliedPasswords(), this.clock.instant());
                policy = admitted.policy();
                checks.add(AccessCheck.passed("pass policy", admitted.description()));
            }
            catch (BulkResendException ex) {
                checks.add(AccessCheck.failed("pass policy", said(ex),
                        "change the Temporary Access Pass policy or --tap-lifetime as the line says"));
            }
        }
        MailRoute route = mail(checks);
        // A data directory that is not there yet has sent nothing: its temporary stand-in counts truly.
        checks.add(limits(ownDatabase || request.database().ok(), route));
        checks.add(AccessCheck.attempt("templates", () -> {
            RunAdmission.checkTemplates(this.composer.templates(), credential);
            return "every language (" + String.join(" ", this.composer.templates().languages()) + ") renders, and "
                    + "the " + ((credential == CredentialKind.TAP) ? "pass" : "password") + " shows in every "
                    + "combination";
        }, "correct the template the line names ('templates check' shows each case)"));
        if (request.input() != null) {
            input(checks, request, operator, route, policy);
        }
        return checks;
    }

    /** A refusal's own words, without the "Nothing was changed." that every check line would repeat. */
    private static String said(RuntimeException ex) {
        return ex.getMessage().replace(" Nothing was changed.", "");
    }

    /** Reachable, writable (an update of no row), and the schema's version. */
    private AccessCheck database() {
        String where;
        try (Connection connection = this.dataSource.getConnection()) {
            DatabaseMetaData meta = connection.getMetaData();
            where = meta.getURL().startsWith("jdbc:hsqldb:")
                    ? "the embedded database in " + this.properties.dataDir().toAbsolutePath().normalize()
                    : meta.getDatabaseProductName() + " " + meta.getURL() + " as " + meta.getUserName();
        }
        catch (SQLException ex) {
            return AccessCheck.failed("database", "it cannot be opened: " + ex.getMessage(), "check --data-dir, or "
                    + "--database and its user and password");
        }
        try {
            new JdbcTemplate(this.dataSource).update("UPDATE AUDIT_EVENT SET OUTCOME = OUTCOME WHERE 1 = 0");
        }
        catch (DataAccessException ex) {
            return AccessCheck.failed("database", where + " cannot be written: " + ex.getMostSpecificCause()
                .getMessage(), "give bulk-resend's account the right to write its tables (a primary server, not a "
                        + "read-only replica)");
        }
        Flyway schema = this.flyway.getIfAvailable();
        MigrationInfo current = (schema != null) ? schema.info().current() : null;
        return AccessCheck.passed("database", where + ": reachable, writable"
                + ((current != null && current.getVersion() != null)
                        ? ", schema version " + current.getVersion().getVersion() : ""));
    }

    /** "megan.bowen@contoso.com (Megan Bowen): active, User Administrator; may reset ...". */
    private String describe(DirectoryUser operator, CredentialKind credential) {
        Set<AdminRole> roles = operator.roles();
        return operator.userPrincipalName() + ((operator.displayName() != null) ? " (" + operator.displayName() + ")"
                : "") + ": active, " + (roles.isEmpty() ? "no admin role"
                        : roles.stream().map(AdminRole::displayName).sorted().collect(Collectors.joining(", ")))
                + "; may " + ((credential == CredentialKind.TAP) ? "give a Temporary Access Pass to " : "reset ")
                + ResetPermissions.whomTheyMayReset(this.directory.accessRules(), roles, credential);
    }

    /** The route a run would take and the probe it makes before its first reset; the route, or null if none. */
    private MailRoute mail(List<AccessCheck> checks) {
        MailRoute route;
        try {
            route = this.mailRoutes.forNewRun();
        }
        catch (MailSettingsException ex) {
            checks.add(AccessCheck.failed("mail", ex.getMessage(), "give the mail options a run needs: --smtp-host "
                    + "with --from, --mail graph with --from, or --mail outbox"));
            return null;
        }
        try {
            this.mailRoutes.probe(route, true);
            checks.add(AccessCheck.passed("mail", route.describe() + ": " + switch (route.kind()) {
                case SMTP -> "connected, TLS and sign-in as configured, and the sender was accepted";
                case GRAPH -> "the sending mailbox is known to Microsoft Graph";
                case OUTBOX -> "the folder " + this.mailRoutes.outbox() + " can be written";
            }));
        }
        catch (MailRouteException ex) {
            checks.add(AccessCheck.failed("mail", ex.getMessage(), ex.refused()
                    ? "correct the mail setting the line names (--smtp-host, --smtp-port, --from, "
                            + "SPRING_MAIL_USERNAME and SPRING_MAIL_PASSWORD, or the Graph mailbox)"
                    : "make sure the mail server answers from this machine, then check again"));
        }
        if (route.kind() == MailRoute.Kind.GRAPH) {
            checks.add(sendPermission());
        }
        return route;
    }

    /** Sending through Graph needs Mail.Send, which only the token shows without sending. */
    private AccessCheck sendPermission() {
        try {
            Optional<Set<String>> granted = this.graph.getObject().grantedRoles();
            List<String> missing = granted.map((roles) -> GraphPermissions.missing(List.of(GraphPermissions.MAIL_SEND),
                    roles)).orElse(List.of(GraphPermissions.MAIL_SEND));
            return missing.isEmpty() ? AccessCheck.passed("mail permission", "the app holds Mail.Send")
                    : AccessCheck.failed("mail permission", "the app lacks the application permission Mail.Send "
                            + "that sending through Microsoft Graph needs", "add the Microsoft Graph application "
                                    + "permission Mail.Send to the app registration and grant admin consent");
        }
        catch (GraphSignInException | GraphUnavailableException ex) {
            return AccessCheck.failed("mail permission", ex.getMessage(), "correct the app's sign-in (see directory "
                    + "sign-in)");
        }
    }

    /**
     * The pace and the daily limit each sending mailbox sends within, and how much of its last 24
     * hours' quota is used: a ✗ if the pool has no room for a whole chunk, where a run would stop
     * before its first reset.
     *
     * @param route the route a run would take, or null if the mail settings do not give one
     */
    private AccessCheck limits(boolean recordsKnown, MailRoute route) {
        BulkResendProperties.Mail mail = this.properties.mail();
        if (route == null) {
            return AccessCheck.passed("sending limits", ((mail.rate() != null) ? "at most " + mail.rate()
                    : "no pace set") + "; " + ((mail.dailyLimit() > 0) ? "daily limit " + mail.dailyLimit()
                            : "no daily limit") + " (the mail route's own line says what to fix)");
        }
        List<SenderQuotas.Quota> pool = this.mailRoutes.quotas(route);
        boolean one = pool.size() == 1;
        if (!pool.stream().allMatch((quota) -> quota.dailyLimit() > 0)) {
            return AccessCheck.passed("sending limits", pool.stream()
                .map((quota) -> (one ? "" : quota.mailbox() + ": ") + pace(quota) + ((quota.dailyLimit() > 0)
                        ? (one ? "; " : ", ") + "daily limit " + quota.dailyLimit() : (one ? "; " : ", ")
                                + "no daily limit"))
                .collect(Collectors.joining("; ")));
        }
        long limits = pool.stream().mapToLong(SenderQuotas.Quota::dailyLimit).sum();
        if (!recordsKnown) {
            return AccessCheck.failed("sending limits", (one ? pace(pool.get(0)) + "; daily limit " + limits
                    : "daily limits " + limits + " in all over " + pool.size() + " mailboxes") + ": how many were sent "
                    + "in the last 24 hours is not known without the database", "make the database usable (see "
                            + "database)");
        }
        List<SenderQuotas.Use> use = this.mailRoutes.use(route);
        long left = use.stream().mapToLong((each) -> Math.max(0, each.quota().dailyLimit() - each.sentInWindow()))
            .sum();
        long chunk = Math.min(this.properties.chunkSize(), limits);
        String detail = one ? pace(pool.get(0)) + "; daily limit " + limits + ": " + use.get(0).sentInWindow()
                + " sent in the last 24 hours, " + left + " left"
                : use.stream().map(SenderQuotas.Use::describe).collect(Collectors.joining("; ")) + "; " + left
                        + " left in all";
        return (left >= chunk) ? AccessCheck.passed("sending limits", detail)
                : AccessCheck.failed("sending limits", detail + ", less than a chunk of " + chunk + ": a run would "
                        + "stop before its first reset", "run later, once older messages leave the 24 hours, add a "
                                + "sending mailbox, or raise --daily-limit if the provider allows it");
    }

    private static String pace(SenderQuotas.Quota quota) {
        return (quota.rate() != null) ? "at most " + quota.rate() : "no pace set";
    }

    /** The file's format and rows, and what a run of it would do now, counted by the dry run's own sequence. */
    private void input(List<AccessCheck> checks, Request request, DirectoryUser operator, MailRoute route,
            TapPolicy policy) {
        InputFile input;
        try {
            input = InputFile.of(request.input());
            InputPreflight.Result result = InputPreflight.inspect(input, this.directory.nameForms());
            result.requireInvalidAtMost(request.maxInvalidPercent(), input.path());
            checks.add(AccessCheck.passed("input", input.path() + ": " + result.format().description() + ", "
                    + result.rows() + " rows (" + result.invalidRows() + " invalid, " + result.duplicateRows()
                    + " repeating an earlier user)"));
        }
        catch (BulkResendException ex) {
            checks.add(AccessCheck.failed("input", said(ex), "correct "
                    + "the file ('validate FILE' lists each problem row)"));
            return;
        }
        if (operator == null) {
            checks.add(AccessCheck.failed("input counts", "not counted: who may be reset depends on the operator, "
                    + "who did not sign in", "correct the operator's sign-in (see operator)"));
            return;
        }
        RunRequest run = new RunRequest(input.path(), null, false, request.useSuppliedPasswords(),
                request.maxInvalidPercent(), operator.userPrincipalName());
        checks.add(AccessCheck.attempt("input counts", () -> {
            Map<Status, Long> counts = this.dryRunner.counts(input, run, (route != null) ? route : MailRoute.outbox(null),
                    policy);
            long reset = counts.getOrDefault(Status.PREVIEWED, 0L);
            long denied = counts.getOrDefault(Status.DENIED_NOT_PERMITTED, 0L);
            long skipped = counts.getOrDefault(Status.SKIPPED_ALREADY_NOTIFIED, 0L);
            long rejected = counts.entrySet().stream().filter((e) -> e.getKey().name().startsWith("REJECTED_"))
                .mapToLong(Map.Entry::getValue).sum();
            return reset + " would be " + ((policy != null) ? "given a pass" : "reset") + " and told, " + denied
                    + " denied (the operator may not reset them), " + rejected + " rejected" + ((skipped > 0)
                            ? ", " + skipped + " skipped (told by an earlier run)" : "")
                    + " ('run --dry-run' writes each message and the report)";
        }, "make sure the directory answers (see directory), then check again"));
    }
}
