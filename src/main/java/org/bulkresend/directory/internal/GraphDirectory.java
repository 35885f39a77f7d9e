package org.bulkresend.directory.internal;

import java.time.Instant;
import java.time.OffsetDateTime;
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
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import org.bulkresend.credential.PassRequest;
import org.bulkresend.credential.TapPolicy;
import org.bulkresend.directory.AccountState;
import org.bulkresend.directory.AdminRole;
import org.bulkresend.directory.Directory;
import org.bulkresend.directory.DirectoryRefusedException;
import org.bulkresend.directory.DirectoryUnavailableException;
import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.graph.GraphClient;
import org.bulkresend.graph.GraphClient.BatchRequest;
import org.bulkresend.graph.GraphResponse;
import org.bulkresend.graph.GraphSignInException;
import org.bulkresend.graph.GraphUnavailableException;
import org.bulkresend.graph.WriteRate;
import org.bulkresend.address.EmailAddresses;
import org.bulkresend.tenant.Cloud;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Microsoft Entra ID through Microsoft Graph v1.0. A user is looked up with the properties the
 * job needs and their directory roles (transitive, so roles held through a group count), so that
 * the access matrix applies before any change; a reset is a {@code PATCH} of the user's
 * {@code passwordProfile} that requires a new password at next sign-in. Graph hashes the password
 * itself. Look-ups of many users go in {@code $batch} requests of {@value GraphClient#BATCH_LIMIT},
 * a few at once; writes (resets, passes) go in {@code $batch} requests too, one after another, at
 * the run's {@link WriteRate}, so that a run keeps to Graph's write quota rather than to its
 * latency. Where asked, each user's time zone is read from their mailbox's settings (Microsoft Entra ID
 * holds none for a user): it needs the application permission {@code MailboxSettings.Read}, and a
 * user without a mailbox, or whose mailbox has no time zone yet, has none.
 * <p>
 * Temporary Access Passes are created with {@code POST .../authentication/temporaryAccessPassMethods}
 * among the other writes, under the tenant's policy ({@link GraphPasses}). The pass exists only in
 * the {@code 201} answer, which is handed on and wiped from its copy of the answer; a user holds one
 * pass, and a new one replaces it.
 */
public class GraphDirectory implements Directory {

    static final String USER_SELECT = "id,userPrincipalName,displayName,accountEnabled,preferredLanguage,otherMails,"
            + "mail,lastPasswordChangeDateTime";

    static final String ROLES = "/transitiveMemberOf/microsoft.graph.directoryRole?$select=displayName,roleTemplateId";

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

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** How many look-up batches are sent at once; each holds {@value GraphClient#BATCH_LIMIT} requests. */
    static final int LOOK_UPS_AT_ONCE = 4;

    /** The time zone of a user's mailbox: a Windows name, an IANA name, or empty if never set. */
    static final String MAILBOX_TIME_ZONE = "/mailboxSettings/timeZone";


    private final GraphClient graph;

    private final boolean batching;

    private final boolean mailboxTimeZones;

    private final Cloud cloud;

    private final WriteRate writeRate;

    private final GraphPasses passes;

    /**
     * @param batching whether look-ups and writes of many users go in {@code $batch} requests, rather
     * than one request a user and a look-up
     * @param mailboxTimeZones whether each user's time zone is read from their mailbox's settings
     * @param cloud the tenant's cloud, which decides whether Graph v1.0 issues Temporary Access Passes
     * @param writeRate the pace of the run's writes, shared by all of them
     */
    public GraphDirectory(GraphClient graph, boolean batching, boolean mailboxTimeZones, Cloud cloud,
            WriteRate writeRate) {
        this.graph = graph;
        this.batching = batching;
        this.mailboxTimeZones = mailboxTimeZones;
        this.cloud = cloud;
        this.writeRate = writeRate;
        this.passes = new GraphPasses(graph, cloud);
    }

    /** A directory in the worldwide cloud that reads no time zones, writing at Graph's quota. */
    public GraphDirectory(GraphClient graph, boolean batching) {
        this(graph, batching, false, Cloud.WORLDWIDE, new WriteRate(WriteRate.GRAPH_QUOTA_PER_SECOND));
    }

    @Override
    public String describe() {
        return "Microsoft Graph " + this.graph.settings().graphUrl() + " (tenant " + this.graph.settings().tenantId()
                + ", app " + this.graph.settings().clientId() + ")";
    }

    @Override
    public Optional<DirectoryUser> find(String userPrincipalName) {
        String user = "/users/" + GraphClient.segment(userPrincipalName.strip());
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

    /** In {@code $batch} requests, {@value #LOOK_UPS_AT_ONCE} at once: each user, their roles, their mailbox zone. */
    @Override
    public Map<String, DirectoryUser> findAll(Collection<String> userPrincipalNames) {
        if (!this.batching) {
            return Directory.super.findAll(userPrincipalNames);
        }
        List<String> names = userPrincipalNames.stream().map(String::strip).map(DirectoryUser::key).distinct().toList();
        int perUser = this.mailboxTimeZones ? 3 : 2;
        int usersPerBatch = GraphClient.BATCH_LIMIT / perUser;
        List<List<String>> batches = new ArrayList<>();
        for (int from = 0; from < names.size(); from += usersPerBatch) {
            batches.add(names.subList(from, Math.min(names.size(), from + usersPerBatch)));
        }
        Map<String, DirectoryUser> found = new HashMap<>();
        if (batches.size() <= 1) {
            batches.forEach((some) -> found.putAll(lookUp(some, perUser)));
            return found;
        }
        // Reads, unlike writes, are not paced: a few batches at once, as Graph answers each in its own time.
        ExecutorService readers = Executors.newFixedThreadPool(Math.min(LOOK_UPS_AT_ONCE, batches.size()),
                (task) -> {
                    Thread thread = new Thread(task, "graph-look-up");
                    thread.setDaemon(true);
                    return thread;
                });
        try {
            List<Future<Map<String, DirectoryUser>>> answers = new ArrayList<>();
            for (List<String> some : batches) {
                answers.add(readers.submit(() -> lookUp(some, perUser)));
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
    private Map<String, DirectoryUser> lookUp(List<String> some, int perUser) {
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
            GraphResponse user = answers.get(perUser * i);
            GraphResponse roles = answers.get(perUser * i + 1);
            if (user.status() == 404 || roles.status() == 404) {
                continue;
            }
            checkLookUp(user, some.get(i));
            checkRoles(roles, some.get(i));
            String timeZone = this.mailboxTimeZones ? timeZone(answers.get(perUser * i + 2), some.get(i)) : null;
            DirectoryUser known = user(user.body(), roles(roles), timeZone);
            found.put(known.key(), known);
        }
        return found;
    }

    /**
     * Each user's {@code PATCH}, in {@code $batch} requests of {@value GraphClient#BATCH_LIMIT} (one
     * request a user without batches), in order, at the run's write rate. Once Graph stops answering,
     * the rest are not tried: each is reported unreachable, and the run stops after recording them.
     */
    @Override
    public List<ResetResult> resetPasswords(List<PasswordReset> resets) {
        List<ObjectNode> bodies = new ArrayList<>(resets.size());
        for (PasswordReset reset : resets) {
            ObjectNode body = JSON.createObjectNode();
            body.putObject("passwordProfile")
                .put("forceChangePasswordNextSignIn", true)
                .put("password", reset.password().reveal());
            bodies.add(body);
        }
        try {
            return write(resets.stream().map(PasswordReset::user).toList(),
                    (i) -> new BatchRequest("PATCH", target(resets.get(i).user()), bodies.get(i)),
                    (i, answer) -> reset(resets.get(i), answer));
        }
        finally {
            bodies.forEach(ObjectNode::removeAll);
        }
    }

    private static ResetResult reset(PasswordReset reset, GraphResponse answer) {
        DirectoryUser user = reset.user();
        return switch (answer.status()) {
            case 200, 204 -> ResetResult.set(user, reset.password());
            case 404 -> ResetResult.gone(user, "the user is no longer in Microsoft Entra ID (" + answer.error() + ")");
            case 403 -> ResetResult.denied(user, "Microsoft Graph refused the reset (" + answer.error() + "): the "
                    + "app's admin role may not reset this user; resetting admins takes Privileged Authentication "
                    + "Administrator");
            case 400 -> ResetResult.failed(user, "Microsoft Graph refused the new password (" + answer.error() + ")");
            default -> unexpected(user, answer);
        };
    }

    static ResetResult unexpected(DirectoryUser user, GraphResponse answer) {
        return ResetResult.failed(user, "Microsoft Graph answered HTTP " + answer.status() + " (" + answer.error() + ")"
                + answer.requestId().map((id) -> "; request-id " + id).orElse(""));
    }

    /**
     * Sends one write a user, in {@code $batch} requests where batching is on, at the run's write
     * rate, and maps each answer to the user's result. A throttled write inside a batch is sent again
     * alone ({@link GraphClient#batch}); the others are never sent twice. Once Graph stops answering,
     * the writes not sent are reported unreachable.
     */
    private List<ResetResult> write(List<DirectoryUser> users, IntFunction<BatchRequest> request,
            BiFunction<Integer, GraphResponse, ResetResult> result) {
        List<ResetResult> results = new ArrayList<>(users.size());
        String unreachable = null;
        int perRequest = this.batching ? GraphClient.BATCH_LIMIT : 1;
        for (int from = 0; from < users.size(); from += perRequest) {
            int to = Math.min(users.size(), from + perRequest);
            if (unreachable == null) {
                try {
                    this.writeRate.acquire(to - from);
                    List<GraphResponse> answers = send(IntStream.range(from, to).mapToObj(request).toList());
                    for (int i = from; i < to; i++) {
                        results.add(result.apply(i, answers.get(i - from)));
                    }
                    continue;
                }
                catch (GraphUnavailableException ex) {
                    unreachable = ex.getMessage();
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    unreachable = "interrupted while waiting for the write rate";
                }
                catch (GraphSignInException ex) {
                    throw new DirectoryRefusedException(ex.getMessage());
                }
            }
            for (int i = from; i < to; i++) {
                results.add(ResetResult.unreachable(users.get(i), unreachable));
            }
        }
        return results;
    }

    /** One write alone, or several in a {@code $batch}. */
    private List<GraphResponse> send(List<BatchRequest> requests) {
        if (requests.size() == 1 && !this.batching) {
            BatchRequest only = requests.get(0);
            return List.of(this.graph.sendJson(only.method(), only.url(), only.body()));
        }
        return this.graph.batch(requests);
    }

    @Override
    public TapPolicy temporaryAccessPassPolicy() {
        return this.passes.policy();
    }

    /**
     * Each user's {@code POST}, batched and paced as resets are; the terms each user is told are the
     * ones Graph answered with.
     */
    @Override
    public List<ResetResult> issueTemporaryAccessPasses(List<DirectoryUser> users, PassRequest request) {
        ObjectNode body = GraphPasses.body(request);
        return write(users, (i) -> new BatchRequest("POST", target(users.get(i)) + GraphPasses.METHODS, body),
                (i, answer) -> GraphPasses.issued(users.get(i), answer));
    }

    @Override
    public boolean registeredSignInMethod(DirectoryUser user) {
        return this.passes.registeredSignInMethod(user);
    }

    @Override
    public boolean revokeTemporaryAccessPass(DirectoryUser user) {
        return this.passes.revoke(user);
    }

    static String target(DirectoryUser user) {
        return "/users/" + GraphClient.segment((user.id() != null) ? user.id() : user.userPrincipalName());
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
        java.time.Instant passwordLastSet = null;
        if (changed != null) {
            try {
                passwordLastSet = java.time.OffsetDateTime.parse(changed).toInstant();
            }
            catch (java.time.format.DateTimeParseException ex) {
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

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? value.asString() : null;
    }

    /**
     * The time zone of the user's mailbox, or null: none set yet, or no mailbox (Exchange Online
     * answers {@code 404 MailboxNotEnabledForRESTAPI} for a user without one).
     */
    private static String timeZone(GraphResponse answer, String userPrincipalName) {
        if (answer.status() == 404) {
            return null;
        }
        if (answer.status() == 403) {
            throw new DirectoryRefusedException("Microsoft Graph refused to read the mailbox time zone of "
                    + userPrincipalName + " (" + answer.error() + "): grant the app the application permission "
                    + "MailboxSettings.Read and give admin consent, or leave out --time-zone-from-mailbox.");
        }
        if (!answer.ok()) {
            throw new DirectoryUnavailableException("Microsoft Graph could not read the mailbox time zone of "
                    + userPrincipalName + " (HTTP " + answer.status() + ", " + answer.error() + ")", null);
        }
        String zone = text(answer.body(), "value");
        return (zone != null && !zone.isBlank()) ? zone.strip() : null;
    }

    private static void checkLookUp(GraphResponse answer, String userPrincipalName) {
        if (answer.status() == 403) {
            throw new DirectoryRefusedException("Microsoft Graph refused to look up " + userPrincipalName + " ("
                    + answer.error() + "): grant the app the application permission User.Read.All and give admin "
                    + "consent.");
        }
        if (!answer.ok()) {
            throw new DirectoryUnavailableException("Microsoft Graph could not look up " + userPrincipalName
                    + " (HTTP " + answer.status() + ", " + answer.error() + ")", null);
        }
    }

    private static void checkRoles(GraphResponse answer, String userPrincipalName) {
        if (answer.status() == 403) {
            throw new DirectoryRefusedException("Microsoft Graph refused to read the directory roles of "
                    + userPrincipalName + " (" + answer.error() + "): grant the app the application permission "
                    + "RoleManagement.Read.Directory and give admin consent.");
        }
        if (!answer.ok()) {
            throw new DirectoryUnavailableException("Microsoft Graph could not read the directory roles of "
                    + userPrincipalName + " (HTTP " + answer.status() + ", " + answer.error() + ")", null);
        }
    }

    /** Turns Graph's own failures into the directory's: unavailable (wait and run again) or refused (set-up). */
    static <T> T call(java.util.function.Supplier<T> request, String what) {
        try {
            return request.get();
        }
        catch (GraphUnavailableException ex) {
            throw new DirectoryUnavailableException("Microsoft Graph could not " + what + ": " + ex.getMessage(), ex);
        }
        catch (GraphSignInException ex) {
            throw new DirectoryRefusedException(ex.getMessage());
        }
    }
}
