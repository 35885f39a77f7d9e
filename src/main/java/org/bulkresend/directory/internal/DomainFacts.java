package org.bulkresend.directory.internal;

import java.util.EnumMap;
import java.util.Map;

import com.unboundid.ldap.sdk.Filter;
import com.unboundid.ldap.sdk.LDAPConnection;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.RootDSE;
import com.unboundid.ldap.sdk.SearchResultEntry;
import com.unboundid.ldap.sdk.SearchScope;
import org.bulkresend.directory.AdminRole;
import org.bulkresend.directory.DirectoryRefusedException;

/**
 * What bulk-resend reads of the domain once, after the bind: where users are looked up, its password
 * policy ({@code minPwdLength}, and complexity from {@code pwdProperties}) from the domain object,
 * and the distinguished names of Domain Admins (the domain's SID and 512) and Enterprise Admins (the
 * forest root domain's SID and 519), found by their SIDs since either may be renamed or moved. The
 * alternate address's attribute must be one the domain's schema defines: a name it does not know would
 * leave every user without an address, so it stops the run before anything changes.
 *
 * @param adminGroups the groups whose members, direct or nested, may reset protected accounts
 */
record DomainFacts(String base, int minPasswordLength, boolean complexity, Map<AdminRole, String> adminGroups) {

    /** {@code DOMAIN_PASSWORD_COMPLEX} in {@code pwdProperties}. */
    static final int COMPLEX = 0x1;

    static DomainFacts read(DomainConnection connection, String configuredBase, String alternateAttribute) {
        LDAPConnection bound = connection.bound();
        try {
            RootDSE root = bound.getRootDSE();
            String domainDn = root.getAttributeValue("defaultNamingContext");
            String forestDn = root.getAttributeValue("rootDomainNamingContext");
            String base = (configuredBase != null && !configuredBase.isBlank()) ? configuredBase.strip() : domainDn;
            requireInSchema(bound, root.getAttributeValue("schemaNamingContext"), alternateAttribute);
            SearchResultEntry domain = bound.getEntry(domainDn, "minPwdLength", "pwdProperties", "objectSid");
            SearchResultEntry forest = (forestDn != null && !forestDn.equalsIgnoreCase(domainDn))
                    ? bound.getEntry(forestDn, "objectSid") : domain;
            Map<AdminRole, String> groups = new EnumMap<>(AdminRole.class);
            group(bound, domainDn, domain, 512).ifPresent((dn) -> groups.put(AdminRole.DOMAIN_ADMINS, dn));
            group(bound, (forest == domain) ? domainDn : forestDn, forest, 519)
                .ifPresent((dn) -> groups.put(AdminRole.ENTERPRISE_ADMINS, dn));
            Integer length = domain.getAttributeValueAsInteger("minPwdLength");
            Integer properties = domain.getAttributeValueAsInteger("pwdProperties");
            return new DomainFacts(base, (length != null) ? length : 0,
                    properties != null && (properties & COMPLEX) != 0, groups);
        }
        catch (LDAPException ex) {
            throw DomainAnswers.lookUp(connection, ex);
        }
    }

    /** The schema's definition of the attribute, by the name an LDAP client uses; any case, as Active Directory. */
    private static void requireInSchema(LDAPConnection bound, String schemaDn, String attribute) throws LDAPException {
        if (schemaDn == null) {
            return;
        }
        SearchResultEntry defined = bound.searchForEntry(schemaDn, SearchScope.ONE, Filter.createANDFilter(
                Filter.createEqualityFilter("objectClass", "attributeSchema"),
                Filter.createEqualityFilter("lDAPDisplayName", attribute)), "1.1");
        if (defined == null) {
            throw new DirectoryRefusedException("--alternate-address-attribute " + attribute + ": the domain's schema "
                    + "has no such attribute, so no user would have an address in it. Name one it has, such as "
                    + "otherMailbox (the default) or msDS-cloudExtensionAttribute1 (extensionAttribute1 to 15 exist "
                    + "only where Exchange's schema was added). Nothing was changed.");
        }
    }

    private static java.util.Optional<String> group(LDAPConnection bound, String base, SearchResultEntry domain, int rid)
            throws LDAPException {
        byte[] sid = (domain != null) ? domain.getAttributeValueBytes("objectSid") : null;
        if (sid == null) {
            return java.util.Optional.empty();
        }
        SearchResultEntry group = bound.searchForEntry(base, SearchScope.SUB,
                Filter.createEqualityFilter("objectSid", SecurityIdentifier.text(sid) + "-" + rid), "1.1");
        return java.util.Optional.ofNullable(group).map(SearchResultEntry::getDN);
    }
}
