package org.bulkresend.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.Modification;
import com.unboundid.ldap.sdk.ModificationType;
import com.unboundid.ldap.sdk.SearchScope;
import org.bulkresend.directory.internal.SecurityIdentifier;

/**
 * What the test domain holds, written once when it starts, as an admin of a school or company
 * would have set it up: the new hires' OU {@code Staff} whose "Reset password" and write
 * {@code pwdLastSet} are delegated to the {@code Helpdesk} group, a helpdesk operator in it, an
 * operator without any rights, a disabled account, a protected admin ({@code adminCount=1}, a
 * member of Domain Admins) among the staff, and a tier-0 operator who is a Domain Admin through a
 * nested group. The domain's policy asks for {@value #MIN_PASSWORD_LENGTH} characters and complexity.
 * Each test adds its own new hires ({@link #newHires}), so that tests sharing the domain never
 * reset each other's users.
 */
public final class DomainSeed {

    public static final String STAFF_OU = "OU=Staff," + SambaDomain.BASE_DN;

    public static final String IT_OU = "OU=IT," + SambaDomain.BASE_DN;

    /** Reset password and write pwdLastSet on {@link #STAFF_OU}, through the Helpdesk group. */
    public static final String HELPDESK = "helpdesk.operator" + SambaDomain.SUFFIX;

    public static final String HELPDESK_PASSWORD = "Helpdesk-Operator-2026!";

    /** A user with no rights on anyone. */
    public static final String INTERN = "intern" + SambaDomain.SUFFIX;

    public static final String INTERN_PASSWORD = "Intern-Summer-2026!";

    /** A member of Domain Admins through the nested group Tier0 Operators. */
    public static final String TIER0 = "tier0.operator" + SambaDomain.SUFFIX;

    public static final String TIER0_PASSWORD = "Tier0-Operator-2026!";

    /** A disabled account among the staff. */
    public static final String DISABLED = "left.company" + SambaDomain.SUFFIX;

    /** A protected account among the staff: adminCount=1 and a member of Domain Admins. */
    public static final String PROTECTED = "staff.admin" + SambaDomain.SUFFIX;

    public static final int MIN_PASSWORD_LENGTH = 10;

    /** The GUID of the "Reset Password" extended right ({@code User-Force-Change-Password}). */
    private static final String RESET_PASSWORD_RIGHT = "00299570-246d-11d0-a768-00aa006e0529";

    /** The GUID of the {@code pwdLastSet} attribute. */
    private static final String PWD_LAST_SET = "bf967a0a-0de6-11d0-a285-00aa003049e2";

    /** The GUID of the {@code user} class: the rights apply to user objects in the OU. */
    private static final String USER_CLASS = "bf967aba-0de6-11d0-a285-00aa003049e2";

    private final SambaDomain domain;

    DomainSeed(SambaDomain domain) {
        this.domain = domain;
    }

    void seed() {
        try (LDAPConnection admin = this.domain.administrator()) {
            admin.modify(SambaDomain.BASE_DN, new Modification(ModificationType.REPLACE, "minPwdLength",
                    String.valueOf(MIN_PASSWORD_LENGTH)));
            ou(admin, STAFF_OU);
            ou(admin, IT_OU);
            String helpdeskGroup = group(admin, "Helpdesk", IT_OU);
            String tier0Group = group(admin, "Tier0 Operators", IT_OU);
            String domainAdmins = "CN=Domain Admins,CN=Users," + SambaDomain.BASE_DN;
            addMember(admin, domainAdmins, tier0Group);
            addMember(admin, helpdeskGroup, user(admin, IT_OU, "helpdesk.operator", "Helpdesk Operator",
                    HELPDESK_PASSWORD, "helpdesk@home.example", false));
            user(admin, IT_OU, "intern", "Summer Intern", INTERN_PASSWORD, null, false);
            addMember(admin, tier0Group, user(admin, IT_OU, "tier0.operator", "Tier Zero", TIER0_PASSWORD,
                    "tier0@home.example", false));
            user(admin, STAFF_OU, "left.company", "Left Company", "Left-Company-2025!", "left@home.example", true);
            String staffAdmin = user(admin, STAFF_OU, "staff.admin", "Staff Admin", "Staff-Admin-2025!",
                    "staff.admin@home.example", false);
            addMember(admin, domainAdmins, staffAdmin);
            admin.modify(staffAdmin, new Modification(ModificationType.REPLACE, "adminCount", "1"));
            String helpdeskSid = SecurityIdentifier.text(admin.getEntry(helpdeskGroup, "objectSid")
                .getAttributeValueBytes("objectSid"));
            this.domain.sambaTool("dsacl", "set", "--objectdn=" + STAFF_OU, "--sddl=(OA;CI;CR;" + RESET_PASSWORD_RIGHT
                    + ";" + USER_CLASS + ";" + helpdeskSid + ")(OA;CI;WP;" + PWD_LAST_SET + ";" + USER_CLASS + ";"
                    + helpdeskSid + ")");
        }
        catch (LDAPException ex) {
            throw new IllegalStateException("seeding the test domain failed: " + ex.getExceptionMessage(), ex);
        }
    }

    /**
     * Adds {@code count} new hires to {@link #STAFF_OU}, named {@code prefix1} ... with the UPN
     * {@code prefix1@contoso.test}, the alternate address {@code prefix1@home.example} in
     * {@code otherMailbox}, a password nobody knows and no forced change; returns their UPNs.
     */
    public static List<String> newHires(SambaDomain domain, String prefix, int count) {
        List<String> names = new ArrayList<>();
        try (LDAPConnection admin = domain.administrator()) {
            for (int i = 1; i <= count; i++) {
                String name = prefix + i;
                user(admin, STAFF_OU, name, "New Hire " + name, "Unknown-Start-" + name + "-2026!",
                        name + "@home.example", false);
                names.add(name + SambaDomain.SUFFIX);
            }
        }
        catch (LDAPException ex) {
            throw new IllegalStateException("adding new hires to the test domain failed: " + ex.getExceptionMessage(), ex);
        }
        return names;
    }

    /** The user's {@code pwdLastSet}, as the domain holds it (0: must change at next sign-in). */
    public static long pwdLastSet(SambaDomain domain, String userPrincipalName) {
        try (LDAPConnection admin = domain.administrator()) {
            return admin.searchForEntry(SambaDomain.BASE_DN, SearchScope.SUB,
                    "(userPrincipalName=" + userPrincipalName + ")", "pwdLastSet").getAttributeValueAsLong("pwdLastSet");
        }
        catch (LDAPException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * The user replaces their password as Windows does when they sign in with one they must change:
     * the change operation (the old password deleted, the new one added, in one modify), which the
     * domain allows anyone who knows the old one; {@code pwdLastSet} becomes now.
     */
    public static void userChangesPassword(SambaDomain domain, String userPrincipalName, String oldPassword,
            String newPassword) {
        try (LDAPConnection admin = domain.administrator()) {
            String dn = admin.searchForEntry(SambaDomain.BASE_DN, SearchScope.SUB,
                    "(userPrincipalName=" + userPrincipalName + ")", "1.1").getDN();
            admin.modify(dn, new Modification(ModificationType.DELETE, "unicodePwd", quoted(oldPassword)),
                    new Modification(ModificationType.ADD, "unicodePwd", quoted(newPassword)));
        }
        catch (LDAPException ex) {
            throw new IllegalStateException(userPrincipalName + " could not change their password: "
                    + ex.getExceptionMessage(), ex);
        }
    }

    /** Sets the user's {@code accountExpires}: from then on no password lets them sign in. */
    public static void accountExpires(SambaDomain domain, String userPrincipalName, Instant when) {
        long fileTime = (when.getEpochSecond() + 11_644_473_600L) * 10_000_000L + when.getNano() / 100;
        try (LDAPConnection admin = domain.administrator()) {
            String dn = admin.searchForEntry(SambaDomain.BASE_DN, SearchScope.SUB,
                    "(userPrincipalName=" + userPrincipalName + ")", "1.1").getDN();
            admin.modify(dn, new Modification(ModificationType.REPLACE, "accountExpires", String.valueOf(fileTime)));
        }
        catch (LDAPException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Sets the domain's account lockout threshold: after this many wrong passwords an account is
     * locked out (for 30 minutes, the domain's default); 0, the seed's, never locks anyone out.
     */
    public static void lockoutThreshold(SambaDomain domain, int wrongPasswords) {
        try (LDAPConnection admin = domain.administrator()) {
            admin.modify(SambaDomain.BASE_DN, new Modification(ModificationType.REPLACE, "lockoutThreshold",
                    String.valueOf(wrongPasswords)));
        }
        catch (LDAPException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Binds as the user with wrong passwords until the domain says the account is locked out ({@code data 775}). */
    public static void lockOut(SambaDomain domain, String userPrincipalName) {
        for (int attempt = 0; attempt < 20; attempt++) {
            if (String.valueOf(domain.bindAnswer(userPrincipalName, "Wrong-Guess-" + attempt)).contains("data 775")) {
                return;
            }
        }
        throw new IllegalStateException(userPrincipalName + " was not locked out after 20 wrong passwords: set "
                + "lockoutThreshold first");
    }

    private static byte[] quoted(String password) {
        return ("\"" + password + "\"").getBytes(StandardCharsets.UTF_16LE);
    }

    private static void ou(LDAPConnection admin, String dn) throws LDAPException {
        admin.add(dn, new Attribute("objectClass", "organizationalUnit"));
    }

    private static String group(LDAPConnection admin, String name, String ou) throws LDAPException {
        String dn = "CN=" + name + "," + ou;
        admin.add(dn, new Attribute("objectClass", "group"), new Attribute("sAMAccountName", name.replace(' ', '_')));
        return dn;
    }

    private static void addMember(LDAPConnection admin, String group, String member) throws LDAPException {
        admin.modify(group, new Modification(ModificationType.ADD, "member", member));
    }

    private static String user(LDAPConnection admin, String ou, String name, String displayName, String password,
            String alternate, boolean disabled) throws LDAPException {
        String dn = "CN=" + displayName + "," + ou;
        String[] names = displayName.split(" ", 2);
        List<Attribute> attributes = new ArrayList<>(List.of(new Attribute("objectClass", "user"),
                new Attribute("sAMAccountName", name), new Attribute("userPrincipalName", name + SambaDomain.SUFFIX),
                new Attribute("displayName", displayName), new Attribute("givenName", names[0]),
                new Attribute("sn", names[names.length - 1]), new Attribute("mail", name + SambaDomain.SUFFIX),
                new Attribute("preferredLanguage", "en-US"),
                new Attribute("unicodePwd", quoted(password)),
                new Attribute("userAccountControl", disabled ? "514" : "512")));
        if (alternate != null) {
            attributes.add(new Attribute("otherMailbox", alternate));
        }
        admin.add(dn, attributes);
        return dn;
    }
}
