package org.bulkresend.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsServer;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Microsoft Graph v1.0 and the Microsoft identity platform's v2.0 token endpoint for one tenant
 * and one app registration, as the job meets them on the wire, served on {@code 127.0.0.1} over
 * HTTP ({@link #url()}) and over {@code https} ({@link #secureUrl()}, with a certificate of the
 * {@link TestCertificateAuthority}). The job signs in at {@link #secureUrl()}, as Microsoft's
 * sign-in library speaks only {@code https}, and usually reaches Graph at {@link #url()}.
 * <p>
 * It answers:
 * <ul>
 * <li>{@code POST /{tenant}/oauth2/v2.0/token}: the client credentials grant, with a client
 * secret or a certificate's signed client assertion;</li>
 * <li>{@code GET /v1.0/users/{id or userPrincipalName}} with {@code $select};</li>
 * <li>{@code GET /v1.0/users/{key}/transitiveMemberOf/microsoft.graph.directoryRole} (and
 * {@code memberOf}), paged with {@code @odata.nextLink};</li>
 * <li>{@code PATCH /v1.0/users/{key}} with a {@code passwordProfile}: the password reset;</li>
 * <li>{@code GET /v1.0/users/{key}/mailboxSettings/timeZone}: {@code {"value": "..."}}, empty if the
 * user never chose one, {@code 404 MailboxNotEnabledForRESTAPI} without a mailbox, {@code 403
 * ErrorAccessDenied} if the app lacks {@code MailboxSettings.Read};</li>
 * <li>{@code POST /v1.0/users/{sender}/sendMail}, as MIME ({@code text/plain}, base64) or
 * JSON;</li>
 * <li>{@code GET /v1.0/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/TemporaryAccessPass}:
 * the tenant's Temporary Access Pass policy, {@code 403} without {@code Policy.Read.All};</li>
 * <li>{@code POST}, {@code GET} {@code /v1.0/users/{key}/authentication/temporaryAccessPassMethods} and
 * {@code GET}, {@code DELETE} {@code .../temporaryAccessPassMethods/{id}}: issuing, reading and deleting a user's
 * Temporary Access Pass (the pass itself only in the answer to its creation);</li>
 * <li>{@code GET /v1.0/users/{key}/authentication/methods}: the user's password, registered methods and pass;</li>
 * <li>{@code POST /v1.0/$batch} (at most 20 requests, each run as if sent on its own).</li>
 * </ul>
 * Tests can make it throttle, fail, drop connections or hold a reset, and inspect every request,
 * every reset and every message it accepted. It is safe for concurrent calls.
 */
public final class FakeGraph implements AutoCloseable {

    /** Template ids of the built-in Microsoft Entra roles, by display name. */
    public static final Map<String, String> ROLE_TEMPLATE_IDS = roleTemplateIds();

    /** The {@code client_assertion_type} of a certificate credential. */
    public static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    /** Graph's answer when the app may not reset a user's password. */
    public static final String INSUFFICIENT_PRIVILEGES = "Insufficient privileges to complete the operation.";

    /**
     * The authentication methods service's answer (code {@code accessDenied}) when the app lacks the
     * permission or the role to act on a user's methods. Not in Microsoft's documentation: it is what
     * callers report (microsoftgraph/msgraph-sdk-go#441, microsoftgraph/msgraph-sdk-powershell#2602).
     */
    public static final String REQUEST_AUTHORIZATION_FAILED = "Request Authorization failed";

    /**
     * Entra's answer (code {@code badRequest}) to a Temporary Access Pass for a user whom the policy
     * does not cover, or while the policy is disabled. Microsoft's page "Configure Temporary Access
     * Pass to register passwordless authentication methods" says one can be created for any user and
     * only sign-in is limited to the policy's users; administrators report this refusal instead
     * (MicrosoftDocs/azure-docs#111778), and the fake does as Entra does. The status and code are
     * assumed.
     */
    public static final String TAP_NOT_ALLOWED_BY_POLICY = "Converged UserCredentialPolicy does not allow creating "
            + "or updating this authentication method. AuthMethodType [TemporaryAccessPass].";

    /** The id Graph gives every user's password method ("passwordAuthenticationMethod resource type"). */
    public static final String PASSWORD_METHOD_ID = "28c10230-6103-485e-b985-444c60001490";

    /** Graph's answer to a password that the password policy refuses. */
    public static final String PASSWORD_COMPLEXITY = "The specified password does not comply with password "
            + "complexity requirements. Please provide a different password.";

    private static final String ODATA_JSON = "application/json;odata.metadata=minimal;odata.streaming=true;"
            + "IEEE754Compatible=false;charset=utf-8";

    private static final String GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";

    private static final int BATCH_LIMIT = 20;

    private static final List<String> USER_PROPERTIES = List.of("id", "userPrincipalName", "displayName",
            "accountEnabled", "preferredLanguage", "mail", "otherMails", "givenName", "surname", "jobTitle",
            "mobilePhone", "officeLocation", "businessPhones", "userType", "createdDateTime",
            "lastPasswordChangeDateTime");

    private static final List<String> USER_DEFAULT_PROPERTIES = List.of("businessPhones", "displayName",
            "givenName", "jobTitle", "mail", "mobilePhone", "officeLocation", "preferredLanguage", "surname",
            "userPrincipalName", "id");

    private static final List<String> ROLE_PROPERTIES = List.of("id", "deletedDateTime", "description",
            "displayName", "roleTemplateId");

    /**
     * The characters of a Temporary Access Pass: letters, digits and symbols, as in the docs' examples
     * ({@code +drkzqAD}, {@code TAPRocks!}); which symbols Entra draws from is not documented.
     */
    private static final String TAP_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
            + "!#%&*+-=?@";

    private static final DateTimeFormatter GRAPH_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
        .withZone(ZoneOffset.UTC);

    private static final DateTimeFormatter AAD_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
        .withZone(ZoneOffset.UTC);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final SecureRandom RANDOM = new SecureRandom();

    static {
        // An answer leaves as headers then body: without this, each one waits for the caller's delayed ACK (40 ms).
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final String tenantId;

    private final String clientId;

    private final HttpServer server;

    private final HttpsServer secureServer;

    private final String secureUrl;

    private final ExecutorService executor;

    private final String url;

    private volatile long latencyMillis;

    private volatile long jitterMillis;

    private final AtomicInteger inFlight = new AtomicInteger();

    private final AtomicInteger maxInFlight = new AtomicInteger();

    /** Graph's identifier in the tenant's cloud, which the token's scope must name. */
    private volatile String resource = "https://graph.microsoft.com";

    private final CountDownLatch closing = new CountDownLatch(1);

    private final AtomicBoolean closed = new AtomicBoolean();

    private final List<String> secrets = new CopyOnWriteArrayList<>();

    private final List<X509Certificate> certificates = new CopyOnWriteArrayList<>();

    private volatile Duration tokenLifetime = Duration.ofSeconds(3599);

    private static final Set<String> OPENID_SCOPES = Set.of("openid", "profile", "offline_access");

    private final AtomicInteger signInOutages = new AtomicInteger();

    private volatile int signInRetryAfter;

    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();

    private final AtomicInteger tokensIssued = new AtomicInteger();

    private final Map<String, Account> accounts = new LinkedHashMap<>();

    private final Map<String, String> roleObjectIds = new ConcurrentHashMap<>();

    private volatile boolean appMayResetAdmins;

    private volatile boolean appMayReadMailboxSettings = true;

    private volatile boolean appMayReadPolicies = true;

    private volatile boolean appMayManageAuthenticationMethods = true;

    /** Application permissions granted to the app but withheld by the test, beyond the switches above. */
    private final Set<String> withheldPermissions = ConcurrentHashMap.newKeySet();

    private volatile TapPolicy tapPolicy = TapPolicy.DEFAULT;

    private final String tapIncludedGroupId = UUID.randomUUID().toString();

    private final String tapExcludedGroupId = UUID.randomUUID().toString();

    /** The ids of the users in the group the policy includes; null while it includes all users. Guarded by accounts. */
    private Set<String> tapIncluded;

    /** The ids of the users the policy's excluded group holds. Guarded by accounts. */
    private final Set<String> tapExcluded = new HashSet<>();

    private volatile int rolesPageSize = 100;

    private final List<Fault> faults = new ArrayList<>();

    private final AtomicInteger patches = new AtomicInteger();

    private final AtomicInteger expireTokensAfterResets = new AtomicInteger();

    private final List<Hold> holds = new CopyOnWriteArrayList<>();

    private final AtomicInteger tapCreations = new AtomicInteger();

    private final List<Hold> tapHolds = new CopyOnWriteArrayList<>();

    private final List<Trace> traces = new ArrayList<>();

    private final List<SentMail> sent = new CopyOnWriteArrayList<>();

    private FakeGraph(String tenantId, String clientId) throws IOException {
        this.tenantId = tenantId;
        this.clientId = clientId;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool((task) -> {
            Thread thread = new Thread(task, "graph-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.server.setExecutor(this.executor);
        this.server.createContext("/", this::handle);
        this.server.start();
        this.url = "http://127.0.0.1:" + this.server.getAddress().getPort();
        this.secureServer = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
        this.secureServer.setHttpsConfigurator(new HttpsConfigurator(TestCertificateAuthority.serverContext()));
        this.secureServer.setExecutor(this.executor);
        this.secureServer.createContext("/", this::handle);
        this.secureServer.start();
        this.secureUrl = "https://127.0.0.1:" + this.secureServer.getAddress().getPort();
    }

    /** Starts serving the tenant, where the app with this client id is registered (without credentials yet). */
    public static FakeGraph start(String tenantId, String clientId) {
        try {
            return new FakeGraph(tenantId, clientId);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Every request (a {@code $batch} once, however many it holds) is answered this long after it
     * arrives, give or take {@code jitter}, as the real service answers in about 100 to 300 ms: a
     * client that sends one request at a time is then as slow here as it is there.
     */
    public FakeGraph latency(Duration latency, Duration jitter) {
        this.latencyMillis = latency.toMillis();
        this.jitterMillis = jitter.toMillis();
        return this;
    }

    /** The most requests this server has been answering at once, the token's included. */
    public int maxConcurrentRequests() {
        return this.maxInFlight.get();
    }

    /** The base URL of Graph over plain HTTP, such as {@code http://127.0.0.1:41234}. */
    public String url() {
        return this.url;
    }

    /**
     * The same service over {@code https}, such as {@code https://127.0.0.1:41235}, with a
     * certificate of the {@link TestCertificateAuthority}: the sign-in endpoint (Microsoft's
     * library signs in over {@code https} only, so the job's {@code --login-url} is this, with
     * {@code --graph-ca-file}), and Graph too.
     */
    public String secureUrl() {
        return this.secureUrl;
    }

    /** The tenant's token endpoint, which is also the audience a client assertion must name. */
    public String tokenUrl() {
        return this.secureUrl + "/" + this.tenantId + "/oauth2/v2.0/token";
    }

    /**
     * The only scope the token endpoint grants: Graph's own resource in the tenant's cloud and
     * {@code /.default}, as Entra ID grants it whatever address Graph is reached at (a proxy, this
     * local server).
     */
    public String scope() {
        return this.resource + "/.default";
    }

    /** Graph's identifier in the tenant's cloud: {@code https://graph.microsoft.com} unless {@link #inCloud} says. */
    public String resource() {
        return this.resource;
    }

    /** The tenant is in the cloud whose Graph has this identifier ({@code https://graph.microsoft.us}, ...). */
    public FakeGraph inCloud(String graphResource) {
        this.resource = graphResource;
        return this;
    }

    public String tenantId() {
        return this.tenantId;
    }

    public String clientId() {
        return this.clientId;
    }

    /** Adds a client secret to the app registration. */
    public FakeGraph secret(String clientSecret) {
        this.secrets.add(clientSecret);
        return this;
    }

    /** Removes every client secret of the app registration (as when they expire or are deleted). */
    public FakeGraph removeSecrets() {
        this.secrets.clear();
        return this;
    }

    /** Adds a certificate to the app registration; assertions signed with its key are accepted. */
    public FakeGraph certificate(X509Certificate certificate) {
        this.certificates.add(certificate);
        return this;
    }

    /** How long the access tokens issued from now on stay valid (3599 seconds unless set). */
    public FakeGraph tokenLifetime(Duration lifetime) {
        this.tokenLifetime = lifetime;
        return this;
    }

    /**
     * The next {@code count} token requests get {@code 503} with this {@code Retry-After} and
     * Entra's transient error ({@code AADSTS90033}).
     */
    public FakeGraph signInUnavailable(int count, int retryAfterSeconds) {
        this.signInRetryAfter = retryAfterSeconds;
        this.signInOutages.set(count);
        return this;
    }

    /** Every token issued so far stops working: Graph answers 401 until the client gets a new one. */
    public FakeGraph expireAllTokens() {
        this.tokens.clear();
        return this;
    }

    /** Every token issued so far stops working right after the {@code resets}-th successful reset from now. */
    public FakeGraph expireTokensAfterResets(int resets) {
        this.expireTokensAfterResets.set(resets);
        return this;
    }

    /**
     * Whether the app's own directory role lets it act on users who hold an admin role (false unless
     * set): reset their password, and issue or delete their Temporary Access Pass.
     */
    public FakeGraph appMayResetAdmins(boolean allowed) {
        this.appMayResetAdmins = allowed;
        return this;
    }

    /** Whether the app was granted MailboxSettings.Read (true unless set). */
    public FakeGraph appMayReadMailboxSettings(boolean allowed) {
        this.appMayReadMailboxSettings = allowed;
        return this;
    }

    /**
     * Whether the app was granted Policy.Read.All (true unless set): without it, reading the Temporary
     * Access Pass policy gets {@code 403 Authorization_RequestDenied}.
     */
    public FakeGraph appMayReadPolicies(boolean allowed) {
        this.appMayReadPolicies = allowed;
        return this;
    }

    /**
     * Whether the app was granted UserAuthenticationMethod.ReadWrite.All (true unless set): without it,
     * every {@code /users/{key}/authentication/...} call gets {@code 403 accessDenied}.
     */
    public FakeGraph appMayManageAuthenticationMethods(boolean allowed) {
        this.appMayManageAuthenticationMethods = allowed;
        return this;
    }

    /**
     * Takes this application permission from the app: the access tokens issued from now on leave it out
     * of their {@code roles} claim. Only the claim changes; which calls Graph answers is up to the
     * switches above.
     */
    public FakeGraph withholdPermission(String permission) {
        this.withheldPermissions.add(permission);
        return this;
    }

    /**
     * The application permissions granted to the app with admin consent, as its access tokens list
     * them in their {@code roles} claim: all that a run needs, less what a switch or
     * {@link #withholdPermission} took away.
     */
    public Set<String> grantedPermissions() {
        Set<String> granted = new TreeSet<>(List.of("User.Read.All", "User-PasswordProfile.ReadWrite.All",
                "RoleManagement.Read.Directory", "Mail.Send"));
        if (this.appMayReadMailboxSettings) {
            granted.add("MailboxSettings.Read");
        }
        if (this.appMayReadPolicies) {
            granted.add("Policy.Read.All");
        }
        if (this.appMayManageAuthenticationMethods) {
            granted.add("UserAuthenticationMethod.ReadWrite.All");
        }
        granted.removeAll(this.withheldPermissions);
        return granted;
    }

    /** The tenant's Temporary Access Pass policy ({@link TapPolicy#DEFAULT} unless changed). */
    public TapPolicy tapPolicy() {
        return this.tapPolicy;
    }

    /**
     * Changes the tenant's Temporary Access Pass policy, such as
     * {@code tapPolicy((policy) -> policy.lifetimes(10, 30, 120).defaultLength(12))}; passes already
     * issued keep their lifetime, but whether they are usable follows the policy from now on.
     */
    public FakeGraph tapPolicy(UnaryOperator<TapPolicy> change) {
        this.tapPolicy = change.apply(this.tapPolicy);
        return this;
    }

    /**
     * The policy targets one group holding only these users instead of all users (Entra targets
     * groups, not users).
     */
    public FakeGraph tapPolicyIncludesOnly(String... userPrincipalNames) {
        synchronized (this.accounts) {
            Set<String> ids = new HashSet<>();
            for (String userPrincipalName : userPrincipalNames) {
                ids.add(this.existing(userPrincipalName).id);
            }
            this.tapIncluded = ids;
        }
        return this;
    }

    /** The user joins the group the policy excludes: they are no longer covered by it. */
    public FakeGraph tapPolicyExcludes(String userPrincipalName) {
        synchronized (this.accounts) {
            this.tapExcluded.add(this.existing(userPrincipalName).id);
        }
        return this;
    }

    /** At most this many directory roles a page (100 unless set). */
    public FakeGraph rolesPageSize(int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("Page size " + pageSize);
        }
        this.rolesPageSize = pageSize;
        return this;
    }

    /**
     * The user with this user principal name, added with its display name set to the name's local
     * part, enabled, without roles or mailbox, if there is none yet. The answer changes the user in
     * place.
     */
    public User user(String userPrincipalName) {
        synchronized (this.accounts) {
            Account account = this.byName(userPrincipalName);
            if (account == null) {
                account = new Account(UUID.randomUUID().toString(), userPrincipalName);
                this.accounts.put(account.id, account);
            }
            return new User(account);
        }
    }

    /** Deletes the user: Graph answers 404 for them from now on. */
    public FakeGraph remove(String userPrincipalName) {
        synchronized (this.accounts) {
            this.accounts.remove(this.existing(userPrincipalName).id);
        }
        return this;
    }

    /** Every password reset of this user fails as refused by the password policy. */
    public FakeGraph banPasswords(String userPrincipalName) {
        synchronized (this.accounts) {
            this.existing(userPrincipalName).banned = true;
        }
        return this;
    }

    /** The next {@code count} Graph calls get 429 with this {@code Retry-After}. */
    public FakeGraph throttle(int count, int retryAfterSeconds) {
        return this.throttle(null, count, retryAfterSeconds);
    }

    /**
     * The next {@code count} Graph calls with this method (any when null) get 429 with this
     * {@code Retry-After}.
     */
    public FakeGraph throttle(String method, int count, int retryAfterSeconds) {
        return this.fault(Kind.THROTTLE, method, count, retryAfterSeconds);
    }

    /** The next {@code count} Graph calls get 503 with this {@code Retry-After}. */
    public FakeGraph unavailable(int count, int retryAfterSeconds) {
        return this.unavailable(null, count, retryAfterSeconds);
    }

    /**
     * The next {@code count} Graph calls with this method (any when null) get 503 with this
     * {@code Retry-After}.
     */
    public FakeGraph unavailable(String method, int count, int retryAfterSeconds) {
        return this.fault(Kind.UNAVAILABLE, method, count, retryAfterSeconds);
    }

    /** The connections of the next {@code count} Graph requests are closed without an answer. */
    public FakeGraph dropConnections(int count) {
        return this.dropConnections(null, count);
    }

    /**
     * The connections of the next {@code count} Graph requests with this method (any when null) are
     * closed without an answer; a request of that method inside a {@code $batch} drops the batch.
     */
    public FakeGraph dropConnections(String method, int count) {
        return this.fault(Kind.DROP, method, count, 0);
    }

    /**
     * After {@code after} Graph requests with this method (any when null) went through, the
     * connections of the next {@code count} are closed without an answer.
     */
    public FakeGraph dropConnections(String method, int after, int count) {
        synchronized (this.faults) {
            Fault fault = new Fault(Kind.DROP, method, count, 0);
            fault.skip = after;
            this.faults.add(fault);
        }
        return this;
    }

    /**
     * After {@code after} requests of this method to paths ending in {@code lastSegment} (such as
     * {@code POST ... temporaryAccessPassMethods}) went through, alone or inside a {@code $batch},
     * the connections of the next {@code count} such requests (or of their batches) are closed
     * without an answer; other requests are not counted.
     */
    public FakeGraph dropConnections(String method, String lastSegment, int after, int count) {
        return this.dropConnections(method + " " + lastSegment, after, count);
    }

    /** No more faults of any kind. */
    public FakeGraph heal() {
        synchronized (this.faults) {
            this.faults.clear();
        }
        return this;
    }

    /**
     * The n-th PATCH from now (1 for the next one) is received and recorded, then held without
     * being applied until {@link #close()}, when its connection is closed without an answer. The
     * latch opens when it arrives.
     */
    public CountDownLatch blockPatch(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("PATCH number " + n);
        }
        Hold hold = new Hold(this.patches.get() + n);
        this.holds.add(hold);
        return hold.arrived;
    }

    /**
     * The n-th creation of a Temporary Access Pass from now (1 for the next one) is received and
     * recorded, then held without being applied until {@link #close()}, when its connection is closed
     * without an answer. The latch opens when it arrives.
     */
    public CountDownLatch blockTapCreation(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("creation number " + n);
        }
        Hold hold = new Hold(this.tapCreations.get() + n);
        this.tapHolds.add(hold);
        return hold.arrived;
    }

    /** Every request so far, in order of arrival, each request inside a {@code $batch} after the batch itself. */
    public List<Recorded> requests() {
        synchronized (this.traces) {
            return this.traces.stream().map(Trace::recorded).toList();
        }
    }

    /** The user's current password if it was set through a reset, null otherwise. */
    public String passwordOf(String userPrincipalName) {
        synchronized (this.accounts) {
            return this.existing(userPrincipalName).password;
        }
    }

    /** Whether the last reset asked the user to change the password at the next sign-in. */
    public boolean forcedChange(String userPrincipalName) {
        synchronized (this.accounts) {
            return this.existing(userPrincipalName).forceChange;
        }
    }

    /**
     * The user signs in with their temporary password and chooses their own, as Entra ID's sign-in
     * page makes them: the password changes, no change is required any more, and
     * {@code lastPasswordChangeDateTime} becomes now.
     */
    public FakeGraph userChangesPassword(String userPrincipalName, String newPassword) {
        synchronized (this.accounts) {
            Account account = this.existing(userPrincipalName);
            account.password = newPassword;
            account.forceChange = false;
            account.passwordChanged = Instant.now();
        }
        return this;
    }

    /**
     * Moves every user's {@code lastPasswordChangeDateTime}, and the creation and start of every
     * Temporary Access Pass, back, as if this much time had passed.
     */
    public FakeGraph timePasses(Duration duration) {
        synchronized (this.accounts) {
            for (Account account : this.accounts.values()) {
                account.passwordChanged = account.passwordChanged.minus(duration);
                if (account.tap != null) {
                    account.tap.created = account.tap.created.minus(duration);
                    account.tap.start = account.tap.start.minus(duration);
                }
            }
        }
        return this;
    }

    /**
     * The user's current Temporary Access Pass, the pass itself included, or null if they have none.
     * This is the only way a test sees a pass other than the answer to its creation.
     */
    public IssuedTap tapOf(String userPrincipalName) {
        synchronized (this.accounts) {
            Tap tap = this.existing(userPrincipalName).tap;
            return (tap != null) ? tap.issued() : null;
        }
    }

    /** How many Temporary Access Passes were issued to the user, replaced or deleted ones included. */
    public int tapsIssued(String userPrincipalName) {
        synchronized (this.accounts) {
            return this.existing(userPrincipalName).tapsIssued;
        }
    }

    /**
     * The user signs in with this Temporary Access Pass, as on Entra's sign-in page: whether it worked.
     * It works if it is the user's current pass and usable now (the policy enabled and covering the
     * user, started, not expired, a one-time pass not used yet); a one-time pass is used up by it.
     */
    public boolean userSignsInWithTap(String userPrincipalName, String pass) {
        synchronized (this.accounts) {
            Account account = this.existing(userPrincipalName);
            Tap tap = account.tap;
            if (tap == null || pass == null || !MessageDigest.isEqual(tap.pass.getBytes(StandardCharsets.UTF_8),
                    pass.getBytes(StandardCharsets.UTF_8))) {
                return false;
            }
            if (!this.usability(account, tap, Instant.now()).equals("EnabledByPolicy")) {
                return false;
            }
            if (tap.once) {
                tap.used = true;
            }
            return true;
        }
    }

    /** How many resets of the user succeeded. */
    public int resetCount(String userPrincipalName) {
        synchronized (this.accounts) {
            return this.existing(userPrincipalName).resets;
        }
    }

    /** Every accepted message, in order, whichever way it was sent. */
    public List<SentMail> sent() {
        return List.copyOf(this.sent);
    }

    /** The accepted messages that were sent as MIME. */
    public List<MimeMessage> sentMail() {
        return this.sent.stream().filter((mail) -> mail.mime() != null).map(SentMail::mime).toList();
    }

    /** The request bodies of the accepted messages that were sent as JSON. */
    public List<JsonNode> sentJsonMail() {
        return this.sent.stream().filter((mail) -> mail.json() != null).map(SentMail::json).toList();
    }

    /** How many access tokens the token endpoint issued. */
    public int tokensIssued() {
        return this.tokensIssued.get();
    }

    /** Stops serving; held requests are released and their connections closed. */
    @Override
    public void close() {
        if (!this.closed.compareAndSet(false, true)) {
            return;
        }
        this.closing.countDown();
        this.server.stop(0);
        this.secureServer.stop(0);
        this.executor.shutdownNow();
    }

    /** A self-signed RSA 2048 certificate (CN=bulk-resend test) and its private key. */
    public static Credentials newCertificate() {
        return TestCertificateAuthority.appCertificate();
    }

    private FakeGraph fault(Kind kind, String method, int count, int retryAfterSeconds) {
        synchronized (this.faults) {
            this.faults.add(new Fault(kind, method, count, retryAfterSeconds));
        }
        return this;
    }

    /** {@link #take}, of a fault that names this method only: one for any method was taken by the batch. */
    private Fault takeNamed(String method, Kind kind) {
        synchronized (this.faults) {
            boolean named = this.faults.stream().anyMatch((fault) -> fault.kind == kind && fault.method != null
                    && fault.method.equalsIgnoreCase(method) && fault.remaining > 0);
            return named ? this.take(method, kind) : null;
        }
    }

    private Fault take(String method, Kind... kinds) {
        synchronized (this.faults) {
            for (Fault fault : this.faults) {
                if (List.of(kinds).contains(fault.kind) && fault.remaining > 0
                        && (fault.method == null || fault.method.equalsIgnoreCase(method))) {
                    if (fault.skip > 0) {
                        fault.skip--;
                        continue;
                    }
                    fault.remaining--;
                    if (fault.remaining == 0) {
                        this.faults.remove(fault);
                    }
                    return fault;
                }
            }
            return null;
        }
    }

    private Account byName(String userPrincipalName) {
        for (Account account : this.accounts.values()) {
            if (account.userPrincipalName.equalsIgnoreCase(userPrincipalName)) {
                return account;
            }
        }
        return null;
    }

    private Account existing(String userPrincipalName) {
        Account account = this.byName(userPrincipalName);
        if (account == null) {
            throw new IllegalArgumentException("No user " + userPrincipalName);
        }
        return account;
    }

    private Account find(String key) {
        synchronized (this.accounts) {
            Account account = this.accounts.get(key.toLowerCase(Locale.ROOT));
            return (account != null) ? account : this.byName(key);
        }
    }

    private String roleObjectId(String templateId) {
        return this.roleObjectIds.computeIfAbsent(templateId, (id) -> UUID.randomUUID().toString());
    }

    private Trace trace(Call call) {
        Trace trace = new Trace(call);
        synchronized (this.traces) {
            this.traces.add(trace);
        }
        return trace;
    }

    private void handle(HttpExchange exchange) throws IOException {
        int inFlight = this.inFlight.incrementAndGet();
        this.maxInFlight.accumulateAndGet(inFlight, Math::max);
        try (exchange) {
            this.waitAsTheServiceWould();
            Call call = Call.of(exchange);
            Trace trace = this.trace(call);
            Answer answer;
            try {
                answer = this.serve(call);
            }
            catch (Abort ex) {
                return;
            }
            catch (RuntimeException ex) {
                answer = this.graphError(call, 500, "InternalServerError", ex.toString());
            }
            if (answer.dropped) {
                return;
            }
            trace.status = answer.status;
            this.write(exchange, call, answer);
        }
        finally {
            this.inFlight.decrementAndGet();
        }
    }

    /** The injected latency, if any: the time Microsoft Graph takes to answer across the internet. */
    private void waitAsTheServiceWould() {
        long latency = this.latencyMillis;
        if (latency <= 0) {
            return;
        }
        long jitter = this.jitterMillis;
        long wait = latency + ((jitter > 0) ? RANDOM.nextLong(-jitter, jitter + 1) : 0);
        try {
            Thread.sleep(Math.max(0, wait));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private void write(HttpExchange exchange, Call call, Answer answer) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        answer.headers.forEach(headers::set);
        if (call.isTokenCall()) {
            headers.set("x-ms-request-id", call.requestId);
            if (call.header("client-request-id") != null) {
                headers.set("client-request-id", call.header("client-request-id"));
            }
        }
        else {
            headers.set("request-id", call.requestId);
            headers.set("client-request-id", call.clientRequestId());
            headers.set("x-ms-ags-diagnostic", "{\"ServerInfo\":{\"DataCenter\":\"Loopback\",\"Slice\":\"E\","
                    + "\"Ring\":\"1\",\"ScaleUnit\":\"000\"}}");
        }
        byte[] body = answer.bytes();
        if (body.length == 0) {
            exchange.sendResponseHeaders(answer.status, -1);
        }
        else {
            exchange.sendResponseHeaders(answer.status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private Answer serve(Call call) {
        List<String> segments = call.segments();
        if (call.isTokenCall()) {
            return this.token(call, segments);
        }
        if (segments.isEmpty() || !segments.get(0).equals("v1.0")) {
            return this.graphError(call, 400, "BadRequest",
                    "Invalid version: " + (segments.isEmpty() ? "" : segments.get(0)));
        }
        if (this.take(call.method, Kind.DROP) != null
                || this.takeNamed(call.method + " " + call.lastSegment(), Kind.DROP) != null) {
            return Answer.DROPPED;
        }
        Answer denied = this.authenticate(call);
        if (denied != null) {
            return denied;
        }
        if (segments.size() == 2 && segments.get(1).equals("$batch")) {
            return call.method.equals("POST") ? this.batch(call) : this.notAllowed(call);
        }
        return this.execute(call);
    }

    private Answer execute(Call call) {
        Fault fault = this.take(call.method, Kind.THROTTLE, Kind.UNAVAILABLE);
        if (fault != null) {
            Answer answer = (fault.kind == Kind.THROTTLE)
                    ? this.graphError(call, 429, "TooManyRequests", "Too many requests.")
                    : this.graphError(call, 503, "ServiceUnavailable", "Service unavailable.");
            answer.headers.put("Retry-After", String.valueOf(fault.retryAfter));
            return answer;
        }
        if (call.method.equals("PATCH")) {
            this.holdIfAsked(this.patches, this.holds);
        }
        if (call.method.equals("POST") && call.rawPath.toLowerCase(Locale.ROOT).endsWith("/temporaryaccesspassmethods")) {
            this.holdIfAsked(this.tapCreations, this.tapHolds);
        }
        return this.route(call);
    }

    private void holdIfAsked(AtomicInteger count, List<Hold> holds) {
        int n = count.incrementAndGet();
        for (Hold hold : holds) {
            if (hold.number == n) {
                hold.arrived.countDown();
                try {
                    this.closing.await();
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
                throw new Abort();
            }
        }
    }

    private Answer route(Call call) {
        List<String> path = call.segments().subList(1, call.segments().size());
        if (path.isEmpty()) {
            return this.graphError(call, 400, "BadRequest", "Invalid request.");
        }
        if (path.get(0).equalsIgnoreCase("me")) {
            return this.graphError(call, 400, "BadRequest",
                    "/me request is only valid with delegated authentication flow.");
        }
        if (path.get(0).equalsIgnoreCase("policies")) {
            return this.policies(call, path);
        }
        if (!path.get(0).equalsIgnoreCase("users") || path.size() < 2) {
            return this.graphError(call, 400, "BadRequest",
                    "Resource not found for the segment '" + path.get(0) + "'.");
        }
        String key = path.get(1);
        if (path.size() == 2) {
            return switch (call.method) {
                case "GET" -> this.getUser(call, key);
                case "PATCH" -> this.resetPassword(call, key);
                default -> this.notAllowed(call);
            };
        }
        String navigation = path.get(2);
        if ((navigation.equalsIgnoreCase("transitiveMemberOf") || navigation.equalsIgnoreCase("memberOf"))
                && (path.size() == 3
                        || (path.size() == 4 && path.get(3).equalsIgnoreCase("microsoft.graph.directoryRole")))) {
            return call.method.equals("GET") ? this.roles(call, key, path.size() == 4) : this.notAllowed(call);
        }
        if (navigation.equalsIgnoreCase("mailboxSettings") && path.size() == 4
                && path.get(3).equalsIgnoreCase("timeZone")) {
            return call.method.equals("GET") ? this.mailboxTimeZone(call, key) : this.notAllowed(call);
        }
        if (navigation.equalsIgnoreCase("sendMail") && path.size() == 3) {
            return call.method.equals("POST") ? this.sendMail(call, key) : this.notAllowed(call);
        }
        if (navigation.equalsIgnoreCase("authentication") && path.size() == 4
                && path.get(3).equalsIgnoreCase("methods")) {
            return call.method.equals("GET") ? this.authenticationMethods(call, key) : this.notAllowed(call);
        }
        if (navigation.equalsIgnoreCase("authentication") && path.size() == 4
                && path.get(3).equalsIgnoreCase("temporaryAccessPassMethods")) {
            return switch (call.method) {
                case "GET" -> this.listTaps(call, key);
                case "POST" -> this.createTap(call, key);
                default -> this.notAllowed(call);
            };
        }
        if (navigation.equalsIgnoreCase("authentication") && path.size() == 5
                && path.get(3).equalsIgnoreCase("temporaryAccessPassMethods")) {
            return switch (call.method) {
                case "GET" -> this.getTap(call, key, path.get(4));
                case "DELETE" -> this.deleteTap(call, key, path.get(4));
                default -> this.notAllowed(call);
            };
        }
        return this.graphError(call, 400, "BadRequest",
                "Resource not found for the segment '" + path.get(path.size() - 1) + "'.");
    }

    private Answer notAllowed(Call call) {
        return this.graphError(call, 405, "Request_BadRequest",
                "Specified HTTP method is not allowed for the request target.");
    }

    private Answer notFound(Call call, String key) {
        return this.graphError(call, 404, "Request_ResourceNotFound", "Resource '" + key
                + "' does not exist or one of its queried reference-property objects are not present.");
    }

    private Answer authenticate(Call call) {
        String authorization = call.header("Authorization");
        String token = (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7))
                ? authorization.substring(7).trim() : "";
        if (token.isEmpty()) {
            return this.unauthenticated(call, "Access token is empty.");
        }
        Instant expires = this.tokens.get(token);
        if (expires == null || !Instant.now().isBefore(expires)) {
            return this.unauthenticated(call, "Access token has expired or is not yet valid.");
        }
        return null;
    }

    private Answer unauthenticated(Call call, String message) {
        Answer answer = this.graphError(call, 401, "InvalidAuthenticationToken", message);
        answer.headers.put("WWW-Authenticate", "Bearer realm=\"\", authorization_uri=\"" + this.url
                + "/common/oauth2/authorize\", client_id=\"" + GRAPH_APP_ID + "\"");
        return answer;
    }

    private Answer getUser(Call call, String key) {
        Account account = this.find(key);
        if (account == null) {
            return this.notFound(call, key);
        }
        String select = call.query().get("$select");
        List<String> properties = USER_DEFAULT_PROPERTIES;
        if (select != null) {
            properties = new ArrayList<>();
            for (String name : select.split(",")) {
                String property = canonical(USER_PROPERTIES, name.trim());
                if (property == null) {
                    return this.graphError(call, 400, "BadRequest", "Parsing OData Select and Expand failed: "
                            + "Could not find a property named '" + name.trim() + "' on type 'microsoft.graph.user'.");
                }
                properties.add(property);
            }
        }
        ObjectNode user = JSON.createObjectNode();
        user.put("@odata.context", this.url + "/v1.0/$metadata#users"
                + ((select != null) ? "(" + String.join(",", properties) + ")" : "") + "/$entity");
        synchronized (this.accounts) {
            for (String property : properties) {
                account.put(user, property);
            }
        }
        return Answer.json(200, ODATA_JSON, user);
    }

    private Answer roles(Call call, String key, boolean directoryRolesOnly) {
        Account account = this.find(key);
        if (account == null) {
            return this.notFound(call, key);
        }
        Map<String, String> query = call.query();
        List<String> properties = ROLE_PROPERTIES;
        String select = query.get("$select");
        if (select != null) {
            properties = new ArrayList<>();
            for (String name : select.split(",")) {
                String property = canonical(ROLE_PROPERTIES, name.trim());
                if (property == null) {
                    return this.graphError(call, 400, "BadRequest",
                            "Parsing OData Select and Expand failed: Could not find a property named '"
                                    + name.trim() + "' on type 'microsoft.graph.directoryRole'.");
                }
                properties.add(property);
            }
        }
        int pageSize = this.rolesPageSize;
        if (query.get("$top") != null) {
            int top;
            try {
                top = Integer.parseInt(query.get("$top"));
            }
            catch (NumberFormatException ex) {
                top = 0;
            }
            if (top < 1 || top > 999) {
                return this.graphError(call, 400, "Request_BadRequest", "Invalid page size specified: '"
                        + query.get("$top") + "'. Must be between 1 and 999 inclusive.");
            }
            pageSize = Math.min(pageSize, top);
        }
        int offset = 0;
        if (query.get("$skiptoken") != null) {
            offset = skipOffset(query.get("$skiptoken"));
            if (offset < 0) {
                return this.graphError(call, 400, "Request_BadRequest", "The specified page token value has expired"
                        + " and can no longer be included in your request.");
            }
        }
        List<String> templateIds;
        synchronized (this.accounts) {
            templateIds = List.copyOf(account.roles);
        }
        ObjectNode page = JSON.createObjectNode();
        String entitySet = directoryRolesOnly ? "directoryRoles" : "directoryObjects";
        page.put("@odata.context", this.url + "/v1.0/$metadata#" + entitySet
                + ((select != null) ? "(" + String.join(",", properties) + ")" : ""));
        int end = Math.min(templateIds.size(), offset + pageSize);
        if (end < templateIds.size()) {
            page.put("@odata.nextLink", this.nextLink(call, end));
        }
        ArrayNode value = page.putArray("value");
        for (String templateId : templateIds.subList(Math.min(offset, end), end)) {
            ObjectNode role = value.addObject();
            role.put("@odata.type", "#microsoft.graph.directoryRole");
            role.put("id", this.roleObjectId(templateId));
            for (String property : properties) {
                switch (property) {
                    case "id" -> {
                    }
                    case "displayName" -> role.put(property, roleName(templateId));
                    case "roleTemplateId" -> role.put(property, templateId);
                    case "description" -> role.put(property, "Built-in role " + roleName(templateId) + ".");
                    default -> role.putNull(property);
                }
            }
        }
        return Answer.json(200, ODATA_JSON, page);
    }

    private String nextLink(Call call, int offset) {
        StringBuilder link = new StringBuilder(call.secure ? this.secureUrl : this.url).append(call.rawPath)
            .append('?');
        if (call.rawQuery != null) {
            for (String pair : call.rawQuery.split("&")) {
                String name = decode(pair.split("=", 2)[0]);
                if (!pair.isEmpty() && !name.equalsIgnoreCase("$skiptoken")) {
                    link.append(pair).append('&');
                }
            }
        }
        String token = Base64.getUrlEncoder().withoutPadding()
            .encodeToString(("RFNwdAIA:" + offset).getBytes(StandardCharsets.US_ASCII));
        return link.append("$skiptoken=").append(token).toString();
    }

    private static int skipOffset(String token) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
            return decoded.startsWith("RFNwdAIA:") ? Integer.parseInt(decoded.substring(9)) : -1;
        }
        catch (IllegalArgumentException ex) {
            return -1;
        }
    }

    private Answer resetPassword(Call call, String key) {
        JsonNode body = isJson(call) ? parse(call.body) : null;
        if (body == null || !body.isObject()) {
            return this.graphError(call, 400, "BadRequest", "Unable to read JSON request payload. Please ensure "
                    + "Content-Type header is set and payload is of valid JSON format.");
        }
        Account account = this.find(key);
        if (account == null) {
            return this.notFound(call, key);
        }
        JsonNode profile = body.get("passwordProfile");
        JsonNode password = (profile != null) ? profile.get("password") : null;
        if (profile == null || !profile.isObject() || password == null || !password.isString()) {
            return this.graphError(call, 400, "Request_BadRequest",
                    "Invalid value specified for property 'passwordProfile' of resource 'User'.");
        }
        synchronized (this.accounts) {
            if (!this.appMayResetAdmins && !account.roles.isEmpty()) {
                return this.graphError(call, 403, "Authorization_RequestDenied", INSUFFICIENT_PRIVILEGES);
            }
            if (account.banned || !meetsComplexity(password.stringValue())) {
                return this.graphError(call, 400, "Request_BadRequest", PASSWORD_COMPLEXITY);
            }
            account.password = password.stringValue();
            account.forceChange = profile.path("forceChangePasswordNextSignIn").asBoolean(false);
            account.resets++;
            account.passwordChanged = Instant.now();
            if (this.expireTokensAfterResets.get() > 0 && this.expireTokensAfterResets.decrementAndGet() == 0) {
                this.tokens.clear();
            }
        }
        return Answer.empty(204);
    }

    private static boolean meetsComplexity(String password) {
        if (password.length() < 8 || password.length() > 256) {
            return false;
        }
        boolean lower = false;
        boolean upper = false;
        boolean digit = false;
        boolean symbol = false;
        for (char c : password.toCharArray()) {
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
            lower |= (c >= 'a' && c <= 'z');
            upper |= (c >= 'A' && c <= 'Z');
            digit |= (c >= '0' && c <= '9');
            symbol |= !Character.isLetterOrDigit(c);
        }
        int classes = (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (symbol ? 1 : 0);
        return classes >= 3;
    }

    private Answer mailboxTimeZone(Call call, String key) {
        if (!this.appMayReadMailboxSettings) {
            return this.graphError(call, 403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");
        }
        Account account = this.find(key);
        if (account == null) {
            return this.graphError(call, 404, "ErrorInvalidUser", "The requested user '" + key + "' is invalid.");
        }
        ObjectNode answer = JSON.createObjectNode();
        synchronized (this.accounts) {
            if (account.mail == null) {
                return this.graphError(call, 404, "MailboxNotEnabledForRESTAPI",
                        "The mailbox is either inactive, soft-deleted, or is hosted on-premise.");
            }
            answer.put("@odata.context", this.url + "/v1.0/$metadata#users('" + account.id
                    + "')/mailboxSettings/timeZone");
            answer.put("value", (account.mailboxTimeZone != null) ? account.mailboxTimeZone : "");
        }
        return Answer.json(200, ODATA_JSON, answer);
    }

    private Answer sendMail(Call call, String key) {
        Account sender = this.find(key);
        if (sender == null) {
            return this.graphError(call, 404, "ErrorInvalidUser", "The requested user '" + key + "' is invalid.");
        }
        String senderName;
        synchronized (this.accounts) {
            if (sender.mail == null) {
                return this.graphError(call, 404, "MailboxNotEnabledForRESTAPI",
                        "The mailbox is either inactive, soft-deleted, or is hosted on-premise.");
            }
            senderName = sender.userPrincipalName;
        }
        String contentType = String.valueOf(call.header("Content-Type")).toLowerCase(Locale.ROOT);
        List<String> recipients = new ArrayList<>();
        SentMail mail;
        if (contentType.startsWith("text/plain")) {
            byte[] mime;
            try {
                mime = Base64.getDecoder().decode(new String(call.body, StandardCharsets.US_ASCII)
                    .replaceAll("\\s", ""));
            }
            catch (IllegalArgumentException ex) {
                return this.graphError(call, 400, "ErrorMimeContentInvalidBase64String",
                        "Invalid base64 string for MIME content.");
            }
            MimeMessage message;
            try {
                message = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(mime));
                for (String header : List.of("To", "Cc", "Bcc")) {
                    String value = message.getHeader(header, ",");
                    if (value != null) {
                        for (InternetAddress address : InternetAddress.parseHeader(value, false)) {
                            recipients.add(address.getAddress());
                        }
                    }
                }
            }
            catch (AddressException ex) {
                return this.invalidRecipient(call, ex.getRef());
            }
            catch (MessagingException ex) {
                return this.graphError(call, 400, "ErrorMimeContentInvalid", "Invalid MIME content.");
            }
            mail = new SentMail(senderName, message, null);
        }
        else if (contentType.startsWith("application/json")) {
            JsonNode body = parse(call.body);
            if (body == null || !body.isObject()) {
                return this.graphError(call, 400, "RequestBodyRead",
                        "Invalid JSON. A token was not recognized in the JSON content.");
            }
            JsonNode message = body.get("message");
            if (message == null || !message.isObject()) {
                return this.graphError(call, 400, "ErrorInvalidParameter",
                        "The value of the parameter 'Message' is empty.");
            }
            for (String field : List.of("toRecipients", "ccRecipients", "bccRecipients")) {
                for (JsonNode recipient : message.path(field)) {
                    JsonNode address = recipient.path("emailAddress").path("address");
                    recipients.add(address.isString() ? address.stringValue() : "");
                }
            }
            mail = new SentMail(senderName, null, body);
        }
        else {
            return this.graphError(call, 415, "UnsupportedMediaType",
                    "Content-Type '" + call.header("Content-Type") + "' is not supported.");
        }
        if (recipients.isEmpty()) {
            return this.graphError(call, 400, "ErrorInvalidRecipients",
                    "At least one recipient is required, but none were found.");
        }
        for (String recipient : recipients) {
            if (recipient == null || recipient.indexOf('@') < 1 || recipient.endsWith("@")) {
                return this.invalidRecipient(call, recipient);
            }
        }
        this.sent.add(mail);
        return Answer.empty(202);
    }

    private Answer invalidRecipient(Call call, String recipient) {
        return this.graphError(call, 400, "ErrorInvalidRecipients", "At least one recipient isn't valid., Recipient '"
                + recipient + "' is not resolved. All recipients must be resolved before a message can be submitted.");
    }

    private Answer policies(Call call, List<String> path) {
        if (path.size() != 4 || !path.get(1).equalsIgnoreCase("authenticationMethodsPolicy")
                || !path.get(2).equalsIgnoreCase("authenticationMethodConfigurations")
                || !path.get(3).equalsIgnoreCase("TemporaryAccessPass")) {
            return this.graphError(call, 400, "BadRequest",
                    "Resource not found for the segment '" + path.get(path.size() - 1) + "'.");
        }
        if (!call.method.equals("GET")) {
            return this.notAllowed(call);
        }
        if (!this.appMayReadPolicies) {
            // Assumed: what Graph answers here without Policy.Read.All is not documented; the directory's usual refusal.
            return this.graphError(call, 403, "Authorization_RequestDenied", INSUFFICIENT_PRIVILEGES);
        }
        TapPolicy policy = this.tapPolicy;
        // Shape and order as in "Get temporaryAccessPassAuthenticationMethodConfiguration" (whose
        // includeTargets@odata.context names beta, a slip of the example: v1.0 here).
        ObjectNode answer = JSON.createObjectNode();
        answer.put("@odata.context", this.url + "/v1.0/$metadata#authenticationMethodConfigurations/$entity");
        answer.put("@odata.type", "#microsoft.graph.temporaryAccessPassAuthenticationMethodConfiguration");
        answer.put("id", "TemporaryAccessPass");
        answer.put("state", policy.enabled() ? "enabled" : "disabled");
        answer.put("defaultLifetimeInMinutes", policy.defaultLifetimeInMinutes());
        answer.put("defaultLength", policy.defaultLength());
        answer.put("minimumLifetimeInMinutes", policy.minimumLifetimeInMinutes());
        answer.put("maximumLifetimeInMinutes", policy.maximumLifetimeInMinutes());
        answer.put("isUsableOnce", policy.isUsableOnce());
        answer.put("includeTargets@odata.context", this.url + "/v1.0/$metadata#policies/authenticationMethodsPolicy/"
                + "authenticationMethodConfigurations('TemporaryAccessPass')/"
                + "microsoft.graph.temporaryAccessPassAuthenticationMethodConfiguration/includeTargets");
        ObjectNode include = answer.putArray("includeTargets").addObject();
        include.put("targetType", "group");
        ArrayNode exclude = answer.putArray("excludeTargets");
        synchronized (this.accounts) {
            include.put("id", (this.tapIncluded == null) ? "all_users" : this.tapIncludedGroupId);
            if (!this.tapExcluded.isEmpty()) {
                exclude.addObject().put("targetType", "group").put("id", this.tapExcludedGroupId);
            }
        }
        include.put("isRegistrationRequired", false);
        return Answer.json(200, ODATA_JSON, answer);
    }

    private boolean inTapScope(Account account) {
        return (this.tapIncluded == null || this.tapIncluded.contains(account.id))
                && !this.tapExcluded.contains(account.id);
    }

    /**
     * The pass's {@code methodUsabilityReason}: one of those "temporaryAccessPassAuthenticationMethod
     * resource type" names. A reusable pass while the policy now demands one-time passes is disabled
     * by policy: the docs' troubleshooting says its sign-in is blocked; the reason given is assumed.
     */
    private String usability(Account account, Tap tap, Instant now) {
        TapPolicy policy = this.tapPolicy;
        if (!policy.enabled() || !this.inTapScope(account) || (policy.isUsableOnce() && !tap.once)) {
            return "DisabledByPolicy";
        }
        if (now.isBefore(tap.start)) {
            return "NotYetValid";
        }
        if (!now.isBefore(tap.expires())) {
            return "Expired";
        }
        return (tap.once && tap.used) ? "OneTimeUsed" : "EnabledByPolicy";
    }

    private void putTap(ObjectNode node, Account account, Tap tap, boolean withPass) {
        String reason = this.usability(account, tap, Instant.now());
        node.put("id", tap.id);
        if (withPass) {
            node.put("temporaryAccessPass", tap.pass);
        }
        else {
            node.putNull("temporaryAccessPass");
        }
        node.put("createdDateTime", tap.created.toString());
        node.put("startDateTime", tap.start.toString());
        node.put("lifetimeInMinutes", tap.lifetimeInMinutes);
        node.put("isUsableOnce", tap.once);
        node.put("isUsable", reason.equals("EnabledByPolicy"));
        node.put("methodUsabilityReason", reason);
    }

    private String tapsContext(Account account) {
        return this.url + "/v1.0/$metadata#users('" + account.id + "')/authentication/temporaryAccessPassMethods";
    }

    /**
     * An error as the authentication methods service words them: a camel-case code and the message
     * repeated in {@code innerError}, as in the answer quoted in microsoftgraph/microsoft-graph-docs#12187.
     */
    private Answer methodsError(Call call, int status, String code, String message) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("code", code);
        error.put("message", message);
        ObjectNode inner = error.putObject("innerError");
        inner.put("message", message);
        inner.put("date", GRAPH_DATE.format(Instant.now()));
        inner.put("request-id", call.requestId);
        inner.put("client-request-id", call.clientRequestId());
        return Answer.json(status, "application/json", root);
    }

    private Answer authorizationFailed(Call call) {
        return this.methodsError(call, 403, "accessDenied", REQUEST_AUTHORIZATION_FAILED);
    }

    private Answer invalidTapProperty(Call call, String property) {
        // Assumed wording: what Graph answers to a property of the wrong type is not documented.
        return this.methodsError(call, 400, "badRequest", "Invalid value specified for property '" + property
                + "' of resource 'temporaryAccessPassAuthenticationMethod'.");
    }

    /**
     * "Create temporaryAccessPassMethod": {@code 201} and the pass; defaults from the policy; a user
     * has one pass, and a new one replaces it. Refusals: {@code 403 accessDenied} without the
     * permission, or for an admin while the app's role does not cover admins (an assumption about an
     * app's role, from "Configure Temporary Access Pass...": only Privileged Authentication
     * Administrators issue passes to admins); {@code 400 badRequest} for a user outside the policy
     * ({@link #TAP_NOT_ALLOWED_BY_POLICY}), a lifetime outside the policy's bounds (the wording
     * Graph gave in microsoftgraph/microsoft-graph-docs#12187) or a reusable pass while the policy
     * demands one-time passes (the create page says it "can only be created ... if it is allowed by
     * the ... policy"; the wording is assumed).
     */
    private Answer createTap(Call call, String key) {
        if (!this.appMayManageAuthenticationMethods) {
            return this.authorizationFailed(call);
        }
        JsonNode body = JSON.createObjectNode();
        if (call.body.length > 0) {
            body = isJson(call) ? parse(call.body) : null;
            if (body == null || !body.isObject()) {
                return this.graphError(call, 400, "BadRequest", "Unable to read JSON request payload. Please "
                        + "ensure Content-Type header is set and payload is of valid JSON format.");
            }
        }
        Account account = this.find(key);
        if (account == null) {
            return this.notFound(call, key);
        }
        JsonNode lifetime = body.get("lifetimeInMinutes");
        if (lifetime != null && !lifetime.isNull() && !(lifetime.isIntegralNumber() && lifetime.canConvertToInt())) {
            return this.invalidTapProperty(call, "lifetimeInMinutes");
        }
        JsonNode once = body.get("isUsableOnce");
        if (once != null && !once.isNull() && !once.isBoolean()) {
            return this.invalidTapProperty(call, "isUsableOnce");
        }
        JsonNode startText = body.get("startDateTime");
        Instant now = Instant.now();
        Instant start = now;
        if (startText != null && !startText.isNull()) {
            try {
                start = OffsetDateTime.parse(String.valueOf(text(startText))).toInstant();
            }
            catch (DateTimeParseException ex) {
                return this.invalidTapProperty(call, "startDateTime");
            }
        }
        TapPolicy policy = this.tapPolicy;
        ObjectNode answer = JSON.createObjectNode();
        synchronized (this.accounts) {
            if (!this.appMayResetAdmins && !account.roles.isEmpty()) {
                return this.authorizationFailed(call);
            }
            if (!policy.enabled() || !this.inTapScope(account)) {
                return this.methodsError(call, 400, "badRequest", TAP_NOT_ALLOWED_BY_POLICY);
            }
            int minutes = (lifetime != null && !lifetime.isNull()) ? lifetime.intValue()
                    : policy.defaultLifetimeInMinutes();
            if (minutes < policy.minimumLifetimeInMinutes() || minutes > policy.maximumLifetimeInMinutes()) {
                return this.methodsError(call, 400, "badRequest", "Invalid LifetimeInMinutes specified. The valid "
                        + "range between " + policy.minimumLifetimeInMinutes() + " and "
                        + policy.maximumLifetimeInMinutes() + ".");
            }
            boolean usableOnce = (once != null && !once.isNull()) ? once.booleanValue() : policy.isUsableOnce();
            if (!usableOnce && policy.isUsableOnce()) {
                return this.methodsError(call, 400, "badRequest",
                        "The Temporary Access Pass policy requires one-time use: isUsableOnce cannot be false.");
            }
            account.tap = new Tap(UUID.randomUUID().toString(), newPass(policy.defaultLength()), now, start, minutes,
                    usableOnce);
            account.tapsIssued++;
            answer.put("@odata.context", this.tapsContext(account) + "/$entity");
            answer.put("@odata.type", "#microsoft.graph.temporaryAccessPassAuthenticationMethod");
            this.putTap(answer, account, account.tap, true);
        }
        return Answer.json(201, ODATA_JSON, answer);
    }

    private static String newPass(int length) {
        StringBuilder pass = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            pass.append(TAP_CHARACTERS.charAt(RANDOM.nextInt(TAP_CHARACTERS.length())));
        }
        return pass.toString();
    }

    /** "List temporaryAccessPassMethods": at most one, its pass {@code null}. */
    private Answer listTaps(Call call, String key) {
        if (!this.appMayManageAuthenticationMethods) {
            return this.authorizationFailed(call);
        }
        Account account = this.find(key);
        if (account == null) {
            return this.notFound(call, key);
        }
        ObjectNode answer = JSON.createObjectNode();
        synchronized (this.accounts) {
            answer.put("@odata.context", this.tapsContext(account));
            ArrayNode value = answer.putArray("value");
            if (account.tap != null) {
                this.putTap(value.addObject(), account, account.tap, false);
            }
        }
        return Answer.json(200, ODATA_JSON, answer);
    }

    /** "Get temporaryAccessPassAuthenticationMethod": its pass {@code null}. */
    private Answer getTap(Call call, String key, String methodId) {
        if (!this.appMayManageAuthenticationMethods) {
            return this.authorizationFailed(call);
        }
        Account account = this.find(key);
        if (account == null) {
            return this.notFound(call, key);
        }
        ObjectNode answer = JSON.createObjectNode();
        synchronized (this.accounts) {
            if (account.tap == null || !account.tap.id.equalsIgnoreCase(methodId)) {
                return this.notFound(call, methodId);
            }
            answer.put("@odata.context", this.tapsContext(account) + "/$entity");
            this.putTap(answer, account, account.tap, false);
        }
        return Answer.json(200, ODATA_JSON, answer);
    }

    /**
     * "Delete temporaryAccessPassAuthenticationMethod": {@code 204}; {@code 404} (the fake's usual
     * not-found answer: the service's own is not documented) if the user has no pass of that id.
     */
    private Answer deleteTap(Call call, String key, String methodId) {
        if (!this.appMayManageAuthenticationMethods) {
            return this.authorizationFailed(call);
        }
        Account account = this.find(key);
        if (account == null) {
            return this.notFound(call, key);
        }
        synchronized (this.accounts) {
            if (!this.appMayResetAdmins && !account.roles.isEmpty()) {
                return this.authorizationFailed(call);
            }
            if (account.tap == null || !account.tap.id.equalsIgnoreCase(methodId)) {
                return this.notFound(call, methodId);
            }
            account.tap = null;
        }
        return Answer.empty(204);
    }

    /**
     * "List methods": the password (always there, {@code password} and, as the resource page says,
     * {@code createdDateTime} null), then the methods the user registered, then the pass if any. The
     * order is assumed.
     */
    private Answer authenticationMethods(Call call, String key) {
        if (!this.appMayManageAuthenticationMethods) {
            return this.authorizationFailed(call);
        }
        Account account = this.find(key);
        if (account == null) {
            return this.notFound(call, key);
        }
        ObjectNode answer = JSON.createObjectNode();
        synchronized (this.accounts) {
            answer.put("@odata.context",
                    this.url + "/v1.0/$metadata#users('" + account.id + "')/authentication/methods");
            ArrayNode value = answer.putArray("value");
            ObjectNode password = value.addObject();
            password.put("@odata.type", "#microsoft.graph.passwordAuthenticationMethod");
            password.put("id", PASSWORD_METHOD_ID);
            password.putNull("password");
            password.putNull("createdDateTime");
            for (Registered method : account.registered) {
                method.put(value.addObject());
            }
            if (account.tap != null) {
                ObjectNode tap = value.addObject();
                tap.put("@odata.type", "#microsoft.graph.temporaryAccessPassAuthenticationMethod");
                this.putTap(tap, account, account.tap, false);
            }
        }
        return Answer.json(200, ODATA_JSON, answer);
    }

    private Answer batch(Call call) {
        JsonNode root = isJson(call) ? parse(call.body) : null;
        JsonNode requests = (root != null) ? root.get("requests") : null;
        if (requests == null || !requests.isArray() || requests.isEmpty()) {
            return this.graphError(call, 400, "BadRequest", "Invalid batch payload format.");
        }
        if (requests.size() > BATCH_LIMIT) {
            return this.graphError(call, 400, "BadRequest",
                    "Number of requests inside batch exceeds the limit.");
        }
        Set<String> ids = new HashSet<>();
        for (JsonNode request : requests) {
            String id = text(request.get("id"));
            if (id == null || id.isEmpty() || text(request.get("method")) == null || text(request.get("url")) == null) {
                return this.graphError(call, 400, "BadRequest", "Invalid batch payload format.");
            }
            if (!ids.add(id)) {
                return this.graphError(call, 400, "BadRequest", "Batch request contains duplicated ids.");
            }
            if (request.has("body") && text(request.path("headers").get("Content-Type")) == null
                    && text(request.path("headers").get("content-type")) == null) {
                return this.graphError(call, 400, "BadRequest",
                        "Write request id : " + id + " does not contain Content-Type header or body.");
            }
        }
        for (JsonNode request : requests) {
            // A request dropped by method (dropConnections("PATCH", ...)) drops the connection of the batch it is in.
            String method = text(request.get("method"));
            if (method == null) {
                continue;
            }
            String named = method.toUpperCase(Locale.ROOT) + " " + Call.inner(request).lastSegment();
            if (this.takeNamed(method.toUpperCase(Locale.ROOT), Kind.DROP) != null
                    || this.takeNamed(named, Kind.DROP) != null) {
                return Answer.DROPPED;
            }
        }
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode responses = answer.putArray("responses");
        for (JsonNode request : requests) {
            Call inner = Call.inner(request);
            inner.secure = call.secure;
            Trace trace = this.trace(inner);
            Answer result = this.execute(inner);
            trace.status = result.status;
            ObjectNode response = responses.addObject();
            response.put("id", text(request.get("id")));
            response.put("status", result.status);
            ObjectNode headers = response.putObject("headers");
            result.headers.forEach(headers::put);
            if (result.json != null) {
                response.set("body", result.json);
            }
        }
        return Answer.json(200, "application/json; charset=utf-8", answer);
    }

    private Answer token(Call call, List<String> segments) {
        if (segments.size() != 4 || !segments.get(2).equals("v2.0") || !segments.get(3).equals("token")) {
            Answer answer = new Answer(404, false);
            answer.headers.put("Content-Type", "text/html; charset=utf-8");
            return answer;
        }
        if (!call.method.equals("POST")) {
            return this.aadError(call, 400, "invalid_request", 900561,
                    "The endpoint only accepts POST, OPTIONS requests. Received a " + call.method + " request.");
        }
        if (this.signInOutages.getAndUpdate((n) -> Math.max(0, n - 1)) > 0) {
            Answer outage = this.aadError(call, 503, "temporarily_unavailable", 90033,
                    "A transient error has occurred. Please try again.");
            outage.headers.put("Retry-After", String.valueOf(this.signInRetryAfter));
            return outage;
        }
        if (!segments.get(0).equalsIgnoreCase(this.tenantId)) {
            return this.aadError(call, 400, "invalid_request", 90002, "Tenant '" + segments.get(0)
                    + "' not found. Check to make sure you have the correct tenant ID and are signing into the "
                    + "correct cloud. Check with your subscription administrator, this may happen if there are no "
                    + "active subscriptions for the tenant.");
        }
        Map<String, String> form = String.valueOf(call.header("Content-Type")).toLowerCase(Locale.ROOT)
            .startsWith("application/x-www-form-urlencoded") ? form(call.body) : Map.of();
        for (String required : List.of("grant_type", "client_id", "scope")) {
            if (form.get(required) == null || form.get(required).isEmpty()) {
                return this.aadError(call, 400, "invalid_request", 900144,
                        "The request body must contain the following parameter: '" + required + "'.");
            }
        }
        if (!form.get("grant_type").equals("client_credentials")) {
            return this.aadError(call, 400, "unsupported_grant_type", 70003,
                    "The app requested an unsupported grant type '" + form.get("grant_type") + "'.");
        }
        if (!form.get("client_id").equalsIgnoreCase(this.clientId)) {
            return this.aadError(call, 400, "unauthorized_client", 700016, "Application with identifier '"
                    + form.get("client_id") + "' was not found in the directory '" + this.tenantId
                    + "'. This can happen if the application has not been installed by the administrator of the "
                    + "tenant or consented to by any user in the tenant. You may have sent your authentication "
                    + "request to the wrong tenant.");
        }
        // Microsoft's own library adds the OpenID Connect scopes to every grant; Entra ID ignores them here.
        String scope = Arrays.stream(form.get("scope").split(" "))
            .filter((name) -> !name.isEmpty() && !OPENID_SCOPES.contains(name))
            .collect(Collectors.joining(" "));
        if (!scope.equals(this.scope())) {
            if (scope.endsWith("/.default") && !scope.contains(" ")) {
                return this.aadError(call, 400, "invalid_resource", 500011, "The resource principal named "
                        + scope.substring(0, scope.length() - 9) + " was not found in the tenant named "
                        + this.tenantId + ". This can happen if the application has not been installed by the "
                        + "administrator of the tenant or consented to by any user in the tenant. You might have "
                        + "sent your authentication request to the wrong tenant.");
            }
            return this.aadError(call, 400, "invalid_scope", 1002012, "The provided value for scope " + scope
                    + " is not valid. Client credential flows must have a scope value with /.default suffixed to "
                    + "the resource identifier (application ID URI).");
        }
        Answer refused;
        if (form.get("client_assertion") != null) {
            refused = this.checkAssertion(call, form);
        }
        else if (form.get("client_secret") != null) {
            refused = this.secrets.contains(form.get("client_secret")) ? null
                    : this.aadError(call, 401, "invalid_client", 7000215, "Invalid client secret provided. "
                            + "Ensure the secret being sent in the request is the client secret value, not the "
                            + "client secret ID, for a secret added to app '" + this.clientId + "'.");
        }
        else {
            refused = this.aadError(call, 401, "invalid_client", 7000218,
                    "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
        }
        if (refused != null) {
            return refused;
        }
        Duration lifetime = this.tokenLifetime;
        Instant now = Instant.now();
        String accessToken = this.accessToken(now, now.plus(lifetime));
        this.tokens.put(accessToken, now.plus(lifetime));
        this.tokensIssued.incrementAndGet();
        ObjectNode token = JSON.createObjectNode();
        token.put("token_type", "Bearer");
        token.put("expires_in", lifetime.toSeconds());
        token.put("ext_expires_in", lifetime.toSeconds());
        token.put("access_token", accessToken);
        Answer answer = Answer.json(200, "application/json; charset=utf-8", token);
        answer.headers.put("Cache-Control", "no-store, no-cache");
        answer.headers.put("Pragma", "no-cache");
        return answer;
    }

    private Answer checkAssertion(Call call, Map<String, String> form) {
        if (!JWT_BEARER.equals(form.get("client_assertion_type"))) {
            return this.aadError(call, 400, "invalid_request", 900144,
                    "The request body must contain the following parameter: 'client_assertion_type'.");
        }
        String[] parts = form.get("client_assertion").split("\\.", -1);
        JsonNode header = (parts.length == 3) ? parse(base64Url(parts[0])) : null;
        JsonNode claims = (parts.length == 3) ? parse(base64Url(parts[1])) : null;
        byte[] signature = (parts.length == 3) ? base64Url(parts[2]) : null;
        if (header == null || claims == null || signature == null || !header.isObject() || !claims.isObject()) {
            return this.aadError(call, 400, "invalid_request", 50027, "JWT token is invalid or malformed.");
        }
        for (String claim : List.of("aud", "iss", "sub", "jti", "nbf", "exp")) {
            if (!claims.has(claim)) {
                return this.aadError(call, 400, "invalid_request", 50027, "JWT token is invalid or malformed.");
            }
        }
        String thumbprint = text(header.get("x5t"));
        X509Certificate certificate = null;
        // Microsoft's library writes x5t#S256 in base64 with padding, RFC 7515 in base64url; Entra ID takes both.
        String sha256 = (text(header.get("x5t#S256")) != null)
                ? text(header.get("x5t#S256")).replace('+', '-').replace('/', '_').replace("=", "") : null;
        for (X509Certificate registered : this.certificates) {
            if (thumbprint(registered, "SHA-1").equals(thumbprint)
                    || thumbprint(registered, "SHA-256").equals(sha256)) {
                certificate = registered;
            }
        }
        if (certificate == null) {
            String used = (thumbprint != null) ? thumbprint : sha256;
            byte[] digest = (used != null) ? base64Url(used) : null;
            String hex = (digest != null) ? HexFormat.of().withUpperCase().formatHex(digest) : "";
            return this.aadError(call, 401, "invalid_client", 700027, "The certificate with identifier used to sign "
                    + "the client assertion is not registered on application. [Reason - The key was not found., "
                    + "Thumbprint of key used by client: '" + hex + "', Please visit the Azure Portal, Graph Explorer "
                    + "or directly use MS Graph to see configured keys for app Id '" + this.clientId + "'.]");
        }
        if (!"RS256".equals(text(header.get("alg"))) || !verifies(certificate, parts, signature)) {
            return this.aadError(call, 401, "invalid_client", 700027, "Client assertion failed signature validation.");
        }
        if (!this.tokenUrl().equals(text(claims.get("aud")))) {
            return this.aadError(call, 401, "invalid_client", 700023,
                    "Client assertion audience claim does not match Realm issuer.");
        }
        if (!this.clientId.equalsIgnoreCase(text(claims.get("iss")))
                || !this.clientId.equalsIgnoreCase(text(claims.get("sub")))) {
            return this.aadError(call, 401, "invalid_client", 700021,
                    "Client assertion application identifier doesn't match 'client_id' parameter.");
        }
        long now = Instant.now().getEpochSecond();
        long notBefore = claims.get("nbf").asLong(Long.MAX_VALUE);
        long expires = claims.get("exp").asLong(0);
        if (expires <= now || notBefore > now + 300) {
            return this.aadError(call, 401, "invalid_client", 700024, "Client assertion is not within its valid time "
                    + "range. Current time: " + Instant.ofEpochSecond(now) + ", assertion valid from "
                    + Instant.ofEpochSecond(Math.min(notBefore, 253402300799L)) + ", expiry time of assertion "
                    + Instant.ofEpochSecond(Math.max(0, Math.min(expires, 253402300799L))) + ".");
        }
        return null;
    }

    private static boolean verifies(X509Certificate certificate, String[] parts, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(certificate.getPublicKey());
            verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return verifier.verify(signature);
        }
        catch (GeneralSecurityException ex) {
            return false;
        }
    }

    private String accessToken(Instant issued, Instant expires) {
        ObjectNode header = JSON.createObjectNode();
        header.put("typ", "JWT");
        header.put("alg", "RS256");
        ObjectNode claims = JSON.createObjectNode();
        claims.put("aud", this.url);
        claims.put("iss", this.url + "/" + this.tenantId + "/");
        claims.put("iat", issued.getEpochSecond());
        claims.put("nbf", issued.getEpochSecond());
        claims.put("exp", expires.getEpochSecond());
        claims.put("appid", this.clientId);
        claims.put("tid", this.tenantId);
        claims.put("uti", UUID.randomUUID().toString());
        grantedPermissions().forEach(claims.putArray("roles")::add);
        byte[] signature = new byte[32];
        RANDOM.nextBytes(signature);
        Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
        return encoder.encodeToString(JSON.writeValueAsBytes(header)) + "."
                + encoder.encodeToString(JSON.writeValueAsBytes(claims)) + "." + encoder.encodeToString(signature);
    }

    private Answer graphError(Call call, int status, String code, String message) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("code", code);
        error.put("message", message);
        ObjectNode inner = error.putObject("innerError");
        inner.put("date", GRAPH_DATE.format(Instant.now()));
        inner.put("request-id", call.requestId);
        inner.put("client-request-id", call.clientRequestId());
        return Answer.json(status, "application/json", root);
    }

    private Answer aadError(Call call, int status, String error, int code, String description) {
        String traceId = UUID.randomUUID().toString();
        String correlationId = (call.header("client-request-id") != null) ? call.header("client-request-id")
                : UUID.randomUUID().toString();
        String timestamp = AAD_DATE.format(Instant.now());
        ObjectNode root = JSON.createObjectNode();
        root.put("error", error);
        root.put("error_description", "AADSTS" + code + ": " + description + "\r\nTrace ID: " + traceId
                + "\r\nCorrelation ID: " + correlationId + "\r\nTimestamp: " + timestamp);
        root.putArray("error_codes").add(code);
        root.put("timestamp", timestamp);
        root.put("trace_id", traceId);
        root.put("correlation_id", correlationId);
        root.put("error_uri", this.url + "/error?code=" + code);
        Answer answer = Answer.json(status, "application/json; charset=utf-8", root);
        answer.headers.put("Cache-Control", "no-store, no-cache");
        answer.headers.put("Pragma", "no-cache");
        return answer;
    }

    private static Map<String, String> roleTemplateIds() {
        Map<String, String> roles = new LinkedHashMap<>();
        roles.put("Global Administrator", "62e90394-69f5-4237-9190-012177145e10");
        roles.put("Privileged Authentication Administrator", "7be44c8a-adaf-4e2a-84d6-ab2649e08a13");
        roles.put("User Administrator", "fe930be7-5e62-47db-91af-98c3a49a38b1");
        roles.put("Helpdesk Administrator", "729827e3-9c14-49f7-bb1b-9608f156bbb8");
        roles.put("Authentication Administrator", "c4e39bd9-1100-46d3-8c65-fb160da0071f");
        roles.put("Password Administrator", "966707d0-3269-4727-9be2-8c3a10f19b9d");
        roles.put("Directory Readers", "88d8e3e3-8f55-4a1e-953a-9b9898b8876b");
        roles.put("Guest Inviter", "95e79109-95c0-4d8e-aee3-d01accf2d47b");
        roles.put("Message Center Reader", "790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b");
        roles.put("Reports Reader", "4a5d8f65-41da-4de4-8968-e035b65339cf");
        roles.put("Usage Summary Reports Reader", "75934031-6c7e-415a-99d7-48dbd49e875e");
        roles.put("User Experience Success Manager", "27460883-1df1-4691-b032-3b79643e5e63");
        roles.put("Groups Administrator", "fdd7a751-b60b-444a-984c-02652fe8fa1c");
        roles.put("Exchange Administrator", "29232cdf-9323-42fd-ade2-1d097af3e4de");
        return Collections.unmodifiableMap(roles);
    }

    private static String roleTemplateId(String nameOrTemplateId) {
        for (Map.Entry<String, String> role : ROLE_TEMPLATE_IDS.entrySet()) {
            if (role.getKey().equalsIgnoreCase(nameOrTemplateId)
                    || role.getValue().equalsIgnoreCase(nameOrTemplateId)) {
                return role.getValue();
            }
        }
        throw new IllegalArgumentException("No built-in role " + nameOrTemplateId);
    }

    private static String roleName(String templateId) {
        for (Map.Entry<String, String> role : ROLE_TEMPLATE_IDS.entrySet()) {
            if (role.getValue().equals(templateId)) {
                return role.getKey();
            }
        }
        throw new IllegalArgumentException("No built-in role " + templateId);
    }

    private static String canonical(List<String> properties, String name) {
        for (String property : properties) {
            if (property.equalsIgnoreCase(name)) {
                return property;
            }
        }
        return null;
    }

    private static boolean isJson(Call call) {
        String contentType = call.header("Content-Type");
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/json");
    }

    private static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(body);
            return (node == null || node.isMissingNode()) ? null : node;
        }
        catch (JacksonException ex) {
            return null;
        }
    }

    private static String text(JsonNode node) {
        return (node != null && node.isString()) ? node.stringValue() : null;
    }

    private static byte[] base64Url(String text) {
        try {
            return Base64.getUrlDecoder().decode(text);
        }
        catch (IllegalArgumentException ex) {
            return null;
        }
    }

    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        }
        catch (IllegalArgumentException ex) {
            return raw;
        }
    }

    private static Map<String, String> form(byte[] body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            if (!pair.isEmpty()) {
                String[] parts = pair.split("=", 2);
                try {
                    form.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                            (parts.length > 1) ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
                }
                catch (IllegalArgumentException ex) {
                    form.put(parts[0], (parts.length > 1) ? parts[1] : "");
                }
            }
        }
        return form;
    }

    private static String thumbprint(X509Certificate certificate, String digest) {
        try {
            byte[] hash = MessageDigest.getInstance(digest).digest(certificate.getEncoded());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * A user of the tenant, changed in place.
     */
    public final class User {

        private final Account account;

        private User(Account account) {
            this.account = account;
        }

        /** The object id, a random UUID. */
        public String id() {
            return this.account.id;
        }

        public String userPrincipalName() {
            return this.account.userPrincipalName;
        }

        public User displayName(String displayName) {
            synchronized (FakeGraph.this.accounts) {
                this.account.displayName = displayName;
            }
            return this;
        }

        public User accountEnabled(boolean accountEnabled) {
            synchronized (FakeGraph.this.accounts) {
                this.account.accountEnabled = accountEnabled;
            }
            return this;
        }

        public User preferredLanguage(String preferredLanguage) {
            synchronized (FakeGraph.this.accounts) {
                this.account.preferredLanguage = preferredLanguage;
            }
            return this;
        }

        /** The time zone the user chose for their mailbox (a Windows or an IANA name); needs a mailbox ({@link #mail}). */
        public User mailboxTimeZone(String timeZone) {
            synchronized (FakeGraph.this.accounts) {
                this.account.mailboxTimeZone = timeZone;
            }
            return this;
        }

        /** The primary SMTP address; a user with one has a mailbox that can send mail. */
        public User mail(String mail) {
            synchronized (FakeGraph.this.accounts) {
                this.account.mail = mail;
            }
            return this;
        }

        public User otherMails(String... otherMails) {
            synchronized (FakeGraph.this.accounts) {
                this.account.otherMails = List.of(otherMails);
            }
            return this;
        }

        /** The directory roles the user holds, by display name or template id, replacing any before. */
        public User roles(String... namesOrTemplateIds) {
            List<String> templateIds = new ArrayList<>();
            for (String role : namesOrTemplateIds) {
                templateIds.add(roleTemplateId(role));
            }
            synchronized (FakeGraph.this.accounts) {
                this.account.roles = List.copyOf(templateIds);
            }
            return this;
        }

        /**
         * The user registers Microsoft Authenticator on an iPhone, as a
         * {@code #microsoft.graph.microsoftAuthenticatorAuthenticationMethod} (values as in the example
         * of "List microsoftAuthenticatorAuthenticationMethods").
         */
        public User registersAuthenticator() {
            synchronized (FakeGraph.this.accounts) {
                this.account.registered.add(new Registered(
                        "#microsoft.graph.microsoftAuthenticatorAuthenticationMethod", UUID.randomUUID().toString(),
                        this.account.displayName + "'s iPhone", Instant.now().truncatedTo(ChronoUnit.SECONDS)));
            }
            return this;
        }

        /**
         * The user registers a passkey on a security key, as a
         * {@code #microsoft.graph.fido2AuthenticationMethod} (values as in the example of "List methods").
         */
        public User registersPasskey() {
            byte[] credentialId = new byte[16];
            RANDOM.nextBytes(credentialId);
            synchronized (FakeGraph.this.accounts) {
                this.account.registered.add(new Registered("#microsoft.graph.fido2AuthenticationMethod",
                        Base64.getUrlEncoder().withoutPadding().encodeToString(credentialId), "Red key",
                        Instant.now().truncatedTo(ChronoUnit.SECONDS)));
            }
            return this;
        }
    }

    /**
     * The tenant's Temporary Access Pass policy, as "temporaryAccessPassAuthenticationMethodConfiguration
     * resource type" describes it; {@link #DEFAULT} has the defaults that page's example and "Configure
     * Temporary Access Pass to register passwordless authentication methods" give, enabled (so that a
     * test can issue passes without further set-up; a tenant's may start disabled).
     *
     * @param enabled whether the method is enabled in the tenant ({@code state})
     * @param defaultLifetimeInMinutes the lifetime of a pass created without one
     * @param defaultLength the length of every pass, 8 to 48
     * @param minimumLifetimeInMinutes the shortest lifetime a pass may ask for, 10 to 43200
     * @param maximumLifetimeInMinutes the longest lifetime a pass may ask for, 10 to 43200
     * @param isUsableOnce whether every pass must be one-time
     */
    public record TapPolicy(boolean enabled, int defaultLifetimeInMinutes, int defaultLength,
            int minimumLifetimeInMinutes, int maximumLifetimeInMinutes, boolean isUsableOnce) {

        /** Enabled for all users, 60 minutes by default within 60 to 480, 8 characters, reusable. */
        public static final TapPolicy DEFAULT = new TapPolicy(true, 60, 8, 60, 480, false);

        public TapPolicy {
            if (minimumLifetimeInMinutes < 10 || maximumLifetimeInMinutes > 43200
                    || minimumLifetimeInMinutes > maximumLifetimeInMinutes
                    || defaultLifetimeInMinutes < minimumLifetimeInMinutes
                    || defaultLifetimeInMinutes > maximumLifetimeInMinutes) {
                throw new IllegalArgumentException("Lifetimes " + minimumLifetimeInMinutes + " <= "
                        + defaultLifetimeInMinutes + " <= " + maximumLifetimeInMinutes);
            }
            if (defaultLength < 8 || defaultLength > 48) {
                throw new IllegalArgumentException("Length " + defaultLength);
            }
        }

        /** The policy with {@code state} enabled or disabled. */
        public TapPolicy enabled(boolean enabled) {
            return new TapPolicy(enabled, this.defaultLifetimeInMinutes, this.defaultLength,
                    this.minimumLifetimeInMinutes, this.maximumLifetimeInMinutes, this.isUsableOnce);
        }

        /** The policy with these lifetime bounds and default. */
        public TapPolicy lifetimes(int minimum, int defaultLifetime, int maximum) {
            return new TapPolicy(this.enabled, defaultLifetime, this.defaultLength, minimum, maximum,
                    this.isUsableOnce);
        }

        /** The policy with passes of this length. */
        public TapPolicy defaultLength(int length) {
            return new TapPolicy(this.enabled, this.defaultLifetimeInMinutes, length, this.minimumLifetimeInMinutes,
                    this.maximumLifetimeInMinutes, this.isUsableOnce);
        }

        /** The policy demanding one-time passes, or allowing reusable ones too. */
        public TapPolicy isUsableOnce(boolean once) {
            return new TapPolicy(this.enabled, this.defaultLifetimeInMinutes, this.defaultLength,
                    this.minimumLifetimeInMinutes, this.maximumLifetimeInMinutes, once);
        }
    }

    /**
     * A user's Temporary Access Pass as the fake holds it. Its {@link #toString()} leaves the pass out.
     *
     * @param id the method id
     * @param pass the pass itself
     * @param createdDateTime when it was issued
     * @param startDateTime when it becomes usable
     * @param lifetimeInMinutes how long it stays usable from its start
     * @param isUsableOnce whether a sign-in uses it up
     * @param used whether a one-time pass was used
     */
    public record IssuedTap(String id, String pass, Instant createdDateTime, Instant startDateTime,
            int lifetimeInMinutes, boolean isUsableOnce, boolean used) {

        /** When it stops being usable. */
        public Instant expires() {
            return this.startDateTime.plus(Duration.ofMinutes(this.lifetimeInMinutes));
        }

        @Override
        public String toString() {
            return "IssuedTap[id=" + this.id + ", pass=(" + this.pass.length() + " characters), startDateTime="
                    + this.startDateTime + ", lifetimeInMinutes=" + this.lifetimeInMinutes + ", isUsableOnce="
                    + this.isUsableOnce + ", used=" + this.used + "]";
        }
    }

    /**
     * A certificate and its private key, as an app registration's certificate credential.
     *
     * @param certificate the certificate, to register with {@link FakeGraph#certificate(X509Certificate)}
     * @param privateKey the key that signs client assertions
     */
    public record Credentials(X509Certificate certificate, PrivateKey privateKey) {

        /** The certificate's {@code x5t}: base64url of the SHA-1 of its DER encoding. */
        public String thumbprint() {
            return FakeGraph.thumbprint(this.certificate, "SHA-1");
        }

        /** The private key (PKCS#8) then the certificate, in PEM. */
        public String pem() {
            try {
                return TestCertificateAuthority.pem("PRIVATE KEY", this.privateKey.getEncoded())
                        + TestCertificateAuthority.pem("CERTIFICATE", this.certificate.getEncoded());
            }
            catch (CertificateEncodingException ex) {
                throw new IllegalStateException(ex);
            }
        }

        /** Writes {@link #pem()} to the file. */
        public Path writePem(Path file) throws IOException {
            return Files.writeString(file, pem(), StandardCharsets.US_ASCII);
        }

        /** A client assertion for the app, valid for ten minutes from now. */
        public String clientAssertion(String clientId, String audience) {
            Instant now = Instant.now();
            return this.clientAssertion(clientId, audience, now, now.plus(10, ChronoUnit.MINUTES));
        }

        /** A client assertion for the app, signed RS256 with {@code x5t} in its header. */
        public String clientAssertion(String clientId, String audience, Instant notBefore, Instant expires) {
            ObjectNode header = JSON.createObjectNode();
            header.put("alg", "RS256");
            header.put("typ", "JWT");
            header.put("x5t", this.thumbprint());
            ObjectNode claims = JSON.createObjectNode();
            claims.put("aud", audience);
            claims.put("iss", clientId);
            claims.put("sub", clientId);
            claims.put("jti", UUID.randomUUID().toString());
            claims.put("nbf", notBefore.getEpochSecond());
            claims.put("iat", notBefore.getEpochSecond());
            claims.put("exp", expires.getEpochSecond());
            Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
            String signed = encoder.encodeToString(JSON.writeValueAsBytes(header)) + "."
                    + encoder.encodeToString(JSON.writeValueAsBytes(claims));
            try {
                Signature signature = Signature.getInstance("SHA256withRSA");
                signature.initSign(this.privateKey);
                signature.update(signed.getBytes(StandardCharsets.US_ASCII));
                return signed + "." + encoder.encodeToString(signature.sign());
            }
            catch (GeneralSecurityException ex) {
                throw new IllegalStateException(ex);
            }
        }
    }

    /**
     * One request as received; {@code batched} for a request inside a {@code $batch}. The status is
     * 0 while it has no answer and for a connection closed without one.
     *
     * @param method the HTTP method
     * @param path the decoded path, such as {@code /v1.0/users/alice@contoso.com}
     * @param rawQuery the query as sent, or null
     * @param headers the request headers, looked up without regard to case
     * @param body the request body as text
     * @param status the status answered
     * @param batched whether the request came inside a {@code $batch}
     */
    public record Recorded(String method, String path, String rawQuery, Map<String, List<String>> headers,
            String body, int status, boolean batched) {

        /** The first value of the header, or null. */
        public String header(String name) {
            List<String> values = this.headers.get(name);
            return (values == null || values.isEmpty()) ? null : values.get(0);
        }

        /** The decoded value of the query parameter (such as {@code $select}), or null. */
        public String query(String name) {
            return Call.query(this.rawQuery).get(name);
        }
    }

    /**
     * A message Graph accepted to send: either MIME or the JSON request body.
     *
     * @param sender the sending user's principal name
     * @param mime the message when sent as MIME, or null
     * @param json the request body when sent as JSON, or null
     */
    public record SentMail(String sender, MimeMessage mime, JsonNode json) {
    }

    private enum Kind {

        DROP, THROTTLE, UNAVAILABLE

    }

    private static final class Fault {

        private final Kind kind;

        private final String method;

        private final int retryAfter;

        private int remaining;

        private int skip;

        private Fault(Kind kind, String method, int count, int retryAfter) {
            this.kind = kind;
            this.method = method;
            this.remaining = count;
            this.retryAfter = retryAfter;
        }
    }

    private static final class Hold {

        private final int number;

        private final CountDownLatch arrived = new CountDownLatch(1);

        private Hold(int number) {
            this.number = number;
        }
    }

    private static final class Abort extends RuntimeException {

        private Abort() {
            super(null, null, false, false);
        }
    }

    private static final class Account {

        private final String id;

        private final String userPrincipalName;

        private final Instant created = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        private String displayName;

        private boolean accountEnabled = true;

        private String preferredLanguage;

        private String mail;

        private String mailboxTimeZone;

        private List<String> otherMails = List.of();

        private List<String> roles = List.of();

        private boolean banned;

        private String password;

        private boolean forceChange;

        private int resets;

        private Instant passwordChanged;

        private Tap tap;

        private int tapsIssued;

        private final List<Registered> registered = new ArrayList<>();

        private Account(String id, String userPrincipalName) {
            this.id = id;
            this.userPrincipalName = userPrincipalName;
            this.displayName = userPrincipalName.split("@", 2)[0];
            this.passwordChanged = this.created;
        }

        private void put(ObjectNode user, String property) {
            switch (property) {
                case "id" -> user.put(property, this.id);
                case "userPrincipalName" -> user.put(property, this.userPrincipalName);
                case "displayName" -> user.put(property, this.displayName);
                case "accountEnabled" -> user.put(property, this.accountEnabled);
                case "preferredLanguage" -> user.put(property, this.preferredLanguage);
                case "mail" -> user.put(property, this.mail);
                case "otherMails" -> {
                    ArrayNode values = user.putArray(property);
                    this.otherMails.forEach(values::add);
                }
                case "businessPhones" -> user.putArray(property);
                case "userType" -> user.put(property, "Member");
                case "createdDateTime" -> user.put(property, this.created.toString());
                case "lastPasswordChangeDateTime" -> user.put(property,
                        this.passwordChanged.truncatedTo(ChronoUnit.SECONDS).toString());
                default -> user.putNull(property);
            }
        }
    }

    private static final class Tap {

        private final String id;

        private final String pass;

        private Instant created;

        private Instant start;

        private final int lifetimeInMinutes;

        private final boolean once;

        private boolean used;

        private Tap(String id, String pass, Instant created, Instant start, int lifetimeInMinutes, boolean once) {
            this.id = id;
            this.pass = pass;
            this.created = created;
            this.start = start;
            this.lifetimeInMinutes = lifetimeInMinutes;
            this.once = once;
        }

        private Instant expires() {
            return this.start.plus(Duration.ofMinutes(this.lifetimeInMinutes));
        }

        private IssuedTap issued() {
            return new IssuedTap(this.id, this.pass, this.created, this.start, this.lifetimeInMinutes, this.once,
                    this.used);
        }

        @Override
        public String toString() {
            return "Tap[" + this.id + "]";
        }
    }

    /** A method the user registered themselves, as "List methods" shows it. */
    private record Registered(String type, String id, String displayName, Instant created) {

        private void put(ObjectNode method) {
            method.put("@odata.type", this.type);
            method.put("id", this.id);
            method.put("displayName", this.displayName);
            if (this.type.endsWith("fido2AuthenticationMethod")) {
                method.put("createdDateTime", this.created.toString());
                method.put("aaGuid", "2fc0579f-8113-47ea-b116-555a8db9202a");
                method.put("model", "NFC key");
                method.putArray("attestationCertificates").add("dbe793efdf1945e2df25d93653a1e8a3268a9075");
                method.put("attestationLevel", "attested");
            }
            else {
                method.put("deviceTag", "");
                method.put("phoneAppVersion", "6.5.4");
                method.put("createdDateTime", this.created.toString());
            }
        }
    }

    private static final class Answer {

        private static final Answer DROPPED = new Answer(0, true);

        private final int status;

        private final boolean dropped;

        private final Map<String, String> headers = new LinkedHashMap<>();

        private JsonNode json;

        private Answer(int status, boolean dropped) {
            this.status = status;
            this.dropped = dropped;
        }

        private static Answer json(int status, String contentType, JsonNode json) {
            Answer answer = new Answer(status, false);
            answer.headers.put("Content-Type", contentType);
            answer.json = json;
            return answer;
        }

        private static Answer empty(int status) {
            return new Answer(status, false);
        }

        private byte[] bytes() {
            return (this.json != null) ? JSON.writeValueAsBytes(this.json) : new byte[0];
        }
    }

    private static final class Call {

        private final String method;

        private final String rawPath;

        private final String rawQuery;

        private final Map<String, List<String>> headers;

        private final byte[] body;

        private final boolean batched;

        /** Whether it came over {@code https}, so that links in the answer point back the same way. */
        private boolean secure;

        private final String requestId = UUID.randomUUID().toString();

        private Call(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body,
                boolean batched) {
            this.method = method;
            this.rawPath = rawPath;
            this.rawQuery = rawQuery;
            this.headers = headers;
            this.body = body;
            this.batched = batched;
        }

        /** The last segment of the path: {@code temporaryAccessPassMethods}, {@code $batch}, a user's key. */
        private String lastSegment() {
            List<String> segments = this.segments();
            return segments.isEmpty() ? "" : segments.get(segments.size() - 1);
        }

        private static Call of(HttpExchange exchange) throws IOException {
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
            byte[] body = exchange.getRequestBody().readAllBytes();
            Call call = new Call(exchange.getRequestMethod().toUpperCase(Locale.ROOT),
                    exchange.getRequestURI().getRawPath(), exchange.getRequestURI().getRawQuery(),
                    Collections.unmodifiableMap(headers), body, false);
            call.secure = exchange instanceof HttpsExchange;
            return call;
        }

        private static Call inner(JsonNode request) {
            String url = request.get("url").stringValue();
            if (!url.startsWith("/")) {
                url = "/" + url;
            }
            int question = url.indexOf('?');
            String path = (question < 0) ? url : url.substring(0, question);
            String query = (question < 0) ? null : url.substring(question + 1);
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (Map.Entry<String, JsonNode> header : request.path("headers").properties()) {
                headers.put(header.getKey(), List.of(header.getValue().asString()));
            }
            JsonNode content = request.get("body");
            byte[] body = new byte[0];
            if (content != null && !content.isNull()) {
                String contentType = String.valueOf(headers.get("Content-Type")).toLowerCase(Locale.ROOT);
                if (content.isString() && !contentType.contains("json")) {
                    byte[] decoded = base64(content.stringValue());
                    body = (decoded != null) ? decoded : content.stringValue().getBytes(StandardCharsets.UTF_8);
                }
                else {
                    body = JSON.writeValueAsBytes(content);
                }
            }
            return new Call(request.get("method").stringValue().toUpperCase(Locale.ROOT), "/v1.0" + path, query,
                    Collections.unmodifiableMap(headers), body, true);
        }

        private static byte[] base64(String text) {
            try {
                return Base64.getMimeDecoder().decode(text);
            }
            catch (IllegalArgumentException ex) {
                return null;
            }
        }

        private static Map<String, String> query(String rawQuery) {
            Map<String, String> query = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            if (rawQuery != null) {
                for (String pair : rawQuery.split("&")) {
                    if (!pair.isEmpty()) {
                        String[] parts = pair.split("=", 2);
                        query.putIfAbsent(decode(parts[0]), (parts.length > 1) ? decode(parts[1]) : "");
                    }
                }
            }
            return query;
        }

        private Map<String, String> query() {
            return query(this.rawQuery);
        }

        private List<String> segments() {
            List<String> segments = new ArrayList<>();
            for (String segment : this.rawPath.split("/")) {
                if (!segment.isEmpty()) {
                    segments.add(decode(segment));
                }
            }
            return segments;
        }

        private boolean isTokenCall() {
            List<String> segments = this.segments();
            return !this.batched && segments.size() >= 2 && segments.get(1).equals("oauth2");
        }

        private String header(String name) {
            List<String> values = this.headers.get(name);
            return (values == null || values.isEmpty()) ? null : values.get(0);
        }

        private String clientRequestId() {
            String clientRequestId = this.header("client-request-id");
            return (clientRequestId != null) ? clientRequestId : this.requestId;
        }
    }

    private static final class Trace {

        private final Call call;

        private volatile int status;

        private Trace(Call call) {
            this.call = call;
        }

        private Recorded recorded() {
            return new Recorded(this.call.method, decode(this.call.rawPath), this.call.rawQuery, this.call.headers,
                    new String(this.call.body, StandardCharsets.UTF_8), this.status, this.call.batched);
        }
    }
}
