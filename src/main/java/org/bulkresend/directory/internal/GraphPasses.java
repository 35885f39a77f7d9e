package org.bulkresend.directory.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

import org.bulkresend.credential.PassRequest;
import org.bulkresend.credential.PassTerms;
import org.bulkresend.credential.TapPolicy;
import org.bulkresend.directory.Directory.ResetResult;
import org.bulkresend.directory.DirectoryRefusedException;
import org.bulkresend.directory.DirectoryUnavailableException;
import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.graph.GraphClient;
import org.bulkresend.graph.GraphResponse;
import org.bulkresend.password.Secret;
import org.bulkresend.tenant.Cloud;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.bulkresend.directory.internal.GraphDirectory.call;
import static org.bulkresend.directory.internal.GraphDirectory.target;
import static org.bulkresend.directory.internal.GraphDirectory.text;
import static org.bulkresend.directory.internal.GraphDirectory.unexpected;

/**
 * Microsoft Entra ID's Temporary Access Passes through Microsoft Graph v1.0, for
 * {@link GraphDirectory}: the tenant's policy ({@code Policy.Read.All}), what a pass is asked for
 * with and what each answer to its creation becomes, a user's sign-in methods and deleting a pass
 * ({@code UserAuthenticationMethod.ReadWrite.All}). The passes themselves are created among the
 * directory's other writes, batched and paced with them.
 */
final class GraphPasses {

    static final String POLICY = "/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/"
            + "TemporaryAccessPass";

    static final String METHODS = "/authentication/temporaryAccessPassMethods";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final GraphClient graph;

    private final Cloud cloud;

    GraphPasses(GraphClient graph, Cloud cloud) {
        this.graph = graph;
        this.cloud = cloud;
    }

    /** What each pass is asked for with: what the run asks, the rest left to the policy. */
    static ObjectNode body(PassRequest request) {
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
        return body;
    }

    /**
     * The tenant's Temporary Access Pass policy. A cloud whose Graph v1.0 has no passes (21Vianet) is
     * refused before any request, as Graph would answer there with a "not found" that says less.
     */
    TapPolicy policy() {
        if (!this.cloud.issuesTemporaryAccessPasses()) {
            String cloud = (this.cloud == Cloud.CHINA_21VIANET) ? "Microsoft Azure operated by 21Vianet"
                    : "Microsoft Cloud Germany";
            throw new DirectoryRefusedException("Microsoft Graph v1.0 in " + cloud + " (--cloud " + this.cloud
                    + ") does not offer Temporary Access Passes, so no user can be given one: use --credential "
                    + "password. Nothing was changed.");
        }
        GraphResponse answer = call(() -> this.graph.get(POLICY), "read the Temporary Access Pass policy");
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

    /** The pass and its terms from a {@code 201} answer, whose copy of the pass is then wiped; or why not. */
    static ResetResult issued(DirectoryUser user, GraphResponse answer) {
        return switch (answer.status()) {
            case 200, 201 -> pass(user, answer);
            case 404 -> ResetResult.gone(user, "the user is no longer in Microsoft Entra ID (" + answer.error() + ")");
            case 403 -> ResetResult.denied(user, "Microsoft Graph refused the Temporary Access Pass (" + answer.error()
                    + "): the app needs UserAuthenticationMethod.ReadWrite.All, and a pass for an admin takes "
                    + "Privileged Authentication Administrator");
            case 400 -> ResetResult.failed(user, "Microsoft Graph refused the Temporary Access Pass ("
                    + answer.error() + ")");
            default -> unexpected(user, answer);
        };
    }

    private static ResetResult pass(DirectoryUser user, GraphResponse answer) {
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
    boolean registeredSignInMethod(DirectoryUser user) {
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
    boolean revoke(DirectoryUser user) {
        GraphResponse list = call(() -> this.graph.get(target(user) + METHODS),
                "list users' Temporary Access Passes");
        if (list.status() == 404) {
            return false;
        }
        checkMethods(list, user, "list the Temporary Access Pass of");
        boolean deleted = false;
        for (JsonNode pass : list.body().path("value")) {
            String id = pass.path("id").asString("");
            GraphResponse answer = call(() -> this.graph.sendBody("DELETE", target(user) + METHODS + "/"
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

}
