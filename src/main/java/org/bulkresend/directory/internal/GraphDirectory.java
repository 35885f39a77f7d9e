package org.bulkresend.directory.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import org.bulkresend.credential.CredentialKind;
import org.bulkresend.credential.PassRequest;
import org.bulkresend.credential.TapPolicy;
import org.bulkresend.directory.AccessCheck;
import org.bulkresend.directory.Directory;
import org.bulkresend.directory.DirectoryRefusedException;
import org.bulkresend.directory.DirectoryUnavailableException;
import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.graph.GraphClient;
import org.bulkresend.graph.GraphClient.BatchRequest;
import org.bulkresend.graph.GraphPermissions;
import org.bulkresend.graph.GraphResponse;
import org.bulkresend.graph.GraphSettings;
import org.bulkresend.graph.GraphSignInException;
import org.bulkresend.graph.GraphUnavailableException;
import org.bulkresend.graph.WriteRate;
import org.bulkresend.tenant.Cloud;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Microsoft Entra ID through Microsoft Graph v1.0. A user is looked up with the properties the
 * job needs and their directory roles (transitive, so roles held through a group count), so that
 * the access matrix applies before any change ({@link GraphLookUps}); a reset is a {@code PATCH} of
 * the user's {@code passwordProfile} that requires a new password at next sign-in. Graph hashes the
 * password itself. Look-ups of many users go in {@code $batch} requests of
 * {@value GraphClient#BATCH_LIMIT}, {@value GraphLookUps#LOOK_UPS_AT_ONCE} at once; writes (resets,
 * passes) go in {@code $batch} requests too, one after another, at the run's {@link WriteRate}, so
 * that a run keeps to Graph's write quota rather than to its latency. Where asked, each user's time
 * zone is read from their mailbox's settings (Microsoft Entra ID holds none for a user): it needs
 * the application permission {@code MailboxSettings.Read}, and a user without a mailbox, or whose
 * mailbox has no time zone yet, has none.
 * <p>
 * Temporary Access Passes are created with {@code POST .../authentication/temporaryAccessPassMethods}
 * among the other writes, under the tenant's policy ({@link GraphPasses}). The pass exists only in
 * the {@code 201} answer, which is handed on and wiped from its copy of the answer; a user holds one
 * pass, and a new one replaces it.
 */
public class GraphDirectory implements Directory {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final GraphClient graph;

    private final boolean batching;

    private final WriteRate writeRate;

    private final GraphPasses passes;

    private final GraphLookUps lookUps;

    private final boolean mailboxTimeZones;

    private final Cloud cloud;

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
        this.writeRate = writeRate;
        this.passes = new GraphPasses(graph, cloud);
        this.lookUps = new GraphLookUps(graph, batching, mailboxTimeZones);
        this.mailboxTimeZones = mailboxTimeZones;
        this.cloud = cloud;
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

    /**
     * The app signs in, its access token lists the application permissions a run giving this
     * credential needs, a user look-up is answered, and the endpoints are the cloud's (or the ones
     * given instead). Nothing is written.
     */
    @Override
    public List<AccessCheck> checkAccess(CredentialKind credential) {
        GraphSettings settings = this.graph.settings();
        List<AccessCheck> checks = new ArrayList<>();
        Optional<Set<String>> granted;
        try {
            granted = this.graph.grantedRoles();
            checks.add(AccessCheck.passed("directory sign-in", "app " + settings.clientId() + " of tenant "
                    + settings.tenantId() + " signed in with " + settings.credential().describe()));
        }
        catch (GraphSignInException | GraphUnavailableException ex) {
            checks.add(AccessCheck.failed("directory sign-in", ex.getMessage(), "check --tenant-id, --client-id "
                    + "and the app's client secret or certificate (BULK_RESEND_GRAPH_TENANT_ID, "
                    + "BULK_RESEND_GRAPH_CLIENT_ID, BULK_RESEND_GRAPH_CLIENT_SECRET), and that --cloud is the "
                    + "tenant's"));
            checks.add(endpoints(false));
            return checks;
        }
        List<String> needed = new ArrayList<>(List.of(GraphPermissions.USER_READ, GraphPermissions.ROLES_READ));
        needed.addAll((credential == CredentialKind.TAP)
                ? List.of(GraphPermissions.METHODS_WRITE, GraphPermissions.POLICY_READ)
                : List.of(GraphPermissions.PASSWORD_WRITE));
        if (this.mailboxTimeZones) {
            needed.add(GraphPermissions.MAILBOX_SETTINGS_READ);
        }
        if (granted.isEmpty()) {
            checks.add(AccessCheck.failed("directory permissions", "the app's access token does not list its "
                    + "permissions", "grant the app the Microsoft Graph application permissions "
                            + String.join(", ", needed) + " with admin consent"));
        }
        else {
            List<String> missing = GraphPermissions.missing(needed, granted.get());
            checks.add(missing.isEmpty()
                    ? AccessCheck.passed("directory permissions", "the app holds " + String.join(", ", needed))
                    : AccessCheck.failed("directory permissions", "the app lacks the application permission"
                            + ((missing.size() > 1) ? "s " : " ") + String.join(", ", missing) + " a run "
                            + ((credential == CredentialKind.TAP) ? "giving Temporary Access Passes" : "resetting "
                                    + "passwords") + " needs", "in the app registration's API permissions, add "
                                    + "the Microsoft Graph application permission" + ((missing.size() > 1) ? "s " : " ")
                                    + String.join(", ", missing) + " and grant admin consent"));
        }
        List<AccessCheck> read = Directory.super.checkAccess(credential);
        checks.addAll(read);
        checks.add(endpoints(read.stream().allMatch(AccessCheck::ok)));
        return checks;
    }

    /** The Graph and sign-in endpoints in use, and whether they answered. */
    private AccessCheck endpoints(boolean answered) {
        GraphSettings settings = this.graph.settings();
        boolean cloudDefaults = stripSlash(settings.graphUrl().toString()).equals(this.cloud.graphUrl())
                && stripSlash(settings.loginUrl().toString()).equals(this.cloud.loginUrl());
        String detail = "Microsoft Graph " + settings.graphUrl() + " and sign-in " + settings.loginUrl() + " ("
                + (cloudDefaults ? "the " + this.cloud + " cloud's" : "given instead of the "
                        + this.cloud + " cloud's") + ")";
        if (cloudDefaults && this.cloud.warning() != null) {
            return AccessCheck.failed("directory endpoints", detail + ": " + this.cloud.warning(), "give --graph-url "
                    + "and --login-url of the cloud the tenant is in, or the right --cloud");
        }
        return answered ? AccessCheck.passed("directory endpoints", detail + " answered")
                : AccessCheck.failed("directory endpoints", detail + " did not let the app in", "make sure this machine "
                        + "reaches them (a proxy: --graph-ca-file), and that --cloud is the tenant's");
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    @Override
    public Optional<DirectoryUser> find(String userPrincipalName) {
        return this.lookUps.find(userPrincipalName);
    }

    /** In {@code $batch} requests, several at once ({@link GraphLookUps}). */
    @Override
    public Map<String, DirectoryUser> findAll(Collection<String> userPrincipalNames) {
        return this.lookUps.findAll(userPrincipalNames);
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

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? value.asString() : null;
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
