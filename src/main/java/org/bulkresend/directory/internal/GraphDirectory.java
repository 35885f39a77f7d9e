package org.bulkresend.directory.internal;

import java.time.Duration;
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

import org.bulkresend.credential.PassRequest;
import org.bulkresend.credential.PassTerms;
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
import org.bulkresend.address.EmailAddresses;
import org.bulkresend.password.Secret;
import org.bulkresend.tenant.Cloud;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Microsoft Entra ID through Microsoft Graph v1.0. A user is looked up with the properties the
 * job needs and their directory roles (transitive, so roles held through a group count), so that
 * the access matrix applies before any change; a reset is a {@code PATCH} of the user's
 * {@code passwordProfile} that requires a new password at next sign-in. Graph hashes the password
 * itself. Look-ups of many users go in {@code $batch} requests of {@value GraphClient#BATCH_LIMIT}.
 * Where asked, each user's time zone is read from their mailbox's settings (Microsoft Entra ID
 * holds none for a user): it needs the application permission {@code MailboxSettings.Read}, and a
 * user without a mailbox, or whose mailbox has no time zone yet, has none.
 * <p>
 * Temporary Access Passes are created with {@code POST .../authentication/temporaryAccessPassMethods}
 * (permission {@code UserAuthenticationMethod.ReadWrite.All}) under the tenant's policy, read first
 * ({@code Policy.Read.All}). The pass exists only in the {@code 201} answer, which this class hands
 * on and wipes from its copy of the answer; a user holds one pass, and a new one replaces it.
 */
public class GraphDirectory implements Directory {

    static final String USER_SELECT = "id,userPrincipalName,displayName,accountEnabled,preferredLanguage,otherMails,mail,"
            + "lastPasswordChangeDateTime";

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

    /** The time zone of a user's mailbox: a Windows name, an IANA name, or empty if never set. */
    static final String MAILBOX_TIME_ZONE = "/mailboxSettings/timeZone";

    static final String TAP_POLICY = "/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/"
            + "TemporaryAccessPass";

    static final String TAP_METHODS = "/authentication/temporaryAccessPassMethods";

    private final GraphClient graph;

    private final boolean batching;

    private final boolean mailboxTimeZones;

    private final Cloud cloud;

    /**
     * @param batching whether look-ups of many users go in {@code $batch} requests, rather than two
     * requests a user
     * @param mailboxTimeZones whether each user's time zone is read from their mailbox's settings
     * @param cloud the tenant's cloud, which decides whether Graph v1.0 issues Temporary Access Passes
     */
    public GraphDirectory(GraphClient graph, boolean batching, boolean mailboxTimeZones, Cloud cloud) {
        this.graph = graph;
        this.batching = batching;
        this.mailboxTimeZones = mailboxTimeZones;
        this.cloud = cloud;
    }

    /** A directory in the worldwide cloud that reads no time zones. */
    public GraphDirectory(GraphClient graph, boolean batching) {
        this(graph, batching, false, Cloud.WORLDWIDE);
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

    /** In {@code $batch} requests: each user, their roles and (where asked) their mailbox's time zone side by side. */
    @Override
    public Map<String, DirectoryUser> findAll(Collection<String> userPrincipalNames) {
        if (!this.batching) {
            return Directory.super.findAll(userPrincipalNames);
        }
        List<String> names = userPrincipalNames.stream().map(String::strip).map(DirectoryUser::key).distinct().toList();
        Map<String, DirectoryUser> found = new HashMap<>();
        int perUser = this.mailboxTimeZones ? 3 : 2;
        int usersPerBatch = GraphClient.BATCH_LIMIT / perUser;
        for (int from = 0; from < names.size(); from += usersPerBatch) {
            List<String> some = names.subList(from, Math.min(names.size(), from + usersPerBatch));
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
        }
        return found;
    }

    /**
     * One {@code PATCH} a user, in order. Once Graph stops answering, the rest of the list is not
     * tried: each is reported unreachable, and the run stops after recording them.
     */
    @Override
    public List<ResetResult> resetPasswords(List<PasswordReset> resets) {
        List<ResetResult> results = new ArrayList<>(resets.size());
        String unreachable = null;
        for (PasswordReset reset : resets) {
            DirectoryUser user = reset.user();
            if (unreachable != null) {
                results.add(ResetResult.unreachable(user, unreachable));
                continue;
            }
            try {
                results.add(reset(user, reset));
            }
            catch (GraphUnavailableException ex) {
                unreachable = ex.getMessage();
                results.add(ResetResult.unreachable(user, unreachable));
            }
        }
        return results;
    }

    private ResetResult reset(DirectoryUser user, PasswordReset reset) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("passwordProfile")
            .put("forceChangePasswordNextSignIn", true)
            .put("password", reset.password().reveal());
        String target = (user.id() != null) ? user.id() : user.userPrincipalName();
        GraphResponse answer;
        try {
            answer = this.graph.sendJson("PATCH", "/users/" + GraphClient.segment(target), body);
        }
        catch (GraphSignInException ex) {
            throw new DirectoryRefusedException(ex.getMessage());
        }
        finally {
            body.removeAll();
        }
        return switch (answer.status()) {
            case 200, 204 -> ResetResult.set(user, reset.password());
            case 404 -> ResetResult.gone(user, "the user is no longer in Microsoft Entra ID (" + answer.error() + ")");
            case 403 -> ResetResult.denied(user, "Microsoft Graph refused the reset (" + answer.error() + "): the "
                    + "app's admin role may not reset this user; resetting admins takes Privileged Authentication "
                    + "Administrator");
            case 400 -> ResetResult.failed(user, "Microsoft Graph refused the new password (" + answer.error() + ")");
            default -> ResetResult.failed(user, "Microsoft Graph answered HTTP " + answer.status() + " ("
                    + answer.error() + ")" + answer.requestId().map((id) -> "; request-id " + id).orElse(""));
        };
    }

    /**
     * The tenant's Temporary Access Pass policy. A cloud whose Graph v1.0 has no passes (21Vianet) is
     * refused before any request, as Graph would answer there with a "not found" that says less.
     */
    @Override
    public TapPolicy temporaryAccessPassPolicy() {
        if (!this.cloud.issuesTemporaryAccessPasses()) {
            String cloud = (this.cloud == Cloud.CHINA_21VIANET) ? "Microsoft Azure operated by 21Vianet"
                    : "Microsoft Cloud Germany";
            throw new DirectoryRefusedException("Microsoft Graph v1.0 in " + cloud + " (--cloud " + this.cloud
                    + ") does not offer Temporary Access Passes, so no user can be given one: use --credential "
                    + "password. Nothing was changed.");
        }
        GraphResponse answer = call(() -> this.graph.get(TAP_POLICY), "read the Temporary Access Pass policy");
        if (answer.status() == 403) {
            throw new DirectoryRefusedException("Microsoft Graph refused to read the Temporary Access Pass policy ("
                    + answer.error() + "): grant the app the application permission Policy.Read.All and give admin "
                    + "consent. Nothing was changed.");
        }
        if (!answer.ok()) {
            throw new DirectoryUnavailableException("Microsoft Graph could not read the Temporary Access Pass policy "
                    + "(HTTP " + answer.status() + ", " + answer.error() + ")", null);
        }
        JsonNode policy = answer.body();
        return new TapPolicy("enabled".equalsIgnoreCase(policy.path("state").asString("")),
                Duration.ofMinutes(policy.path("minimumLifetimeInMinutes").asInt(60)),
                Duration.ofMinutes(policy.path("maximumLifetimeInMinutes").asInt(480)),
                Duration.ofMinutes(policy.path("defaultLifetimeInMinutes").asInt(60)),
                policy.path("isUsableOnce").asBoolean(false), policy.path("defaultLength").asInt(8));
    }

    /**
     * One {@code POST} a user, in order; the terms each user is told are the ones Graph answered
     * with. Once Graph stops answering, the rest are not tried: each is reported unreachable.
     */
    @Override
    public List<ResetResult> issueTemporaryAccessPasses(List<DirectoryUser> users, PassRequest request) {
        List<ResetResult> results = new ArrayList<>(users.size());
        String unreachable = null;
        for (DirectoryUser user : users) {
            if (unreachable != null) {
                results.add(ResetResult.unreachable(user, unreachable));
                continue;
            }
            try {
                results.add(issue(user, request));
            }
            catch (GraphUnavailableException ex) {
                unreachable = ex.getMessage();
                results.add(ResetResult.unreachable(user, unreachable));
            }
        }
        return results;
    }

    private ResetResult issue(DirectoryUser user, PassRequest request) {
        ObjectNode body = JSON.createObjectNode();
        if (request.lifetime() != null) {
            body.put("lifetimeInMinutes", request.lifetime().toMinutes());
        }
        if (request.usableOnce()) {
            body.put("isUsableOnce", true);
        }
        if (request.startsAt() != null) {
            body.put("startDateTime", request.startsAt().toString());
        }
        GraphResponse answer;
        try {
            answer = this.graph.sendJson("POST", target(user) + TAP_METHODS, body);
        }
        catch (GraphSignInException ex) {
            throw new DirectoryRefusedException(ex.getMessage());
        }
        return switch (answer.status()) {
            case 200, 201 -> issued(user, answer);
            case 404 -> ResetResult.gone(user, "the user is no longer in Microsoft Entra ID (" + answer.error() + ")");
            case 403 -> ResetResult.denied(user, "Microsoft Graph refused the Temporary Access Pass (" + answer.error()
                    + "): the app needs UserAuthenticationMethod.ReadWrite.All, and a pass for an admin takes "
                    + "Privileged Authentication Administrator");
            case 400 -> ResetResult.failed(user, "Microsoft Graph refused the Temporary Access Pass ("
                    + answer.error() + ")");
            default -> ResetResult.failed(user, "Microsoft Graph answered HTTP " + answer.status() + " ("
                    + answer.error() + ")" + answer.requestId().map((id) -> "; request-id " + id).orElse(""));
        };
    }

    /** The pass and its terms from a {@code 201} answer, whose copy of the pass is then wiped. */
    private static ResetResult issued(DirectoryUser user, GraphResponse answer) {
        JsonNode body = answer.body();
        String pass = text(body, "temporaryAccessPass");
        if (body instanceof ObjectNode object) {
            object.remove("temporaryAccessPass");
        }
        if (pass == null || pass.isEmpty()) {
            return ResetResult.failed(user, "Microsoft Graph created a Temporary Access Pass but its answer held no "
                    + "pass; the user keeps it unused until it ends");
        }
        Instant start;
        try {
            start = OffsetDateTime.parse(text(body, "startDateTime")).toInstant();
        }
        catch (RuntimeException ex) {
            start = Instant.now();
        }
        int minutes = body.path("lifetimeInMinutes").asInt(0);
        if (minutes <= 0) {
            return ResetResult.failed(user, "Microsoft Graph's answer gave the Temporary Access Pass no lifetime");
        }
        return ResetResult.issued(user, Secret.of(pass),
                PassTerms.of(start, Duration.ofMinutes(minutes), body.path("isUsableOnce").asBoolean(false)));
    }

    /** Any method besides the password and a pass: Microsoft Authenticator, a passkey, a phone, ... */
    @Override
    public boolean registeredSignInMethod(DirectoryUser user) {
        GraphResponse answer = call(() -> this.graph.get(target(user) + "/authentication/methods"),
                "read users' authentication methods");
        if (answer.status() == 404) {
            return false;
        }
        if (answer.status() == 403) {
            throw new DirectoryRefusedException("Microsoft Graph refused to read the authentication methods of "
                    + user.userPrincipalName() + " (" + answer.error() + "): grant the app the application permission "
                    + "UserAuthenticationMethod.Read.All (or ReadWrite.All) and give admin consent.");
        }
        if (!answer.ok()) {
            throw new DirectoryUnavailableException("Microsoft Graph could not read the authentication methods of "
                    + user.userPrincipalName() + " (HTTP " + answer.status() + ", " + answer.error() + ")", null);
        }
        for (JsonNode method : answer.body().path("value")) {
            String type = method.path("@odata.type").asString("");
            if (!type.equals("#microsoft.graph.passwordAuthenticationMethod")
                    && !type.equals("#microsoft.graph.temporaryAccessPassAuthenticationMethod")) {
                return true;
            }
        }
        return false;
    }

    /** Lists the user's pass (at most one) and deletes it. */
    @Override
    public boolean revokeTemporaryAccessPass(DirectoryUser user) {
        GraphResponse list = call(() -> this.graph.get(target(user) + TAP_METHODS),
                "list users' Temporary Access Passes");
        if (list.status() == 404) {
            return false;
        }
        checkMethods(list, user, "list the Temporary Access Pass of");
        boolean deleted = false;
        for (JsonNode pass : list.body().path("value")) {
            String id = pass.path("id").asString("");
            GraphResponse answer = call(() -> this.graph.sendBody("DELETE", target(user) + TAP_METHODS + "/"
                    + GraphClient.segment(id), null, null), "delete users' Temporary Access Passes");
            if (answer.status() != 404) {
                checkMethods(answer, user, "delete the Temporary Access Pass of");
                deleted = true;
            }
        }
        return deleted;
    }

    private static void checkMethods(GraphResponse answer, DirectoryUser user, String what) {
        if (answer.status() == 403) {
            throw new DirectoryRefusedException("Microsoft Graph refused to " + what + " " + user.userPrincipalName()
                    + " (" + answer.error() + "): grant the app the application permission "
                    + "UserAuthenticationMethod.ReadWrite.All and give admin consent.");
        }
        if (!answer.ok()) {
            throw new DirectoryUnavailableException("Microsoft Graph could not " + what + " "
                    + user.userPrincipalName() + " (HTTP " + answer.status() + ", " + answer.error() + ")", null);
        }
    }

    private static String target(DirectoryUser user) {
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

    private static String text(JsonNode node, String field) {
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

    /** Turns Graph's own failures into the directory's: unavailable (wait and run again) or refused (fix the set-up). */
    private static <T> T call(java.util.function.Supplier<T> request, String what) {
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
