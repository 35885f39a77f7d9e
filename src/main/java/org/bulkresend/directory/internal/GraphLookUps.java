package org.bulkresend.directory.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.bulkresend.address.EmailAddresses;
import org.bulkresend.directory.AccountState;
import org.bulkresend.directory.AdminRole;
import org.bulkresend.directory.DirectoryRefusedException;
import org.bulkresend.directory.DirectoryUnavailableException;
import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.graph.GraphClient;
import org.bulkresend.graph.GraphClient.BatchRequest;
import org.bulkresend.graph.GraphResponse;
import tools.jackson.databind.JsonNode;

import static org.bulkresend.directory.internal.GraphDirectory.call;
import static org.bulkresend.directory.internal.GraphDirectory.text;

/**
 * Looking users up in Microsoft Entra ID through Microsoft Graph v1.0, for {@link GraphDirectory}:
 * each user with the properties the job needs, their directory roles (transitive, so roles held
 * through a group count) and, where asked, their mailbox's time zone. With batching, one user's
 * look-up is one {@code $batch} (a single round trip), and many users' go in {@code $batch}
 * requests of {@value GraphClient#BATCH_LIMIT}, {@value #LOOK_UPS_AT_ONCE} at once: reads do not
 * count against Graph's write quota, and a run's preflight looks every user of its file up before
 * the first reset. The bound keeps a large file within what Graph lets an app read; a throttled
 * read waits for the {@code Retry-After} Graph names ({@link GraphClient}).
 */
final class GraphLookUps {

    static final String USER_SELECT = "id,userPrincipalName,displayName,accountEnabled,preferredLanguage,otherMails,"
            + "mail,lastPasswordChangeDateTime";

    static final String ROLES = "/transitiveMemberOf/microsoft.graph.directoryRole?$select=displayName,roleTemplateId";

    /** The time zone of a user's mailbox: a Windows name, an IANA name, or empty if never set. */
    static final String MAILBOX_TIME_ZONE = "/mailboxSettings/timeZone";

    /** How many look-up batches are sent at once; each holds {@value GraphClient#BATCH_LIMIT} requests. */
    static final int LOOK_UPS_AT_ONCE = 16;

    /** The built-in roles by their template id, which is the same in every tenant and cloud. */
    static final Map<String, AdminRole> ROLE_TEMPLATES = Map.ofEntries(
            Map.entry("62e90394-69f5-4237-9190-012177145e10", AdminRole.GLOBAL_ADMINISTRATOR),
            Map.entry("7be44c8a-adaf-4e2a-84d6-ab2649e08a13", AdminRole.PRIVILEGED_AUTHENTICATION_ADMINISTRATOR),
            Map.entry("fe930be7-5e62-47db-91af-98c3a49a38b1", AdminRole.USER_ADMINISTRATOR),
            Map.entry("729827e3-9c14-49f7-bb1b-9608f156bbb8", AdminRole.HELPDESK_ADMINISTRATOR),
            Map.entry("c4e39bd9-1100-46d3-8c65-fb160da0071f", AdminRole.AUTHENTICATION_ADMINISTRATOR),
            Map.entry("966707d0-3269-4727-9be2-8c3a10f19b9d", AdminRole.PASSWORD_ADMINISTRATOR),
            Map.entry("88d8e3e3-8f55-4a1e-953a-9b9898b8876b", AdminRole.DIRECTORY_READERS),
            Map.entry("95e79109-95c0-4d8e-aee3-d01accf2d47b", AdminRole.GUEST_INVITER),
            Map.entry("790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b", AdminRole.MESSAGE_CENTER_READER),
            Map.entry("4a5d8f65-41da-4de4-8968-e035b65339cf", AdminRole.REPORTS_READER),
            Map.entry("75934031-6c7e-415a-99d7-48dbd49e875e", AdminRole.USAGE_SUMMARY_REPORTS_READER),
            Map.entry("27460883-1df1-4691-b032-3b79643e5e63", AdminRole.USER_EXPERIENCE_SUCCESS_MANAGER),
            Map.entry("fdd7a751-b60b-444a-984c-02652fe8fa1c", AdminRole.GROUPS_ADMINISTRATOR));

    private final GraphClient graph;

    private final boolean batching;

    private final boolean mailboxTimeZones;

    /** The requests each user's look-up takes: the user, their roles and, where asked, their mailbox's zone. */
    private final int perUser;

    /**
     * @param batching whether look-ups go in {@code $batch} requests rather than one request each
     * @param mailboxTimeZones whether each user's time zone is read from their mailbox's settings
     */
    GraphLookUps(GraphClient graph, boolean batching, boolean mailboxTimeZones) {
        this.graph = graph;
        this.batching = batching;
        this.mailboxTimeZones = mailboxTimeZones;
        this.perUser = mailboxTimeZones ? 3 : 2;
    }

    /** One user, in one {@code $batch} with batching, or its requests one after another without. */
    Optional<DirectoryUser> find(String userPrincipalName) {
        String name = userPrincipalName.strip();
        if (this.batching) {
            return lookUp(List.of(name)).values().stream().findFirst();
        }
        String user = "/users/" + GraphClient.segment(name);
        GraphResponse found = call(() -> this.graph.get(user + "?$select=" + USER_SELECT), "look up users");
        if (found.status() == 404) {
            return Optional.empty();
        }
        checkLookUp(found, userPrincipalName);
        GraphResponse roles = call(() -> this.graph.get(user + ROLES), "read users' directory roles");
        if (roles.status() == 404) {
            return Optional.empty();
        }
        checkRoles(roles, userPrincipalName);
        String timeZone = this.mailboxTimeZones ? timeZone(call(() -> this.graph.get(user + MAILBOX_TIME_ZONE),
                "read mailbox time zones"), userPrincipalName) : null;
        return Optional.of(user(found.body(), roles(roles), timeZone));
    }

    /**
     * Many users, keyed by {@link DirectoryUser#key(String)}: in {@code $batch} requests,
     * {@value #LOOK_UPS_AT_ONCE} at once, or one user after another without batching.
     */
    Map<String, DirectoryUser> findAll(Collection<String> userPrincipalNames) {
        Map<String, DirectoryUser> found = new HashMap<>();
        if (!this.batching) {
            userPrincipalNames.forEach((name) -> find(name).ifPresent((user) -> found.put(user.key(), user)));
            return found;
        }
        List<String> names = userPrincipalNames.stream().map(String::strip).map(DirectoryUser::key).distinct().toList();
        int usersPerBatch = GraphClient.BATCH_LIMIT / this.perUser;
        List<List<String>> batches = new ArrayList<>();
        for (int from = 0; from < names.size(); from += usersPerBatch) {
            batches.add(names.subList(from, Math.min(names.size(), from + usersPerBatch)));
        }
        if (batches.size() <= 1) {
            batches.forEach((some) -> found.putAll(lookUp(some)));
            return found;
        }
        // Reads, unlike writes, are not paced: several batches at once, as Graph answers each in its own time.
        ExecutorService readers = Executors.newFixedThreadPool(Math.min(LOOK_UPS_AT_ONCE, batches.size()),
                (task) -> {
                    Thread thread = new Thread(task, "graph-look-up");
                    thread.setDaemon(true);
                    return thread;
                });
        try {
            List<Future<Map<String, DirectoryUser>>> answers = new ArrayList<>();
            for (List<String> some : batches) {
                answers.add(readers.submit(() -> lookUp(some)));
            }
            for (Future<Map<String, DirectoryUser>> answer : answers) {
                found.putAll(answer.get());
            }
            return found;
        }
        catch (ExecutionException ex) {
            if (ex.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new DirectoryUnavailableException("Microsoft Graph could not look up users: " + ex.getCause(), ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new DirectoryUnavailableException("interrupted while looking users up in Microsoft Graph", ex);
        }
        finally {
            readers.shutdownNow();
        }
    }

    /** One {@code $batch}: each user, their roles and (where asked) their mailbox's time zone side by side. */
    private Map<String, DirectoryUser> lookUp(List<String> some) {
        List<BatchRequest> requests = new ArrayList<>();
        for (String name : some) {
            String user = "/users/" + GraphClient.segment(name);
            requests.add(BatchRequest.get(user + "?$select=" + USER_SELECT));
            requests.add(BatchRequest.get(user + ROLES));
            if (this.mailboxTimeZones) {
                requests.add(BatchRequest.get(user + MAILBOX_TIME_ZONE));
            }
        }
        List<GraphResponse> answers = call(() -> this.graph.batch(requests), "look up users");
        Map<String, DirectoryUser> found = new HashMap<>();
        for (int i = 0; i < some.size(); i++) {
            GraphResponse user = answers.get(this.perUser * i);
            GraphResponse roles = answers.get(this.perUser * i + 1);
            if (user.status() == 404 || roles.status() == 404) {
                continue;
            }
            checkLookUp(user, some.get(i));
            checkRoles(roles, some.get(i));
            String timeZone = this.mailboxTimeZones ? timeZone(answers.get(this.perUser * i + 2), some.get(i)) : null;
            DirectoryUser known = user(user.body(), roles(roles), timeZone);
            found.put(known.key(), known);
        }
        return found;
    }

    private static DirectoryUser user(JsonNode user, Set<AdminRole> roles, String timeZone) {
        String principal = text(user, "userPrincipalName");
        String mail = text(user, "mail");
        String alternate = null;
        for (JsonNode other : user.path("otherMails")) {
            String address = other.asString("").strip();
            if (address.isEmpty() || address.equalsIgnoreCase(principal)
                    || (mail != null && address.equalsIgnoreCase(mail))) {
                continue;
            }
            if (alternate == null || (!EmailAddresses.isValid(alternate) && EmailAddresses.isValid(address))) {
                alternate = address;
            }
        }
        boolean enabled = user.path("accountEnabled").asBoolean(true);
        String changed = text(user, "lastPasswordChangeDateTime");
        Instant passwordLastSet = null;
        if (changed != null) {
            try {
                passwordLastSet = OffsetDateTime.parse(changed).toInstant();
            }
            catch (DateTimeParseException ex) {
                // Not a time Graph would send: the follow-up then sees no change.
            }
        }
        return new DirectoryUser(principal, text(user, "displayName"), null, null,
                enabled ? AccountState.ACTIVE : AccountState.BLOCKED, roles, mail, alternate,
                text(user, "preferredLanguage"), false, passwordLastSet, text(user, "id"), timeZone);
    }

    private Set<AdminRole> roles(GraphResponse first) {
        Set<AdminRole> roles = EnumSet.noneOf(AdminRole.class);
        JsonNode page = first.body();
        while (true) {
            for (JsonNode role : page.path("value")) {
                AdminRole known = ROLE_TEMPLATES.get(role.path("roleTemplateId").asString(""));
                if (known == null) {
                    known = AdminRole.parse(role.path("displayName").asString("")).orElse(null);
                }
                if (known != null) {
                    roles.add(known);
                }
            }
            String next = page.path("@odata.nextLink").asString(null);
            if (next == null) {
                return roles;
            }
            GraphResponse more = call(() -> this.graph.getNext(next), "read users' directory roles");
            checkRoles(more, "a user");
            page = more.body();
        }
    }

    /**
     * The time zone of the user's mailbox, or null: none set yet, or no mailbox (Exchange Online
     * answers {@code 404 MailboxNotEnabledForRESTAPI} for a user without one).
     */
    private static String timeZone(GraphResponse answer, String userPrincipalName) {
        if (answer.status() == 404) {
            return null;
        }
        check(answer, "read the mailbox time zone of " + userPrincipalName,
                "MailboxSettings.Read and give admin consent, or leave out --time-zone-from-mailbox.");
        String zone = text(answer.body(), "value");
        return (zone != null && !zone.isBlank()) ? zone.strip() : null;
    }

    private static void checkLookUp(GraphResponse answer, String userPrincipalName) {
        check(answer, "look up " + userPrincipalName, "User.Read.All and give admin consent.");
    }

    private static void checkRoles(GraphResponse answer, String userPrincipalName) {
        check(answer, "read the directory roles of " + userPrincipalName,
                "RoleManagement.Read.Directory and give admin consent.");
    }

    /**
     * Returns if Graph answered the read; a {@code 403} is a permission the app lacks (exit 2, nothing
     * changed), any other failure the directory's being unavailable.
     *
     * @param what what was read: "look up alex@contoso.com"
     * @param permission the application permission to grant, and the rest of the advice
     */
    private static void check(GraphResponse answer, String what, String permission) {
        if (answer.status() == 403) {
            throw new DirectoryRefusedException("Microsoft Graph refused to " + what + " (" + answer.error()
                    + "): grant the app the application permission " + permission);
        }
        if (!answer.ok()) {
            throw new DirectoryUnavailableException("Microsoft Graph could not " + what + " (HTTP " + answer.status()
                    + ", " + answer.error() + ")", null);
        }
    }
}
