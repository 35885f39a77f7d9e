package org.bulkresend.directory.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.ResultCode;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import org.bulkresend.address.EmailAddresses;
import org.bulkresend.credential.CredentialKind;
import org.bulkresend.directory.AccessCheck;
import org.bulkresend.directory.AccessRules;
import org.bulkresend.directory.AccountState;
import org.bulkresend.directory.AdminRole;
import org.bulkresend.directory.BindSignIn;
import org.bulkresend.directory.Directory;
import org.bulkresend.directory.DirectoryRefusedException;
import org.bulkresend.directory.DirectoryUnavailableException;
import org.bulkresend.directory.DirectoryUser;
import org.bulkresend.directory.NameForms;
import org.bulkresend.password.PasswordGenerator;
import org.bulkresend.password.Secret;

/**
 * An on-premises Active Directory domain over LDAPS (or StartTLS). The operator binds as
 * themselves, so the domain's own delegation ("Reset password" and write {@code pwdLastSet} on an
 * OU) decides whom they may reset; bulk-resend's rules for protected accounts and one's own account
 * come on top ({@link AccessRules#DOMAIN_DELEGATION}). With a service account ({@code --bind-as})
 * the domain checks the account, not the operator, and those rules are the only check, which
 * {@link #describe()} says.
 * <p>
 * Users are looked up by {@code userPrincipalName} (or {@code sAMAccountName}, or
 * {@code DOMAIN\name}), a chunk in one search; a reset is one modify that replaces
 * {@code unicodePwd} (the password in double quotes, UTF-16LE) and sets {@code pwdLastSet} to 0, so
 * the user must choose their own at next sign-in. New passwords are at least as long as the
 * domain's {@code minPwdLength}.
 */
public class ActiveDirectory implements Directory, BindSignIn, AutoCloseable {

    /** Active Directory's "transitive membership" matching rule: nested groups count. */
    static final String IN_CHAIN = "1.2.840.113556.1.4.1941";

    static final int ACCOUNT_DISABLED = 0x2;

    /** {@code UF_LOCKOUT} in {@code msDS-User-Account-Control-Computed}: locked out now, after wrong passwords. */
    static final int LOCKED_OUT = 0x10;

    /** The constructed attribute that says whether an account is locked out now ({@code lockoutTime} alone does not). */
    static final String COMPUTED_CONTROL = "msDS-User-Account-Control-Computed";

    /** Users asked for in one search: well under a domain controller's {@code MaxPageSize}. */
    static final int NAMES_PER_SEARCH = 250;

    private final DomainConnection connection;

    private final String configuredBase;

    private final String alternateAttribute;

    private final String serviceAccount;

    private final Secret serviceAccountPassword;

    private DomainFacts domain;

    /** The users (by DN) locked out when last looked up: their reset also unlocks them ({@code lockoutTime} 0). */
    private final Set<String> lockedOut = ConcurrentHashMap.newKeySet();

    /**
     * @param baseDn where users are looked up, or null for the server's {@code defaultNamingContext}
     * @param alternateAttribute the attribute holding the address a user can read before signing in
     * @param serviceAccount the account to bind as for every operator, or null for each to bind as themselves
     * @param serviceAccountPassword its password, or null
     */
    public ActiveDirectory(DomainConnection connection, String baseDn, String alternateAttribute,
            String serviceAccount, Secret serviceAccountPassword) {
        this.connection = connection;
        this.configuredBase = baseDn;
        this.alternateAttribute = alternateAttribute;
        this.serviceAccount = serviceAccount;
        this.serviceAccountPassword = serviceAccountPassword;
    }

    @Override
    public String describe() {
        String base = (this.domain != null) ? this.domain.base()
                : (this.configuredBase != null) ? this.configuredBase : "its default naming context";
        String policy = (this.domain != null) ? "; passwords of at least " + this.domain.minPasswordLength()
                + " characters" + (this.domain.complexity() ? ", complex" : "") : "";
        return "Active Directory " + this.connection + " (" + base + policy + ")" + ((this.serviceAccount != null)
                ? "; bound as the service account " + this.serviceAccount + ": the domain checks its rights, not the "
                        + "operator's, so bulk-resend's own rules (protected accounts, nobody their own account) are "
                        + "the only check of whom the operator may reset"
                : "");
    }

    /** A row may name a user by their {@code sAMAccountName}, alone or as {@code DOMAIN\name}. */
    @Override
    public NameForms nameForms() {
        return NameForms.PRINCIPAL_OR_ACCOUNT_NAMES;
    }

    @Override
    public AccessRules accessRules() {
        return AccessRules.DOMAIN_DELEGATION;
    }

    @Override
    public boolean bindsAsOperator() {
        return this.serviceAccount == null;
    }

    @Override
    public Optional<String> bind(String operator, Secret password) {
        Optional<String> refused = this.connection.bind(operator.strip(), password);
        if (refused.isEmpty()) {
            this.domain = null;
        }
        return refused;
    }

    /**
     * The bind over TLS (the service account's, or the operator's, who signed in before), and the
     * base DN read with it: the domain's password policy and the groups of protected accounts.
     * Nothing is written.
     */
    @Override
    public List<AccessCheck> checkAccess(CredentialKind credential) {
        String who = (this.serviceAccount != null) ? "the service account " + this.serviceAccount : "the operator";
        if (this.serviceAccount == null && !this.connection.isBound()) {
            return List.of(AccessCheck.failed("directory sign-in", "nobody is bound to " + this.connection + ": the "
                    + "operator's bind did not succeed (see operator)", "correct the operator's sign-in, or give a "
                            + "service account with --bind-as and --bind-password-file"));
        }
        DomainFacts facts;
        try {
            facts = domain();
        }
        catch (DirectoryRefusedException | DirectoryUnavailableException ex) {
            return List.of(AccessCheck.failed("directory sign-in", ex.getMessage(), "check --ldap-url, --ldap-ca, "
                    + "--base-dn and " + ((this.serviceAccount != null) ? "--bind-as with its password" : "the "
                            + "operator's password")));
        }
        return List.of(AccessCheck.passed("directory sign-in", "bound to " + this.connection + " over TLS as " + who),
                AccessCheck.passed("directory read", "the base DN " + facts.base() + " was read: passwords of at "
                        + "least " + facts.minPasswordLength() + " characters" + (facts.complexity() ? ", complex" : "")));
    }

    @Override
    public PasswordGenerator passwords(PasswordGenerator configured) {
        return configured.atLeast(domain().minPasswordLength());
    }

    @Override
    public Optional<DirectoryUser> find(String userPrincipalName) {
        return Optional.ofNullable(findAll(List.of(userPrincipalName)).get(DirectoryUser.key(userPrincipalName)));
    }

    /**
     * One search for up to {@value #NAMES_PER_SEARCH} users, and one for each of the groups whose
     * members may reset protected accounts. A domain controller answers a search without paging
     * with at most {@code MaxPageSize} entries (1,000 by default), so a preflight's thousands of
     * rows are asked for a few hundred at a time.
     */
    @Override
    public Map<String, DirectoryUser> findAll(Collection<String> names) {
        Map<String, DirectoryUser> found = new HashMap<>();
        List<String> distinct = names.stream().map(String::strip).distinct().toList();
        for (int from = 0; from < distinct.size(); from += NAMES_PER_SEARCH) {
            List<String> some = distinct.subList(from, Math.min(distinct.size(), from + NAMES_PER_SEARCH));
            find(some).forEach((name, user) -> found.put(DirectoryUser.key(name), user));
        }
        return found;
    }

    /** The users these names (stripped, each once) name, by name. */
    private Map<String, DirectoryUser> find(List<String> names) {
        DomainFacts facts = domain();
        Filter users = Filter.createANDFilter(Filter.createEqualityFilter("objectCategory", "person"),
                Filter.createEqualityFilter("objectClass", "user"),
                Filter.createORFilter(names.stream().map(ActiveDirectory::byName).toList()));
        List<SearchResultEntry> entries = search(facts.base(), users, "userPrincipalName", "sAMAccountName",
                "displayName", "givenName", "sn", "mail", this.alternateAttribute, "preferredLanguage",
                "userAccountControl", COMPUTED_CONTROL, "accountExpires", "adminCount", "pwdLastSet");
        Map<String, Set<AdminRole>> groups = new HashMap<>();
        facts.adminGroups().forEach((role, group) -> search(facts.base(), Filter.createANDFilter(users,
                Filter.createExtensibleMatchFilter("memberOf", IN_CHAIN, false, group)), "1.1")
            .forEach((member) -> groups.computeIfAbsent(member.getDN(), (dn) -> EnumSet.noneOf(AdminRole.class))
                .add(role)));
        Map<String, DirectoryUser> found = new HashMap<>();
        for (String name : names) {
            entries.stream().filter((entry) -> answers(entry, name)).findFirst()
                .ifPresent((entry) -> found.put(name, user(entry, groups.getOrDefault(entry.getDN(), Set.of()))));
        }
        return found;
    }

    /**
     * One modify a user, in order: {@code unicodePwd} replaced and {@code pwdLastSet} 0, and for a
     * user locked out when looked up {@code lockoutTime} 0, as "Unlock the user's account" in the
     * domain's own reset dialog: a password told to a locked-out user would not let them in. Once
     * the server stops answering (a modify without its answer, or no connection to send it on), the
     * rest are not tried: each is reported unreachable, the users reset before keep their results, and
     * the one whose answer was lost may be reset or not, which the same command repairs.
     */
    @Override
    public List<ResetResult> resetPasswords(List<PasswordReset> resets) {
        List<ResetResult> results = new ArrayList<>(resets.size());
        String unreachable = null;
        for (PasswordReset reset : resets) {
            if (unreachable != null) {
                results.add(ResetResult.unreachable(reset.user(), unreachable));
                continue;
            }
            byte[] quoted = ("\"" + reset.password().reveal() + "\"").getBytes(StandardCharsets.UTF_16LE);
            boolean unlock = this.lockedOut.contains(reset.user().id());
            List<Modification> changes = new ArrayList<>(List.of(
                    new Modification(ModificationType.REPLACE, "unicodePwd", quoted),
                    new Modification(ModificationType.REPLACE, "pwdLastSet", "0")));
            if (unlock) {
                changes.add(new Modification(ModificationType.REPLACE, "lockoutTime", "0"));
            }
            try {
                this.connection.bound().modify(reset.user().id(), changes);
                results.add(ResetResult.set(reset.user(), reset.password()));
            }
            catch (LDAPException ex) {
                if (!ex.getResultCode().isConnectionUsable()) {
                    unreachable = this.connection.silence("the reset of a password", ex);
                    results.add(ResetResult.unreachable(reset.user(), unreachable));
                }
                else {
                    results.add(DomainAnswers.reset(reset.user(), ex, unlock));
                }
            }
            catch (DirectoryUnavailableException ex) {
                // Connecting again failed: this user's reset was never sent, and those before keep their results.
                unreachable = (ex.getCause() instanceof LDAPException cause)
                        ? this.connection.silence("when bulk-resend connected again to reset a password", cause)
                        : ex.getMessage();
                results.add(ResetResult.unreachable(reset.user(), unreachable));
            }
            finally {
                Arrays.fill(quoted, (byte) 0);
            }
        }
        return results;
    }

    private DirectoryUser user(SearchResultEntry entry, Set<AdminRole> groups) {
        String principal = entry.getAttributeValue("userPrincipalName");
        if (principal == null) {
            principal = entry.getAttributeValue("sAMAccountName");
        }
        String mail = entry.getAttributeValue("mail");
        String own = principal;
        String alternate = Arrays.stream(values(entry, this.alternateAttribute)).map(String::strip)
            .filter((address) -> !address.isEmpty() && !address.equalsIgnoreCase(own)
                    && (mail == null || !address.equalsIgnoreCase(mail)))
            .sorted((a, b) -> Boolean.compare(!EmailAddresses.isValid(a), !EmailAddresses.isValid(b)))
            .findFirst().orElse(null);
        Set<AdminRole> roles = EnumSet.noneOf(AdminRole.class);
        roles.addAll(groups);
        if ("1".equals(entry.getAttributeValue("adminCount"))) {
            roles.add(AdminRole.PROTECTED_ACCOUNT);
        }
        long control = Optional.ofNullable(entry.getAttributeValueAsLong("userAccountControl")).orElse(0L);
        long lastSet = Optional.ofNullable(entry.getAttributeValueAsLong("pwdLastSet")).orElse(0L);
        Instant expires = fileTime(Optional.ofNullable(entry.getAttributeValueAsLong("accountExpires")).orElse(0L));
        long computed = Optional.ofNullable(entry.getAttributeValueAsLong(COMPUTED_CONTROL)).orElse(0L);
        if ((computed & LOCKED_OUT) != 0) {
            this.lockedOut.add(entry.getDN());
        }
        else {
            this.lockedOut.remove(entry.getDN());
        }
        AccountState state = ((control & ACCOUNT_DISABLED) != 0) ? AccountState.BLOCKED
                : (expires != null && !expires.isAfter(Instant.now())) ? AccountState.EXPIRED : AccountState.ACTIVE;
        return new DirectoryUser(principal, entry.getAttributeValue("displayName"), entry.getAttributeValue("givenName"),
                entry.getAttributeValue("sn"), state, roles, mail, alternate, entry.getAttributeValue("preferredLanguage"),
                lastSet == 0, fileTime(lastSet), entry.getDN());
    }

    /** A Windows FILETIME (100 ns since 1601), or null for 0 and the largest value (never, or must change). */
    static Instant fileTime(long value) {
        return (value <= 0 || value == Long.MAX_VALUE) ? null
                : Instant.ofEpochSecond(value / 10_000_000L - 11_644_473_600L, (value % 10_000_000L) * 100);
    }

    private static String[] values(SearchResultEntry entry, String attribute) {
        String[] values = entry.getAttributeValues(attribute);
        return (values != null) ? values : new String[0];
    }

    /** {@code user@domain} by its UPN; {@code DOMAIN\name} and {@code name} by sAMAccountName. */
    static Filter byName(String name) {
        int slash = name.indexOf('\\');
        if (slash >= 0) {
            return Filter.createEqualityFilter("sAMAccountName", name.substring(slash + 1));
        }
        return Filter.createEqualityFilter(name.contains("@") ? "userPrincipalName" : "sAMAccountName", name);
    }

    private static boolean answers(SearchResultEntry entry, String name) {
        int slash = name.indexOf('\\');
        String wanted = (slash >= 0) ? name.substring(slash + 1) : name;
        String attribute = (slash < 0 && name.contains("@")) ? "userPrincipalName" : "sAMAccountName";
        String value = entry.getAttributeValue(attribute);
        return value != null && value.toLowerCase(Locale.ROOT).equals(wanted.toLowerCase(Locale.ROOT));
    }

    /**
     * A search, asked once more on a new connection if the one it went on was lost: a domain
     * controller closes connections idle for its {@code MaxConnIdleTime} (15 minutes), as a run that
     * waits for mail may leave one, and a firewall may drop one silently. A look-up changes nothing,
     * so asking again is safe; a reset is never asked again this way.
     */
    private List<SearchResultEntry> search(String base, Filter filter, String... attributes) {
        try {
            return this.connection.bound().search(base, SearchScope.SUB, filter, attributes).getSearchEntries();
        }
        catch (LDAPException ex) {
            if (ex.getResultCode().isConnectionUsable()) {
                throw DomainAnswers.lookUp(this.connection, ex);
            }
        }
        this.connection.disconnect();
        try {
            return this.connection.bound().search(base, SearchScope.SUB, filter, attributes).getSearchEntries();
        }
        catch (LDAPException ex) {
            throw DomainAnswers.lookUp(this.connection, ex);
        }
    }

    /** The domain's base, policy and admin groups, read once after the bind, and the alternate attribute checked. */
    private synchronized DomainFacts domain() {
        if (this.domain == null) {
            if (this.serviceAccount != null && !this.connection.isBound()) {
                this.connection.bind(this.serviceAccount, this.serviceAccountPassword).ifPresent((refused) -> {
                    throw DomainAnswers.serviceAccountRefused(this.serviceAccount, refused);
                });
            }
            this.domain = DomainFacts.read(this.connection, this.configuredBase, this.alternateAttribute);
        }
        return this.domain;
    }

    @Override
    public void close() {
        this.connection.close();
        if (this.serviceAccountPassword != null) {
            this.serviceAccountPassword.destroy();
        }
    }
}
