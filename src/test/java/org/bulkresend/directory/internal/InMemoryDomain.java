package org.bulkresend.directory.internal;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.ldap.listener.interceptor.InMemoryInterceptedModifyRequest;
import com.unboundid.ldap.listener.interceptor.InMemoryOperationInterceptor;
import com.unboundid.ldap.sdk.Attribute;
import com.unboundid.ldap.sdk.LDAPException;
import com.unboundid.ldap.sdk.ResultCode;
import org.bulkresend.password.Secret;
import org.bulkresend.support.TestCertificateAuthority;

/**
 * An UnboundID in-memory LDAP server shaped like the part of an Active Directory domain that
 * {@link ActiveDirectory} reads, for unit tests of the mapping code only (the whole command runs
 * against the Samba domain controller): the root entry's naming contexts, the domain object with its
 * password policy, the schema's definitions of the alternate address attributes, and users added by
 * each test. It answers LDAPS on {@code 127.0.0.1} with a certificate from the tests' own authority,
 * and a modify of a user can be made to fail with the answer a test names ({@link #refuseModify}).
 * No schema is enforced, as {@code objectCategory=person} is matched literally.
 */
final class InMemoryDomain implements AutoCloseable {

    static final String BASE = "DC=contoso,DC=test";

    static final String SCHEMA = "CN=Schema,CN=Configuration," + BASE;

    static final String STAFF = "OU=Staff," + BASE;

    static final String OPERATOR = "CN=Helpdesk Operator,OU=IT," + BASE;

    static final String OPERATOR_PASSWORD = "Helpdesk-Operator-2026!";

    static final int MIN_PASSWORD_LENGTH = 12;

    private final InMemoryDirectoryServer server;

    private final Map<String, LDAPException> refusals = new ConcurrentHashMap<>();

    private final List<String> modified = new CopyOnWriteArrayList<>();

    InMemoryDomain() throws Exception {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        config.setSchema(null);
        config.addAdditionalBindCredentials(OPERATOR, OPERATOR_PASSWORD);
        config.setCustomRootDSEAttributes(List.of(new Attribute("defaultNamingContext", BASE),
                new Attribute("rootDomainNamingContext", BASE), new Attribute("schemaNamingContext", SCHEMA)));
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPSConfig("ldaps", InetAddress.getByName("127.0.0.1"),
                0, TestCertificateAuthority.serverContext().getServerSocketFactory(), null));
        config.addInMemoryOperationInterceptor(new InMemoryOperationInterceptor() {
            @Override
            public void processModifyRequest(InMemoryInterceptedModifyRequest request) throws LDAPException {
                String dn = request.getRequest().getDN();
                InMemoryDomain.this.modified.add(dn);
                LDAPException refusal = InMemoryDomain.this.refusals.remove(dn.toLowerCase(java.util.Locale.ROOT));
                if (refusal != null) {
                    throw refusal;
                }
            }
        });
        this.server = new InMemoryDirectoryServer(config);
        this.server.add(BASE, new Attribute("objectClass", "domain"), new Attribute("dc", "contoso"),
                new Attribute("minPwdLength", String.valueOf(MIN_PASSWORD_LENGTH)), new Attribute("pwdProperties", "1"));
        this.server.add("CN=Configuration," + BASE, new Attribute("objectClass", "container"));
        this.server.add(SCHEMA, new Attribute("objectClass", "dMD"));
        for (String attribute : List.of("otherMailbox", "msDS-cloudExtensionAttribute1")) {
            this.server.add("CN=" + attribute + "," + SCHEMA, new Attribute("objectClass", "attributeSchema"),
                    new Attribute("lDAPDisplayName", attribute));
        }
        this.server.add(STAFF, new Attribute("objectClass", "organizationalUnit"));
        this.server.startListening();
    }

    /**
     * Adds a user to {@link #STAFF} with the UPN {@code name@contoso.test}, the sAMAccountName
     * {@code name}, the alternate address {@code name@home.example} in {@code otherMailbox}, and
     * these attributes besides; returns its DN.
     */
    String user(String name, Attribute... more) throws LDAPException {
        String dn = "CN=" + name + "," + STAFF;
        List<Attribute> attributes = new java.util.ArrayList<>(List.of(new Attribute("objectClass", "user"),
                new Attribute("objectCategory", "person"), new Attribute("sAMAccountName", name),
                new Attribute("userPrincipalName", name + "@contoso.test"), new Attribute("displayName", "New Hire " + name),
                new Attribute("mail", name + "@contoso.test"), new Attribute("otherMailbox", name + "@home.example")));
        attributes.addAll(List.of(more));
        this.server.add(dn, attributes);
        return dn;
    }

    /** The next modify of this entry is answered with this result code and diagnostic message. */
    void refuseModify(String dn, ResultCode code, String diagnostic) {
        this.refusals.put(dn.toLowerCase(java.util.Locale.ROOT), new LDAPException(code, diagnostic));
    }

    /** The DNs of the entries a modify was asked for, in order, refused or not. */
    List<String> modified() {
        return List.copyOf(this.modified);
    }

    String ldapsUrl() {
        return "ldaps://127.0.0.1:" + this.server.getListenPort();
    }

    /** A connection to this server over LDAPS, trusting the tests' authority. */
    DomainConnection connection() {
        return new DomainConnection(URI.create(ldapsUrl()), false, TestCertificateAuthority.clientContext(),
                TestCertificateAuthority.caFile(), Duration.ofSeconds(30));
    }

    /** The plug-in on this server, with this alternate address attribute, the operator bound. */
    ActiveDirectory boundAsOperator(String alternateAttribute) {
        ActiveDirectory directory = new ActiveDirectory(connection(), null, alternateAttribute, null, null);
        if (directory.bind(OPERATOR, Secret.of(OPERATOR_PASSWORD)).isPresent()) {
            throw new IllegalStateException("the in-memory domain refused the operator's bind");
        }
        return directory;
    }

    @Override
    public void close() {
        this.server.shutDown(true);
    }
}
